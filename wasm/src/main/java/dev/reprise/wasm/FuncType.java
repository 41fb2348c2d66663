package dev.reprise.wasm;

import java.util.List;
import java.util.stream.Collectors;

/** A function type {@code [params] -> [results]}. */
public record FuncType(List<ValType> params, List<ValType> results) implements CompositeType {
    public FuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    public static FuncType of(List<ValType> params, List<ValType> results) {
        return new FuncType(params, results);
    }

    @Override
    public String toString() {
        return "(func" + list(" (param", params) + list(" (result", results) + ")";
    }

    private static String list(String head, List<ValType> types) {
        return types.isEmpty() ? "" : types.stream().map(String::valueOf).collect(Collectors.joining(" ", head + " ", ")"));
    }
}
