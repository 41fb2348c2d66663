package dev.reprise.wasm;

/** Base of every exception reprise raises about a WebAssembly module. */
public class WasmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WasmException(String message) {
        super(message);
    }

    public WasmException(String message, Throwable cause) {
        super(message, cause);
    }
}
