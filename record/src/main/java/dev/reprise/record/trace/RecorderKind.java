package dev.reprise.record.trace;

/** Which recorder produced a trace, each with its stable name. */
public enum RecorderKind {
    /** reprise's runtime running a WASI program. */
    WASI("wasi"),
    /** A Java program embedding the module through the Java recording API. */
    JAVA("java"),
    /** The JavaScript recorder runtime under node or a browser. */
    JS("js"),
    /** Imported from a Wasm-R3 text trace. */
    WASM_R3_IMPORT("wasm-r3-import");

    private final String id;

    RecorderKind(String id) {
        this.id = id;
    }

    /** The stable name written in traces. */
    public String id() {
        return id;
    }

    /** The recorder with this name, or {@code null}. */
    public static RecorderKind ofId(String id) {
        for (RecorderKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return id;
    }
}
