package dev.reprise.wasm;

/**
 * Heap types as plain ints: a non-negative value is a type index, a negative value is an
 * abstract heap type given by its s33 encoding (the type byte minus 0x80, e.g. {@code func} is
 * 0x70, stored as -0x10).
 */
public final class HeapType {
    public static final int FUNC = 0x70 - 0x80;
    public static final int EXTERN = 0x6F - 0x80;
    public static final int ANY = 0x6E - 0x80;
    public static final int EQ = 0x6D - 0x80;
    public static final int I31 = 0x6C - 0x80;
    public static final int STRUCT = 0x6B - 0x80;
    public static final int ARRAY = 0x6A - 0x80;
    public static final int EXN = 0x69 - 0x80;
    public static final int NOEXN = 0x74 - 0x80;
    public static final int NOFUNC = 0x73 - 0x80;
    public static final int NOEXTERN = 0x72 - 0x80;
    public static final int NONE = 0x71 - 0x80;

    private HeapType() {
    }

    /** True for the abstract heap types reprise knows. */
    public static boolean isAbstract(int heapType) {
        return heapType < 0 && name(heapType) != null;
    }

    /** The text-format name of an abstract heap type, or null. */
    public static String name(int heapType) {
        switch (heapType + 0x80) {
            case 0x70: return "func";
            case 0x6F: return "extern";
            case 0x6E: return "any";
            case 0x6D: return "eq";
            case 0x6C: return "i31";
            case 0x6B: return "struct";
            case 0x6A: return "array";
            case 0x69: return "exn";
            case 0x74: return "noexn";
            case 0x73: return "nofunc";
            case 0x72: return "noextern";
            case 0x71: return "none";
            default: return null;
        }
    }

    /** Text form: the abstract name or the type index. */
    public static String toString(int heapType) {
        return heapType >= 0 ? Integer.toString(heapType) : name(heapType);
    }
}
