package dev.reprise.wasm;

/** A struct field or array element: a storage type (a value type or packed i8/i16) and mutability. */
public record FieldType(ValType storage, boolean mutable) {
    @Override
    public String toString() {
        return mutable ? "(mut " + storage + ")" : storage.toString();
    }
}
