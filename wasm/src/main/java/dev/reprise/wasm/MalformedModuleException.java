package dev.reprise.wasm;

/**
 * The binary is not a well-formed WebAssembly module. The message uses the wording of the
 * specification's test suite (e.g. "unexpected end", "integer too large") and ends with
 * {@code (at offset 0x...)}.
 */
public final class MalformedModuleException extends WasmException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final long offset;

    public MalformedModuleException(String reason, long offset) {
        super(reason + " (at offset 0x" + Long.toHexString(offset) + ")");
        this.reason = reason;
        this.offset = offset;
    }

    /** The reason without the offset, e.g. {@code "unexpected end"}. */
    public String reason() {
        return reason;
    }

    /** Byte offset in the module where the problem was found. */
    public long offset() {
        return offset;
    }
}
