package dev.reprise.wasm;

/** The kinds of things a module imports and exports, with their binary codes. */
public enum ExternalKind {
    FUNCTION(0, "func"), TABLE(1, "table"), MEMORY(2, "memory"), GLOBAL(3, "global"), TAG(4, "tag");

    private final int code;
    private final String text;

    ExternalKind(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** The kind for a binary code, or null. */
    public static ExternalKind of(int code) {
        return code >= 0 && code < 5 ? values()[code] : null;
    }
}
