package dev.reprise.wasm;

/** An imported function, given by the index of its type. */
public record FuncImportType(int typeIndex) implements ExternType {
    @Override
    public ExternalKind kind() {
        return ExternalKind.FUNCTION;
    }
}
