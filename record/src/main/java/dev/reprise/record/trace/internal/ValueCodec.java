package dev.reprise.record.trace.internal;

import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.ValType;
import dev.reprise.record.trace.Value;
import java.util.List;

/** Binary encoding of typed values and value lists. */
public final class ValueCodec {
    private ValueCodec() {
    }

    /** Writes one value: type code then payload. */
    public static void write(ByteSink out, Value v) {
        out.u8(v.type().code());
        switch (v.type()) {
            case I32:
            case I64:
                out.s64(v.lo());
                break;
            case F32:
                out.i32le((int) v.lo());
                break;
            case F64:
                out.i64le(v.lo());
                break;
            case V128:
                out.i64le(v.lo());
                out.i64le(v.hi());
                break;
            default:
                out.u64(v.lo() + 1);
        }
    }

    /** Writes a list: count then values. */
    public static void writeList(ByteSink out, List<Value> values) {
        out.u32(values.size());
        for (int i = 0, n = values.size(); i < n; i++) {
            write(out, values.get(i));
        }
    }

    /** Reads one value. */
    public static Value read(ByteSource in) {
        long start = in.offset();
        int code = in.u8();
        ValType type = ValType.ofCode(code);
        if (type == null) {
            throw BadTraceException.atOffset("unknown value type 0x" + Integer.toHexString(code), start);
        }
        switch (type) {
            case I32: {
                long v = in.s64();
                if (v != (int) v) {
                    throw BadTraceException.atOffset("i32 value out of range: " + v, start);
                }
                return Value.i32((int) v);
            }
            case I64:
                return Value.i64(in.s64());
            case F32:
                return Value.f32Bits(in.i32le());
            case F64:
                return Value.f64Bits(in.i64le());
            case V128: {
                long lo = in.i64le();
                return Value.v128(lo, in.i64le());
            }
            default: {
                long r = in.u64();
                if (r == 0) {
                    return Value.nullRef(type);
                }
                if (r - 1 > 0xffff_ffffL || r < 0) {
                    throw BadTraceException.atOffset(type + " index out of range: " + (r - 1), start);
                }
                return new Value(type, r - 1, 0);
            }
        }
    }

    /** Reads a list written by {@link #writeList}. */
    public static List<Value> readList(ByteSource in) {
        long start = in.offset();
        int n = in.u32();
        if (n < 0 || n > BinaryFormat.MAX_VALUES) {
            throw BadTraceException.atOffset("value count " + Integer.toUnsignedString(n) + " over the limit", start);
        }
        if (n == 0) {
            return List.of();
        }
        Value[] vs = new Value[n];
        for (int i = 0; i < n; i++) {
            vs[i] = read(in);
        }
        return List.of(vs);
    }
}
