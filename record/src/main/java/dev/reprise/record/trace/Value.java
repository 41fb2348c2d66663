package dev.reprise.record.trace;

/**
 * A typed WebAssembly value, kept bit-exact.
 *
 * <p>{@code lo} holds the payload: i32 and f32 bits sign-extended from 32 bits, i64 and f64 bits
 * as they are (NaN payloads included), the low 64 bits of a v128, or a reference's index
 * ({@link #NULL_REF} for null). {@code hi} is the high half of a v128 and 0 for every other
 * type. Equality is bitwise, so two NaNs with different payloads differ.
 */
public record Value(ValType type, long lo, long hi) {

    /** The {@code lo} of a null reference. */
    public static final long NULL_REF = -1L;

    /** Checks that the value is in canonical form (see the class comment). */
    public Value {
        if (type == null) {
            throw new IllegalArgumentException("value without a type");
        }
        switch (type) {
            case I32:
            case F32:
                if (lo != (int) lo || hi != 0) {
                    throw new IllegalArgumentException(type + " value out of range: lo=" + lo + " hi=" + hi);
                }
                break;
            case V128:
                break;
            case FUNCREF:
            case EXTERNREF:
                if (lo < NULL_REF || lo > 0xffff_ffffL || hi != 0) {
                    throw new IllegalArgumentException(type + " index out of range: " + lo);
                }
                break;
            default:
                if (hi != 0) {
                    throw new IllegalArgumentException(type + " value with a high half: " + hi);
                }
        }
    }

    /**
     * The value of numeric type {@code type} held in an engine's raw 64-bit slot: i32 and f32 in
     * the low 32 bits, floats as IEEE bits.
     *
     * @throws IllegalArgumentException for v128 and reference types, which a slot does not hold
     */
    public static Value ofRaw(ValType type, long raw) {
        switch (type) {
            case I32: return i32((int) raw);
            case I64: return i64(raw);
            case F32: return f32Bits((int) raw);
            case F64: return f64Bits(raw);
            default: throw new IllegalArgumentException("a raw slot holds no " + type + " value");
        }
    }

    /** An i32. */
    public static Value i32(int v) {
        return new Value(ValType.I32, v, 0);
    }

    /** An i64, all 64 bits. */
    public static Value i64(long v) {
        return new Value(ValType.I64, v, 0);
    }

    /** An f32 from its raw bits (NaN payload kept). */
    public static Value f32Bits(int bits) {
        return new Value(ValType.F32, bits, 0);
    }

    /** An f64 from its raw bits (NaN payload kept). */
    public static Value f64Bits(long bits) {
        return new Value(ValType.F64, bits, 0);
    }

    /** An f32 from a Java float (its raw bits). */
    public static Value f32(float v) {
        return f32Bits(Float.floatToRawIntBits(v));
    }

    /** An f64 from a Java double (its raw bits). */
    public static Value f64(double v) {
        return f64Bits(Double.doubleToRawLongBits(v));
    }

    /** A v128 from its low and high 64 bits (little-endian lanes: byte 0 is the low byte of lo). */
    public static Value v128(long lo, long hi) {
        return new Value(ValType.V128, lo, hi);
    }

    /** A non-null funcref to a function index. */
    public static Value funcref(long index) {
        return ref(ValType.FUNCREF, index);
    }

    /** A non-null externref, identified by the recorder's host-object index. */
    public static Value externref(long index) {
        return ref(ValType.EXTERNREF, index);
    }

    /** The null reference of a reference type. */
    public static Value nullRef(ValType type) {
        if (!type.isReference()) {
            throw new IllegalArgumentException("not a reference type: " + type);
        }
        return new Value(type, NULL_REF, 0);
    }

    private static Value ref(ValType type, long index) {
        if (index < 0 || index > 0xffff_ffffL) {
            throw new IllegalArgumentException(type + " index out of range: " + index);
        }
        return new Value(type, index, 0);
    }

    /** The i32 payload (also the raw bits of an f32). */
    public int asInt() {
        return (int) lo;
    }

    /** The i64 payload (also the raw bits of an f64). */
    public long asLong() {
        return lo;
    }

    /** The f32 value. */
    public float asFloat() {
        return Float.intBitsToFloat((int) lo);
    }

    /** The f64 value. */
    public double asDouble() {
        return Double.longBitsToDouble(lo);
    }

    /** Whether this is a null reference. */
    public boolean isNull() {
        return type.isReference() && lo == NULL_REF;
    }

    @Override
    public String toString() {
        switch (type) {
            case I32:
                return "i32:" + (int) lo;
            case I64:
                return "i64:" + lo;
            case F32:
                return "f32:" + asFloat() + "(0x" + Integer.toHexString((int) lo) + ")";
            case F64:
                return "f64:" + asDouble() + "(0x" + Long.toHexString(lo) + ")";
            case V128:
                return String.format("v128:0x%016x%016x", hi, lo);
            default:
                return type + ":" + (isNull() ? "null" : Long.toString(lo));
        }
    }
}
