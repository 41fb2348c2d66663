package dev.reprise.record.trace.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.record.trace.DecisionKind;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import java.io.IOException;
import java.util.Map;

/**
 * JSON Lines form of headers and events. One object per line: the header
 * ({@code {"format":"reprise-trace","version":1,...}}), events ({@code {"ev":"import_call","tid":0,...}})
 * and, when the trace is complete, {@code {"end":"complete","events":N}}.
 */
public final class JsonEventCodec {
    /** The value of the header's {@code format} field. */
    public static final String FORMAT = "reprise-trace";

    private JsonEventCodec() {
    }

    /** Writes the header object. */
    public static void writeHeader(JsonGenerator g, TraceHeader h) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", h.formatVersion());
        g.writeStringField("module", h.moduleSha256Hex());
        g.writeStringField("recorder", h.recorder().id());
        g.writeArrayFieldStart("features");
        for (String f : h.features()) {
            g.writeString(f);
        }
        g.writeEndArray();
        StartOptions s = h.start();
        g.writeObjectFieldStart("start");
        g.writeArrayFieldStart("args");
        for (String a : s.args()) {
            g.writeString(a);
        }
        g.writeEndArray();
        writeMap(g, "env", s.env());
        g.writeStringField("seed", Long.toString(s.seed()));
        writeMap(g, "options", s.options());
        g.writeEndObject();
        writeMap(g, "metadata", h.metadata());
        g.writeEndObject();
    }

    private static void types(JsonGenerator g, String field, java.util.List<dev.reprise.record.trace.ValType> types)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (dev.reprise.record.trace.ValType t : types) {
            g.writeString(t.text());
        }
        g.writeEndArray();
    }

    private static java.util.List<dev.reprise.record.trace.ValType> types(JsonNode o, String field) {
        java.util.List<dev.reprise.record.trace.ValType> out = new java.util.ArrayList<>();
        for (String name : JsonFields.strings(o, field)) {
            dev.reprise.record.trace.ValType t = dev.reprise.record.trace.ValType.ofText(name);
            if (t == null) {
                throw new IllegalArgumentException("unknown value type \"" + name + "\" in \"" + field + "\"");
            }
            out.add(t);
        }
        return out;
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** Reads a header object of a supported version. */
    public static TraceHeader readHeader(JsonNode o) {
        if (!FORMAT.equals(o.path("format").asText(null))) {
            throw new IllegalArgumentException("not a reprise JSON Lines trace: the first line has no"
                    + " \"format\":\"" + FORMAT + "\"");
        }
        int version = JsonFields.int32(o, "version");
        if (version != TraceHeader.CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported trace format version " + version + " (this build reads"
                    + " version " + TraceHeader.CURRENT_VERSION + ")");
        }
        byte[] sha = JsonFields.hex(o, "module");
        String rec = JsonFields.text(o, "recorder");
        RecorderKind recorder = RecorderKind.ofId(rec);
        if (recorder == null) {
            throw new IllegalArgumentException("unknown recorder \"" + rec + "\"");
        }
        JsonNode s = JsonFields.get(o, "start");
        long seed;
        try {
            seed = Long.parseLong(JsonFields.text(s, "seed"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("start.seed must be a decimal string");
        }
        StartOptions start = new StartOptions(JsonFields.strings(s, "args"), JsonFields.map(s, "env"), seed,
                JsonFields.map(s, "options"));
        return new TraceHeader(version, sha, recorder, JsonFields.strings(o, "features"), start,
                JsonFields.map(o, "metadata"));
    }

    /** Writes one event object. */
    public static void writeEvent(JsonGenerator g, TraceEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("ev", e.kind().jsonName());
        g.writeNumberField("tid", e.tid());
        switch (e.kind()) {
            case EXPORT_CALL: {
                TraceEvent.ExportCall c = (TraceEvent.ExportCall) e;
                g.writeNumberField("func", c.funcIndex());
                g.writeStringField("name", c.name());
                JsonValues.writeList(g, "args", c.args());
                break;
            }
            case EXPORT_RETURN: {
                TraceEvent.ExportReturn r = (TraceEvent.ExportReturn) e;
                g.writeNumberField("func", r.funcIndex());
                JsonValues.writeList(g, "results", r.results());
                break;
            }
            case IMPORT_CALL: {
                TraceEvent.ImportCall c = (TraceEvent.ImportCall) e;
                g.writeNumberField("func", c.funcIndex());
                g.writeStringField("module", c.module());
                g.writeStringField("name", c.name());
                JsonValues.writeList(g, "args", c.args());
                break;
            }
            case IMPORT_RETURN: {
                TraceEvent.ImportReturn r = (TraceEvent.ImportReturn) e;
                g.writeNumberField("func", r.funcIndex());
                JsonValues.writeList(g, "results", r.results());
                break;
            }
            case HOST_READ: {
                TraceEvent.HostRead r = (TraceEvent.HostRead) e;
                g.writeNumberField("mem", r.memory());
                g.writeNumberField("addr", r.address());
                g.writeStringField("bytes", Hex.of(r.bytes()));
                break;
            }
            case HOST_WRITE: {
                TraceEvent.HostWrite w = (TraceEvent.HostWrite) e;
                g.writeNumberField("mem", w.memory());
                g.writeNumberField("addr", w.address());
                g.writeStringField("bytes", Hex.of(w.bytes()));
                break;
            }
            case MEMORY_GROW: {
                TraceEvent.MemoryGrow m = (TraceEvent.MemoryGrow) e;
                g.writeNumberField("mem", m.memory());
                g.writeNumberField("pages", m.pages());
                break;
            }
            case TABLE_GROW: {
                TraceEvent.TableGrow t = (TraceEvent.TableGrow) e;
                g.writeNumberField("table", t.table());
                g.writeNumberField("size", t.size());
                break;
            }
            case TABLE_SET: {
                TraceEvent.TableSet t = (TraceEvent.TableSet) e;
                g.writeNumberField("table", t.table());
                g.writeNumberField("index", t.index());
                g.writeFieldName("value");
                JsonValues.write(g, t.value());
                break;
            }
            case GLOBAL_CHANGE: {
                TraceEvent.GlobalChange c = (TraceEvent.GlobalChange) e;
                g.writeNumberField("global", c.global());
                g.writeFieldName("value");
                JsonValues.write(g, c.value());
                break;
            }
            case THREAD_SPAWN: {
                TraceEvent.ThreadSpawn s = (TraceEvent.ThreadSpawn) e;
                g.writeNumberField("child", s.childTid());
                g.writeNumberField("arg", s.arg());
                break;
            }
            case SCHEDULER_DECISION: {
                TraceEvent.SchedulerDecision d = (TraceEvent.SchedulerDecision) e;
                g.writeStringField("decision", d.decision().jsonName());
                g.writeNumberField("options", d.options());
                g.writeNumberField("choice", d.choice());
                break;
            }
            case OUTPUT_DIGEST: {
                TraceEvent.OutputDigest d = (TraceEvent.OutputDigest) e;
                g.writeNumberField("fd", d.fd());
                g.writeNumberField("count", d.byteCount());
                g.writeStringField("sha256", Hex.of(d.sha256()));
                break;
            }
            case UNWIND: {
                TraceEvent.Unwind u = (TraceEvent.Unwind) e;
                g.writeNumberField("frames", u.frames());
                g.writeNumberField("func", u.funcIndex());
                break;
            }
            case HOST_FUNCTION: {
                TraceEvent.HostFunction h = (TraceEvent.HostFunction) e;
                g.writeNumberField("func", h.funcIndex());
                types(g, "params", h.params());
                types(g, "results", h.results());
                break;
            }
            case MEMORY_DIGEST: {
                TraceEvent.MemoryDigest d = (TraceEvent.MemoryDigest) e;
                g.writeNumberField("mem", d.memory());
                g.writeNumberField("pages", d.pages());
                g.writeStringField("sha256", Hex.of(d.sha256()));
                break;
            }
            default:
                throw new IllegalStateException("no JSON form for " + e.kind());
        }
        g.writeEndObject();
    }

    /** Reads one event object (a line with an {@code "ev"} field). */
    public static TraceEvent readEvent(JsonNode o) {
        String ev = JsonFields.text(o, "ev");
        EventKind kind = EventKind.ofJsonName(ev);
        if (kind == null) {
            throw new IllegalArgumentException("unknown event \"" + ev + "\"");
        }
        int tid = JsonFields.int32(o, "tid");
        switch (kind) {
            case EXPORT_CALL:
                return new TraceEvent.ExportCall(tid, JsonFields.int32(o, "func"), JsonFields.text(o, "name"),
                        JsonValues.readList(o, "args"));
            case EXPORT_RETURN:
                return new TraceEvent.ExportReturn(tid, JsonFields.int32(o, "func"), JsonValues.readList(o, "results"));
            case IMPORT_CALL:
                return new TraceEvent.ImportCall(tid, JsonFields.int32(o, "func"), JsonFields.text(o, "module"),
                        JsonFields.text(o, "name"), JsonValues.readList(o, "args"));
            case IMPORT_RETURN:
                return new TraceEvent.ImportReturn(tid, JsonFields.int32(o, "func"), JsonValues.readList(o, "results"));
            case HOST_READ:
                return new TraceEvent.HostRead(tid, JsonFields.int32(o, "mem"), JsonFields.int64(o, "addr"),
                        JsonFields.hex(o, "bytes"));
            case HOST_WRITE:
                return new TraceEvent.HostWrite(tid, JsonFields.int32(o, "mem"), JsonFields.int64(o, "addr"),
                        JsonFields.hex(o, "bytes"));
            case MEMORY_GROW:
                return new TraceEvent.MemoryGrow(tid, JsonFields.int32(o, "mem"), JsonFields.int64(o, "pages"));
            case TABLE_GROW:
                return new TraceEvent.TableGrow(tid, JsonFields.int32(o, "table"), JsonFields.int64(o, "size"));
            case TABLE_SET:
                return new TraceEvent.TableSet(tid, JsonFields.int32(o, "table"), JsonFields.int64(o, "index"),
                        JsonValues.read(JsonFields.get(o, "value")));
            case GLOBAL_CHANGE:
                return new TraceEvent.GlobalChange(tid, JsonFields.int32(o, "global"),
                        JsonValues.read(JsonFields.get(o, "value")));
            case THREAD_SPAWN:
                return new TraceEvent.ThreadSpawn(tid, JsonFields.int32(o, "child"), JsonFields.int32(o, "arg"));
            case SCHEDULER_DECISION: {
                String d = JsonFields.text(o, "decision");
                DecisionKind k = DecisionKind.ofJsonName(d);
                if (k == null) {
                    throw new IllegalArgumentException("unknown scheduler decision \"" + d + "\"");
                }
                return new TraceEvent.SchedulerDecision(tid, k, JsonFields.int32(o, "options"),
                        JsonFields.int32(o, "choice"));
            }
            case OUTPUT_DIGEST:
                return new TraceEvent.OutputDigest(tid, JsonFields.int32(o, "fd"), JsonFields.int64(o, "count"),
                        JsonFields.hex(o, "sha256"));
            case UNWIND:
                return new TraceEvent.Unwind(tid, JsonFields.int32(o, "frames"), JsonFields.int32(o, "func"));
            case HOST_FUNCTION:
                return new TraceEvent.HostFunction(tid, JsonFields.int32(o, "func"), types(o, "params"), types(o, "results"));
            case MEMORY_DIGEST: {
                long pages = JsonFields.int64(o, "pages");
                if (pages < 0) {
                    throw new IllegalArgumentException("pages must not be negative");
                }
                return new TraceEvent.MemoryDigest(tid, JsonFields.int32(o, "mem"), pages, JsonFields.hex(o, "sha256"));
            }
            default:
                throw new IllegalArgumentException("no JSON form for " + kind);
        }
    }
}
