package dev.reprise.record.trace.internal;

import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceEvent.ExportCall;
import dev.reprise.record.trace.TraceEvent.ExportReturn;
import dev.reprise.record.trace.TraceEvent.GlobalChange;
import dev.reprise.record.trace.TraceEvent.HostRead;
import dev.reprise.record.trace.TraceEvent.ImportCall;
import dev.reprise.record.trace.TraceEvent.ImportReturn;
import dev.reprise.record.trace.TraceEvent.MemoryGrow;
import dev.reprise.record.trace.TraceEvent.OutputDigest;
import dev.reprise.record.trace.TraceEvent.SchedulerDecision;
import dev.reprise.record.trace.TraceEvent.TableGrow;
import dev.reprise.record.trace.TraceEvent.TableSet;
import dev.reprise.record.trace.TraceEvent.ThreadSpawn;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes events into the binary format (see {@link BinaryFormat}), interning names in a string
 * table that is written inline on first use. One encoder per trace: the table is its state.
 */
public final class EventEncoder {
    private final Map<String, Integer> strings = new HashMap<>();

    /** Appends the encoding of {@code e} to {@code out}. */
    public void encode(TraceEvent e, ByteSink out) {
        int tag = e.kind().tag();
        if (e.tid() == 0) {
            out.u8(tag);
        } else {
            out.u8(tag | BinaryFormat.TID_FLAG);
            out.u32(e.tid());
        }
        switch (e.kind()) {
            case EXPORT_CALL: {
                ExportCall c = (ExportCall) e;
                out.u32(c.funcIndex());
                string(out, c.name());
                ValueCodec.writeList(out, c.args());
                break;
            }
            case EXPORT_RETURN: {
                ExportReturn r = (ExportReturn) e;
                out.u32(r.funcIndex());
                ValueCodec.writeList(out, r.results());
                break;
            }
            case IMPORT_CALL: {
                ImportCall c = (ImportCall) e;
                out.u32(c.funcIndex());
                string(out, c.module());
                string(out, c.name());
                ValueCodec.writeList(out, c.args());
                break;
            }
            case IMPORT_RETURN: {
                ImportReturn r = (ImportReturn) e;
                out.u32(r.funcIndex());
                ValueCodec.writeList(out, r.results());
                break;
            }
            case HOST_READ: {
                HostRead r = (HostRead) e;
                memoryBytes(out, "host read", r.memory(), r.address(), r.bytes());
                break;
            }
            case UNWIND: {
                TraceEvent.Unwind u = (TraceEvent.Unwind) e;
                out.u32(u.frames());
                out.u32(u.funcIndex());
                break;
            }
            case HOST_FUNCTION: {
                TraceEvent.HostFunction h = (TraceEvent.HostFunction) e;
                out.u32(h.funcIndex());
                types(out, h.params());
                types(out, h.results());
                break;
            }
            case HOST_WRITE: {
                TraceEvent.HostWrite w = (TraceEvent.HostWrite) e;
                memoryBytes(out, "host write", w.memory(), w.address(), w.bytes());
                break;
            }
            case MEMORY_GROW: {
                MemoryGrow g = (MemoryGrow) e;
                out.u32(g.memory());
                out.u64(g.pages());
                break;
            }
            case TABLE_GROW: {
                TableGrow g = (TableGrow) e;
                out.u32(g.table());
                out.u64(g.size());
                break;
            }
            case TABLE_SET: {
                TableSet s = (TableSet) e;
                out.u32(s.table());
                out.u64(s.index());
                ValueCodec.write(out, s.value());
                break;
            }
            case GLOBAL_CHANGE: {
                GlobalChange g = (GlobalChange) e;
                out.u32(g.global());
                ValueCodec.write(out, g.value());
                break;
            }
            case THREAD_SPAWN: {
                ThreadSpawn s = (ThreadSpawn) e;
                out.u32(s.childTid());
                out.s64(s.arg());
                break;
            }
            case SCHEDULER_DECISION: {
                SchedulerDecision d = (SchedulerDecision) e;
                out.u8(d.decision().code());
                out.u32(d.options());
                out.u32(d.choice());
                break;
            }
            case OUTPUT_DIGEST: {
                OutputDigest d = (OutputDigest) e;
                out.u32(d.fd());
                out.u64(d.byteCount());
                out.bytes(d.sha256(), 0, 32);
                break;
            }
            case MEMORY_DIGEST: {
                TraceEvent.MemoryDigest d = (TraceEvent.MemoryDigest) e;
                out.u32(d.memory());
                out.u64(d.pages());
                out.bytes(d.sha256(), 0, 32);
                break;
            }
            default:
                throw new IllegalStateException("no encoding for " + e.kind());
        }
    }

    /**
     * Appends an {@code ImportCall} given as raw numeric slots (see
     * {@link dev.reprise.record.trace.TraceSink#importCall}): the same bytes as {@link #encode}
     * of the event.
     */
    public void importCall(ByteSink out, int tid, int funcIndex, String module, String name,
                           dev.reprise.record.trace.ValType[] types, long[] raw) {
        tag(out, dev.reprise.record.trace.EventKind.IMPORT_CALL.tag(), tid);
        byte[] head = callHead(funcIndex, module, name);
        if (head != null) {
            out.bytes(head, 0, head.length);
        } else {
            out.u32(funcIndex);
            string(out, module);
            string(out, name);
        }
        rawList(out, types, raw);
    }

    /** Per function index: the module and name strings of its last call, and the bytes they encode to once both are in the table. */
    private String[] headModule = new String[0];
    private String[] headName = new String[0];
    private byte[][] head = new byte[0][];

    /**
     * The encoding of an import call's index, module and name when both strings are already in
     * the table (the bytes then never change for these strings: computed once per import), else null.
     */
    private byte[] callHead(int funcIndex, String module, String name) {
        if (funcIndex < head.length && head[funcIndex] != null && headModule[funcIndex] == module && headName[funcIndex] == name) {
            return head[funcIndex];
        }
        Integer m = strings.get(module);
        Integer n = strings.get(name);
        if (m == null || n == null || funcIndex < 0) {
            return null;
        }
        if (funcIndex >= head.length) {
            int size = Math.max(funcIndex + 1, head.length * 2);
            head = java.util.Arrays.copyOf(head, size);
            headModule = java.util.Arrays.copyOf(headModule, size);
            headName = java.util.Arrays.copyOf(headName, size);
        }
        ByteSink b = new ByteSink(16);
        b.u32(funcIndex);
        b.u32(m + 1);
        b.u32(n + 1);
        head[funcIndex] = b.toByteArray();
        headModule[funcIndex] = module;
        headName[funcIndex] = name;
        return head[funcIndex];
    }

    /** Appends an {@code ImportReturn} given as raw numeric slots ({@code raw} null: no results). */
    public void importReturn(ByteSink out, int tid, int funcIndex, dev.reprise.record.trace.ValType[] types, long[] raw) {
        tag(out, dev.reprise.record.trace.EventKind.IMPORT_RETURN.tag(), tid);
        out.u32(funcIndex);
        rawList(out, types, raw);
    }

    /** A signature's type list: a count, then one value type code each. */
    private static void types(ByteSink out, java.util.List<dev.reprise.record.trace.ValType> types) {
        out.u32(types.size());
        for (dev.reprise.record.trace.ValType t : types) {
            out.u8(t.code());
        }
    }

    private static void tag(ByteSink out, int tag, int tid) {
        if (tid == 0) {
            out.u8(tag);
        } else {
            out.u8(tag | BinaryFormat.TID_FLAG);
            out.u32(tid);
        }
    }

    /** As {@link ValueCodec#writeList} of the values {@code raw} holds. */
    private static void rawList(ByteSink out, dev.reprise.record.trace.ValType[] types, long[] raw) {
        out.u32(types.length);
        for (int i = 0; i < types.length; i++) {
            dev.reprise.record.trace.ValType t = types[i];
            out.u8(t.code());
            switch (t) {
                case I32 -> out.s64((int) raw[i]);
                case I64 -> out.s64(raw[i]);
                case F32 -> out.i32le((int) raw[i]);
                case F64 -> out.i64le(raw[i]);
                default -> throw new IllegalArgumentException("a raw slot holds no " + t + " value");
            }
        }
    }

    private static void memoryBytes(ByteSink out, String what, int memory, long address, byte[] bytes) {
        if (bytes.length > BinaryFormat.MAX_READ) {
            throw new IllegalArgumentException(what + " of " + bytes.length + " bytes: split it into pieces of at most "
                    + BinaryFormat.MAX_READ);
        }
        out.u32(memory);
        out.u64(address);
        out.u32(bytes.length);
        out.bytes(bytes, 0, bytes.length);
    }

    private void string(ByteSink out, String s) {
        Integer id = strings.get(s);
        if (id != null) {
            out.u32(id + 1);
            return;
        }
        strings.put(s, strings.size());
        out.u8(0);
        out.string(s);
    }
}
