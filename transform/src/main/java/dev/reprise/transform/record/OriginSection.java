package dev.reprise.transform.record;

import dev.reprise.wasm.CustomSection;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.Feature;
import dev.reprise.wasm.FeatureScanner;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.HeapType;
import dev.reprise.wasm.Import;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.SectionId;
import dev.reprise.wasm.ValType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The custom section {@value #NAME} that every instrumented module carries: what a recorder
 * outside the JVM (the JavaScript recorder runtime) needs to know about the ORIGINAL module and
 * cannot learn from the instrumented one, as UTF-8 JSON. The hooks name exports and imports by
 * their original indices, so the section lists them in that order with their signatures.
 *
 * <pre>
 * {"version":2,"reads":"full","sha256":"&lt;hex of the original module&gt;","features":["simd"],
 *  "tablesWritten":[],"imports":[{"module":"wasi_snapshot_preview1","name":"fd_write","kind":"func","index":0,
 *              "params":["i32","i32","i32","i32"],"results":["i32"]},
 *             {"module":"env","name":"memory","kind":"memory","index":0}],
 *  "exports":[{"name":"_start","kind":"func","index":5,"params":[],"results":[]},
 *             {"name":"memory","kind":"memory","index":0},
 *             {"name":"table","kind":"table","index":0,"element":"funcref","min":3}],
 *  "functions":12,"types":[{"params":["i32"],"results":[]},null]}
 * </pre>
 *
 * {@code index} is the index in the kind's index space of the original module; value types are
 * {@code i32 i64 f32 f64 v128 funcref externref} (other reference types are named by their
 * heap: {@code externref} for extern ones, {@code funcref} for the rest, as the recorders type
 * them). {@code functions} counts the original module's functions (imports and definitions): a
 * function the host makes and places in a table gets the next index (a {@code host_function}
 * event); {@code types} lists the original module's types by index, function types with their
 * signatures (null for other types), so that a recorder can type such a function by the
 * {@code call_indirect} that reaches it. Version 2 added both, and the {@code call_indirect}
 * hook's type argument. {@code tablesWritten} lists the tables the module's code can change
 * ({@link TableWrites}); the JavaScript recorder passes it on as the trace header option
 * {@value TableWrites#TRACE_OPTION} (absent in older sections: every table counts as written).
 */
public final class OriginSection {
    /** The custom section's name. */
    public static final String NAME = "reprise_rec.origin";
    /** The version of the section's content. */
    public static final int VERSION = 2;

    private OriginSection() {
    }

    /**
     * The section for {@code original} instrumented in {@code mode}, with {@code hooks} hook
     * imports added after the original function imports and the wrapper of each imported function
     * (so that a recorder maps function references it reads from tables back to the original
     * module: wrappers to their import, defined functions down by {@code hooks}).
     */
    public static CustomSection of(byte[] original, ModuleSummary summary, RecordingMode mode, int hooks,
            int[] importWrappers) {
        String text = json(original, summary, mode);
        StringBuilder b = new StringBuilder(text.substring(0, text.length() - 1));
        b.append(",\"hooks\":").append(hooks).append(",\"importWrappers\":[");
        for (int i = 0; i < importWrappers.length; i++) {
            b.append(i == 0 ? "" : ",").append(importWrappers[i]);
        }
        b.append("]}");
        byte[] json = b.toString().getBytes(StandardCharsets.UTF_8);
        return CustomSection.of(NAME, json, SectionId.DATA);
    }

    /** The JSON text of the section. */
    static String json(byte[] original, ModuleSummary summary, RecordingMode mode) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"version\":").append(VERSION);
        b.append(",\"reads\":\"").append(mode.text()).append('"');
        b.append(",\"sha256\":\"").append(sha256Hex(original)).append('"');
        FeatureScanner features = new FeatureScanner();
        new ModuleReader(original).accept(features);
        b.append(",\"features\":[");
        boolean first = true;
        for (Feature f : features.features()) {
            b.append(first ? "" : ",");
            string(b, f.text());
            first = false;
        }
        b.append("],\"tablesWritten\":[");
        first = true;
        for (int t : TableWrites.of(original)) {
            b.append(first ? "" : ",").append(t);
            first = false;
        }
        b.append("],\"imports\":[");
        int[] counters = new int[ExternalKind.values().length];
        List<Import> imports = summary.imports();
        for (int i = 0; i < imports.size(); i++) {
            Import im = imports.get(i);
            int index = counters[im.kind().ordinal()]++;
            b.append(i == 0 ? "{" : ",{").append("\"module\":");
            string(b, im.module());
            b.append(",\"name\":");
            string(b, im.name());
            entity(b, summary, im.kind(), index);
            b.append('}');
        }
        b.append("],\"exports\":[");
        List<Export> exports = summary.exports();
        for (int i = 0; i < exports.size(); i++) {
            Export e = exports.get(i);
            b.append(i == 0 ? "{" : ",{").append("\"name\":");
            string(b, e.name());
            entity(b, summary, e.kind(), e.index());
            b.append('}');
        }
        b.append("],\"functions\":").append(summary.functionCount()).append(",\"types\":[");
        for (int t = 0; t < summary.types().size(); t++) {
            b.append(t == 0 ? "" : ",");
            if (summary.types().get(t).type() instanceof FuncType f) {
                b.append("{\"params\":");
                types(b, f.params());
                b.append(",\"results\":");
                types(b, f.results());
                b.append('}');
            } else {
                b.append("null");
            }
        }
        return b.append("]}").toString();
    }

    private static void entity(StringBuilder b, ModuleSummary summary, ExternalKind kind, int index) {
        b.append(",\"kind\":\"").append(kind.text()).append("\",\"index\":").append(index);
        if (kind == ExternalKind.FUNCTION) {
            FuncType t = summary.functionType(index);
            b.append(",\"params\":");
            types(b, t.params());
            b.append(",\"results\":");
            types(b, t.results());
        } else if (kind == ExternalKind.TABLE) {
            b.append(",\"element\":\"").append(typeName(summary.tables().get(index).elementType())).append('"');
            b.append(",\"min\":").append(summary.tables().get(index).limits().min());
        }
    }

    private static void types(StringBuilder b, List<ValType> types) {
        b.append('[');
        for (int i = 0; i < types.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(typeName(types.get(i))).append('"');
        }
        b.append(']');
    }

    /** The name of a value type in the section (see the class comment), as the JavaScript recorder reads it. */
    public static String typeName(ValType t) {
        switch (t.code()) {
            case ValType.I32_CODE: return "i32";
            case ValType.I64_CODE: return "i64";
            case ValType.F32_CODE: return "f32";
            case ValType.F64_CODE: return "f64";
            case ValType.V128_CODE: return "v128";
            default:
                return t.heapType() == HeapType.EXTERN || t.heapType() == HeapType.NOEXTERN ? "externref" : "funcref";
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder b = new StringBuilder(64);
            for (byte x : d) {
                b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
