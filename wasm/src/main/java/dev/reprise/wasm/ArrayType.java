package dev.reprise.wasm;

/** A GC array type. */
public record ArrayType(FieldType element) implements CompositeType {
    @Override
    public String toString() {
        return "(array " + element + ")";
    }
}
