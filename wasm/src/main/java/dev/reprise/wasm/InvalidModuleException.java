package dev.reprise.wasm;

/** The module is well-formed but a pass or the writer found it inconsistent (e.g. an index out of range). */
public final class InvalidModuleException extends WasmException {
    private static final long serialVersionUID = 1L;

    public InvalidModuleException(String message) {
        super(message);
    }
}
