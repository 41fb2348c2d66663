package dev.reprise.record.trace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link SignatureLookup} filled by hand through its {@link Builder}: for tests and small tools. */
public final class MapSignatureLookup implements SignatureLookup {
    private record Func(List<ValType> params, List<ValType> results, String module, String name, String export) {
    }

    private final Map<Integer, Func> funcs;
    private final Map<Integer, ValType> globals;
    private final Map<Integer, Long> memories;
    private final Map<Integer, Long> tables;

    private MapSignatureLookup(Builder b) {
        funcs = Map.copyOf(b.funcs);
        globals = Map.copyOf(b.globals);
        memories = Map.copyOf(b.memories);
        tables = Map.copyOf(b.tables);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<ValType> params(int funcIndex) {
        Func f = funcs.get(funcIndex);
        return f == null ? null : f.params;
    }

    @Override
    public List<ValType> results(int funcIndex) {
        Func f = funcs.get(funcIndex);
        return f == null ? null : f.results;
    }

    @Override
    public ValType globalType(int globalIndex) {
        return globals.get(globalIndex);
    }

    @Override
    public long memoryPages(int memIndex) {
        return memories.getOrDefault(memIndex, -1L);
    }

    @Override
    public long tableSize(int tableIndex) {
        return tables.getOrDefault(tableIndex, -1L);
    }

    @Override
    public String importModule(int funcIndex) {
        Func f = funcs.get(funcIndex);
        return f == null ? "" : f.module;
    }

    @Override
    public String importName(int funcIndex) {
        Func f = funcs.get(funcIndex);
        return f == null ? "" : f.name;
    }

    @Override
    public String exportName(int funcIndex) {
        Func f = funcs.get(funcIndex);
        return f == null ? "" : f.export;
    }

    /** Collects signatures, types and sizes. */
    public static final class Builder {
        private final Map<Integer, Func> funcs = new HashMap<>();
        private final Map<Integer, ValType> globals = new HashMap<>();
        private final Map<Integer, Long> memories = new HashMap<>();
        private final Map<Integer, Long> tables = new HashMap<>();

        private Builder() {
        }

        /** A defined function's signature. */
        public Builder function(int index, List<ValType> params, List<ValType> results) {
            return function(index, params, results, "", "", "");
        }

        /** A function's signature with its import module and name (empty when defined) and an export name. */
        public Builder function(int index, List<ValType> params, List<ValType> results, String importModule,
                String importName, String exportName) {
            funcs.put(index, new Func(List.copyOf(params), List.copyOf(results), importModule, importName, exportName));
            return this;
        }

        /** A global's type. */
        public Builder global(int index, ValType type) {
            globals.put(index, type);
            return this;
        }

        /** A memory's initial size in pages. */
        public Builder memory(int index, long pages) {
            memories.put(index, pages);
            return this;
        }

        /** A table's initial size. */
        public Builder table(int index, long size) {
            tables.put(index, size);
            return this;
        }

        /** The lookup. */
        public MapSignatureLookup build() {
            return new MapSignatureLookup(this);
        }
    }
}
