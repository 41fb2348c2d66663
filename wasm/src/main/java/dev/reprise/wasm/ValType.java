package dev.reprise.wasm;

/**
 * A value type (or a packed storage type of a GC field). {@code code} is the leading type byte:
 * 0x7F i32, 0x7E i64, 0x7D f32, 0x7C f64, 0x7B v128, 0x78 i8 and 0x77 i16 (packed), 0x63 a
 * nullable reference, 0x64 a non-nullable reference; for references {@code heapType} is a
 * {@link HeapType}. Common types are shared constants, so decoding allocates nothing for them.
 */
public record ValType(int code, int heapType) {
    public static final int I32_CODE = 0x7F;
    public static final int I64_CODE = 0x7E;
    public static final int F32_CODE = 0x7D;
    public static final int F64_CODE = 0x7C;
    public static final int V128_CODE = 0x7B;
    public static final int I8_CODE = 0x78;
    public static final int I16_CODE = 0x77;
    public static final int REF_NULL_CODE = 0x63;
    public static final int REF_CODE = 0x64;

    public static final ValType I32 = new ValType(I32_CODE, 0);
    public static final ValType I64 = new ValType(I64_CODE, 0);
    public static final ValType F32 = new ValType(F32_CODE, 0);
    public static final ValType F64 = new ValType(F64_CODE, 0);
    public static final ValType V128 = new ValType(V128_CODE, 0);
    public static final ValType I8 = new ValType(I8_CODE, 0);
    public static final ValType I16 = new ValType(I16_CODE, 0);
    public static final ValType FUNCREF = new ValType(REF_NULL_CODE, HeapType.FUNC);
    public static final ValType EXTERNREF = new ValType(REF_NULL_CODE, HeapType.EXTERN);
    public static final ValType EXNREF = new ValType(REF_NULL_CODE, HeapType.EXN);

    private static final ValType[] NULLABLE_ABSTRACT = new ValType[32];
    private static final ValType[] NON_NULL_ABSTRACT = new ValType[32];

    static {
        for (int b = 0x69; b <= 0x74; b++) {
            int ht = b - 0x80;
            if (HeapType.name(ht) != null) {
                NULLABLE_ABSTRACT[b - 0x60] = new ValType(REF_NULL_CODE, ht);
                NON_NULL_ABSTRACT[b - 0x60] = new ValType(REF_CODE, ht);
            }
        }
        NULLABLE_ABSTRACT[0x70 - 0x60] = FUNCREF;
        NULLABLE_ABSTRACT[0x6F - 0x60] = EXTERNREF;
        NULLABLE_ABSTRACT[0x69 - 0x60] = EXNREF;
    }

    /** The shared constant for a numeric, vector or packed type byte, or null when the byte is none of those. */
    public static ValType ofNumeric(int code) {
        switch (code) {
            case I32_CODE: return I32;
            case I64_CODE: return I64;
            case F32_CODE: return F32;
            case F64_CODE: return F64;
            case V128_CODE: return V128;
            case I8_CODE: return I8;
            case I16_CODE: return I16;
            default: return null;
        }
    }

    /** A reference type; shared constants for abstract heap types. */
    public static ValType ref(boolean nullable, int heapType) {
        if (heapType < 0 && heapType + 0x80 >= 0x60 && heapType + 0x80 < 0x80) {
            ValType shared = (nullable ? NULLABLE_ABSTRACT : NON_NULL_ABSTRACT)[heapType + 0x80 - 0x60];
            if (shared != null) {
                return shared;
            }
        }
        return new ValType(nullable ? REF_NULL_CODE : REF_CODE, heapType);
    }

    public boolean isReference() {
        return code == REF_NULL_CODE || code == REF_CODE;
    }

    public boolean isNullable() {
        return code == REF_NULL_CODE;
    }

    public boolean isPacked() {
        return code == I8_CODE || code == I16_CODE;
    }

    /** Text form, e.g. {@code i32}, {@code funcref}, {@code (ref null 3)}. */
    @Override
    public String toString() {
        switch (code) {
            case I32_CODE: return "i32";
            case I64_CODE: return "i64";
            case F32_CODE: return "f32";
            case F64_CODE: return "f64";
            case V128_CODE: return "v128";
            case I8_CODE: return "i8";
            case I16_CODE: return "i16";
            default:
                if (code == REF_NULL_CODE && heapType < 0) {
                    return HeapType.name(heapType) + "ref";
                }
                return "(ref " + (code == REF_NULL_CODE ? "null " : "") + HeapType.toString(heapType) + ")";
        }
    }
}
