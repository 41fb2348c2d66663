package dev.reprise.wasm;

/** A table's element type and limits. */
public record TableType(ValType elementType, Limits limits) implements ExternType {
    @Override
    public ExternalKind kind() {
        return ExternalKind.TABLE;
    }
}
