package dev.reprise.record.trace.internal;

import dev.reprise.record.trace.ValType;
import dev.reprise.record.trace.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed values from the JavaScript number text of Wasm-R3 traces ({@code String(x)} of a JS
 * number or BigInt). Problems are {@link IllegalArgumentException}s; the caller adds the line.
 * Precision Wasm-R3 lost while recording (i64 above 2^53 sent as a Number, NaN payloads) cannot
 * be recovered: NaN becomes the canonical quiet NaN of the type.
 */
public final class WasmR3Values {
    private static final Pattern JS_NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+n?");
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MIN_I64 = BigInteger.valueOf(Long.MIN_VALUE);

    private WasmR3Values() {
    }

    /** A comma-separated list typed by {@code types}; an empty field is an empty list. */
    public static List<Value> list(String field, List<ValType> types, String what) {
        String f = field.trim();
        if (f.isEmpty() || (types.isEmpty() && f.equals("undefined"))) {
            if (!types.isEmpty()) {
                throw new IllegalArgumentException(what + ": expected " + types.size() + " values " + types
                        + ", found none");
            }
            return List.of();
        }
        String[] parts = f.split(",", -1);
        if (parts.length != types.size()) {
            throw new IllegalArgumentException(what + ": expected " + types.size() + " values " + types + ", found "
                    + parts.length + " ('" + f + "')");
        }
        List<Value> out = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            out.add(value(parts[i], types.get(i)));
        }
        return out;
    }

    /** One value of type {@code type} from its JS text. */
    public static Value value(String text, ValType type) {
        String s = text.trim();
        switch (type) {
            case I32: {
                BigInteger v = integer(s, type);
                if (v.bitLength() > 32 || v.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) < 0) {
                    throw new IllegalArgumentException("i32 value out of range: " + s);
                }
                return Value.i32(v.intValue());
            }
            case I64: {
                BigInteger v = integer(s, type);
                if (v.signum() >= 0 ? v.compareTo(TWO_64) >= 0 : v.compareTo(MIN_I64) < 0) {
                    throw new IllegalArgumentException("i64 value out of range: " + s);
                }
                return Value.i64(v.longValue());
            }
            case F32: {
                double d = number(s);
                return Double.isNaN(d) ? Value.f32Bits(0x7fc0_0000) : Value.f32((float) d);
            }
            case F64: {
                double d = number(s);
                return Double.isNaN(d) ? Value.f64Bits(0x7ff8_0000_0000_0000L) : Value.f64(d);
            }
            case FUNCREF:
            case EXTERNREF: {
                if (s.equals("null") || s.equals("undefined")) {
                    return Value.nullRef(type);
                }
                if (!INTEGER.matcher(s).matches()) {
                    throw new IllegalArgumentException(type + " value must be an index or null: " + s);
                }
                BigInteger v = integer(s, type);
                if (v.signum() < 0 || v.bitLength() > 32) {
                    throw new IllegalArgumentException(type + " index out of range: " + s);
                }
                return new Value(type, v.longValue(), 0);
            }
            default:
                throw new IllegalArgumentException("Wasm-R3 traces cannot hold " + type + " values");
        }
    }

    /** An integer in JS text: decimal (a BigInt's, maybe with a trailing n) or an integral Number. */
    private static BigInteger integer(String s, ValType type) {
        if (INTEGER.matcher(s).matches()) {
            return new BigInteger(s.endsWith("n") ? s.substring(0, s.length() - 1) : s);
        }
        double d = number(s);
        if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
            throw new IllegalArgumentException(type + " value is not an integer: " + s);
        }
        return new java.math.BigDecimal(d).toBigIntegerExact();
    }

    /** A JS number: decimal or exponent text, NaN, Infinity, -Infinity. */
    public static double number(String s) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
            case "+Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!JS_NUMBER.matcher(s).matches()) {
                    throw new IllegalArgumentException("not a number: '" + s + "'");
                }
                return Double.parseDouble(s);
        }
    }

    /** A non-negative decimal integer field (an index, address, count or byte). */
    public static long index(String s, String what, long max) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 19 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " must be a non-negative integer, not '" + s + "'");
        }
        long v = Long.parseLong(t);
        if (v > max) {
            throw new IllegalArgumentException(what + " out of range: " + s);
        }
        return v;
    }

    /** Whether {@code s} is a decimal integer (maybe signed). */
    public static boolean isInteger(String s) {
        return INTEGER.matcher(s.trim()).matches();
    }
}
