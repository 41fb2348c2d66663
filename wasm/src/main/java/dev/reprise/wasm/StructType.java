package dev.reprise.wasm;

import java.util.List;

/** A GC struct type. */
public record StructType(List<FieldType> fields) implements CompositeType {
    public StructType {
        fields = List.copyOf(fields);
    }

    @Override
    public String toString() {
        return "(struct " + fields + ")";
    }
}
