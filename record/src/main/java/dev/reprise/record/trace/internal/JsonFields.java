package dev.reprise.record.trace.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the fields of a parsed JSON object; every problem is an
 * {@link IllegalArgumentException} whose message names the field (the caller adds the line).
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** The field {@code name}, which must be present and not null. */
    public static JsonNode get(JsonNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing field \"" + name + "\"");
        }
        return n;
    }

    /** An integer field that fits in 32 bits. */
    public static int int32(JsonNode o, String name) {
        JsonNode n = get(o, name);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a 32-bit integer, not " + n);
        }
        return n.intValue();
    }

    /** An integer field that fits in 64 bits. */
    public static long int64(JsonNode o, String name) {
        JsonNode n = get(o, name);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a 64-bit integer, not " + n);
        }
        return n.longValue();
    }

    /** A string field. */
    public static String text(JsonNode o, String name) {
        JsonNode n = get(o, name);
        if (!n.isTextual()) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a string, not " + n);
        }
        return n.textValue();
    }

    /** A string field holding lower- or upper-case hex bytes. */
    public static byte[] hex(JsonNode o, String name) {
        byte[] b = Hex.parse(text(o, name));
        if (b == null) {
            throw new IllegalArgumentException("field \"" + name + "\" must be hex bytes");
        }
        return b;
    }

    /** An array-of-strings field. */
    public static List<String> strings(JsonNode o, String name) {
        JsonNode n = get(o, name);
        if (!n.isArray()) {
            throw new IllegalArgumentException("field \"" + name + "\" must be an array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException("field \"" + name + "\" must hold strings, not " + e);
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** An object-of-strings field, in its order. */
    public static Map<String, String> map(JsonNode o, String name) {
        JsonNode n = get(o, name);
        if (!n.isObject()) {
            throw new IllegalArgumentException("field \"" + name + "\" must be an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("field \"" + name + "." + e.getKey() + "\" must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }
}
