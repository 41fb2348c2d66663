package dev.reprise.wasm;

/** Section ids of the binary format, in the order sections must appear (custom sections aside). */
public enum SectionId {
    CUSTOM(0), TYPE(1), IMPORT(2), FUNCTION(3), TABLE(4), MEMORY(5), TAG(13), GLOBAL(6), EXPORT(7), START(8),
    ELEMENT(9), DATA_COUNT(12), CODE(10), DATA(11);

    private static final SectionId[] BY_ID = new SectionId[14];

    static {
        for (SectionId s : values()) {
            BY_ID[s.id] = s;
        }
    }

    private final int id;

    SectionId(int id) {
        this.id = id;
    }

    /** The byte that identifies the section. */
    public int id() {
        return id;
    }

    /** The section for an id byte, or null when unknown. */
    public static SectionId of(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
