package dev.reprise.record.trace.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.record.trace.ValType;
import dev.reprise.record.trace.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON form of typed values, bit-exact: {@code {"i32":-5}}, {@code {"i64":"-9223372036854775808"}},
 * {@code {"f32":"0x7fc00000","v":"NaN"}}, {@code {"f64":"0x3ff8000000000000","v":1.5}} (the bits
 * count, {@code v} is for people), {@code {"v128":"0x<hi 16 hex digits><lo 16 hex digits>"}},
 * {@code {"funcref":3}} or {@code {"funcref":null}}, same for externref.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /** Writes one value object. */
    public static void write(JsonGenerator g, Value v) throws IOException {
        g.writeStartObject();
        switch (v.type()) {
            case I32:
                g.writeNumberField("i32", (int) v.lo());
                break;
            case I64:
                g.writeStringField("i64", Long.toString(v.lo()));
                break;
            case F32: {
                g.writeStringField("f32", String.format("0x%08x", (int) v.lo()));
                float f = v.asFloat();
                if (Float.isFinite(f)) {
                    g.writeNumberField("v", f);
                } else {
                    g.writeStringField("v", Float.toString(f));
                }
                break;
            }
            case F64: {
                g.writeStringField("f64", String.format("0x%016x", v.lo()));
                double d = v.asDouble();
                if (Double.isFinite(d)) {
                    g.writeNumberField("v", d);
                } else {
                    g.writeStringField("v", Double.toString(d));
                }
                break;
            }
            case V128:
                g.writeStringField("v128", String.format("0x%016x%016x", v.hi(), v.lo()));
                break;
            default:
                g.writeFieldName(v.type().text());
                if (v.isNull()) {
                    g.writeNull();
                } else {
                    g.writeNumber(v.lo());
                }
        }
        g.writeEndObject();
    }

    /** Writes an array of values. */
    public static void writeList(JsonGenerator g, String field, List<Value> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (int i = 0, n = values.size(); i < n; i++) {
            write(g, values.get(i));
        }
        g.writeEndArray();
    }

    /** Reads one value object. */
    public static Value read(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("a value must be an object like {\"i32\":1}, not " + n);
        }
        Map.Entry<String, JsonNode> first = n.properties().iterator().hasNext()
                ? n.properties().iterator().next() : null;
        ValType type = first == null ? null : ValType.ofText(first.getKey());
        if (type == null || "anyfunc".equals(first.getKey())) {
            throw new IllegalArgumentException("a value must start with its type (i32, i64, f32, f64, v128,"
                    + " funcref, externref): " + n);
        }
        JsonNode p = first.getValue();
        String t = type.text();
        switch (type) {
            case I32:
                return Value.i32(JsonFields.int32(n, t));
            case I64:
                try {
                    return Value.i64(Long.parseLong(JsonFields.text(n, t)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("i64 must be a decimal string: " + p);
                }
            case F32:
                return Value.f32Bits((int) hexBits(JsonFields.text(n, t), 8));
            case F64:
                return Value.f64Bits(hexBits(JsonFields.text(n, t), 16));
            case V128: {
                String s = JsonFields.text(n, t);
                if (s.length() != 34) {
                    throw new IllegalArgumentException("v128 must be 0x and 32 hex digits: " + s);
                }
                return Value.v128(hexBits("0x" + s.substring(18), 16), hexBits(s.substring(0, 18), 16));
            }
            default:
                if (p.isNull()) {
                    return Value.nullRef(type);
                }
                long idx = JsonFields.int64(n, t);
                if (idx < 0 || idx > 0xffff_ffffL) {
                    throw new IllegalArgumentException(t + " index out of range: " + idx);
                }
                return new Value(type, idx, 0);
        }
    }

    private static long hexBits(String s, int digits) {
        if (s.length() != digits + 2 || !s.startsWith("0x")) {
            throw new IllegalArgumentException("expected 0x and " + digits + " hex digits: " + s);
        }
        try {
            return Long.parseUnsignedLong(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected 0x and " + digits + " hex digits: " + s);
        }
    }

    /** Reads an array of values. */
    public static List<Value> readList(JsonNode o, String field) {
        JsonNode n = JsonFields.get(o, field);
        if (!n.isArray()) {
            throw new IllegalArgumentException("field \"" + field + "\" must be an array of values");
        }
        List<Value> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            out.add(read(e));
        }
        return out;
    }
}
