package dev.reprise.wasm;

/** A global's value type and mutability. */
public record GlobalType(ValType type, boolean mutable) implements ExternType {
    @Override
    public ExternalKind kind() {
        return ExternalKind.GLOBAL;
    }
}
