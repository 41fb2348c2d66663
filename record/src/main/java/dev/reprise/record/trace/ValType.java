package dev.reprise.record.trace;

/** The WebAssembly value types a trace can carry, each with its stable one-byte code in the binary format. */
public enum ValType {
    I32(0x7f, "i32"),
    I64(0x7e, "i64"),
    F32(0x7d, "f32"),
    F64(0x7c, "f64"),
    V128(0x7b, "v128"),
    FUNCREF(0x70, "funcref"),
    EXTERNREF(0x6f, "externref");

    private static final ValType[] BY_CODE = new ValType[128];

    static {
        for (ValType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String text;

    ValType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The type's code, the same byte the WebAssembly binary format uses. */
    public int code() {
        return code;
    }

    /** The type's name in the text format ({@code i32}, {@code funcref}, ...). */
    public String text() {
        return text;
    }

    /** Whether values of this type are references (index or null). */
    public boolean isReference() {
        return this == FUNCREF || this == EXTERNREF;
    }

    /** The type with this code, or {@code null} when no type has it. */
    public static ValType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The type with this text name, or {@code null}; accepts {@code anyfunc} for funcref. */
    public static ValType ofText(String text) {
        for (ValType t : values()) {
            if (t.text.equals(text)) {
                return t;
            }
        }
        return "anyfunc".equals(text) ? FUNCREF : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
