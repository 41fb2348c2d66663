package dev.reprise.runtime;

/** The bytes are not a valid WebAssembly module (malformed or invalid). */
public final class MalformedModuleException extends SandboxException {
    private static final long serialVersionUID = 1L;

    public MalformedModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
