package dev.reprise.record.trace;

/** The kinds of trace events, each with its stable tag (binary format) and name (JSON Lines). */
public enum EventKind {
    EXPORT_CALL(1, "export_call"),
    EXPORT_RETURN(2, "export_return"),
    IMPORT_CALL(3, "import_call"),
    IMPORT_RETURN(4, "import_return"),
    HOST_READ(5, "host_read"),
    MEMORY_GROW(6, "memory_grow"),
    TABLE_GROW(7, "table_grow"),
    TABLE_SET(8, "table_set"),
    GLOBAL_CHANGE(9, "global_change"),
    THREAD_SPAWN(10, "thread_spawn"),
    SCHEDULER_DECISION(11, "scheduler_decision"),
    OUTPUT_DIGEST(12, "output_digest"),
    MEMORY_DIGEST(13, "memory_digest"),
    HOST_WRITE(14, "host_write"),
    UNWIND(15, "unwind"),
    HOST_FUNCTION(16, "host_function");

    private static final EventKind[] BY_TAG = new EventKind[17];

    static {
        for (EventKind k : values()) {
            BY_TAG[k.tag] = k;
        }
    }

    private final int tag;
    private final String jsonName;

    EventKind(int tag, String jsonName) {
        this.tag = tag;
        this.jsonName = jsonName;
    }

    /** The tag byte of this kind in the binary format (1..16). */
    public int tag() {
        return tag;
    }

    /** The value of the {@code "ev"} field in JSON Lines. */
    public String jsonName() {
        return jsonName;
    }

    /** The kind with this tag, or {@code null}. */
    public static EventKind ofTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }

    /** The kind with this JSON name, or {@code null}. */
    public static EventKind ofJsonName(String name) {
        for (EventKind k : values()) {
            if (k.jsonName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
