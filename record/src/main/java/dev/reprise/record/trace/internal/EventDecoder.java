package dev.reprise.record.trace.internal;

import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.DecisionKind;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.ValType;
import dev.reprise.record.trace.Value;
import java.util.ArrayList;
import java.util.List;

/** Decodes events of the binary format; keeps the string table of the trace being read. */
public final class EventDecoder {
    private final List<String> strings = new ArrayList<>();

    /** Decodes the rest of an event whose tag byte {@code tag} (at {@code start}) was read already. */
    public TraceEvent decode(int tag, long start, ByteSource in) {
        EventKind kind = EventKind.ofTag(tag & ~BinaryFormat.TID_FLAG);
        if (kind == null) {
            throw BadTraceException.atOffset("unknown event tag 0x" + Integer.toHexString(tag), start);
        }
        int tid = 0;
        if ((tag & BinaryFormat.TID_FLAG) != 0) {
            long at = in.offset();
            tid = in.u32();
            if (tid == 0) {
                throw BadTraceException.atOffset("explicit thread id 0", at);
            }
        }
        switch (kind) {
            case EXPORT_CALL: {
                int f = in.u32();
                String name = string(in);
                return new TraceEvent.ExportCall(tid, f, name, ValueCodec.readList(in));
            }
            case EXPORT_RETURN: {
                int f = in.u32();
                return new TraceEvent.ExportReturn(tid, f, ValueCodec.readList(in));
            }
            case IMPORT_CALL: {
                int f = in.u32();
                String module = string(in);
                String name = string(in);
                return new TraceEvent.ImportCall(tid, f, module, name, ValueCodec.readList(in));
            }
            case IMPORT_RETURN: {
                int f = in.u32();
                return new TraceEvent.ImportReturn(tid, f, ValueCodec.readList(in));
            }
            case HOST_READ:
            case HOST_WRITE: {
                int mem = in.u32();
                long at = in.offset();
                long addr = in.u64();
                if (addr < 0) {
                    throw BadTraceException.atOffset("address out of range: " + Long.toUnsignedString(addr), at);
                }
                at = in.offset();
                int n = in.u32();
                boolean read = kind == EventKind.HOST_READ;
                if (n < 0 || n > BinaryFormat.MAX_READ) {
                    throw BadTraceException.atOffset((read ? "host read of " : "host write of ") + Integer.toUnsignedString(n)
                            + " bytes over the limit", at);
                }
                byte[] bytes = in.bytes(n);
                return read ? new TraceEvent.HostRead(tid, mem, addr, bytes) : new TraceEvent.HostWrite(tid, mem, addr, bytes);
            }
            case UNWIND: {
                long at = in.offset();
                int frames = in.u32();
                if (frames < 1) {
                    throw BadTraceException.atOffset("an unwind of " + Integer.toUnsignedString(frames) + " calls", at);
                }
                return new TraceEvent.Unwind(tid, frames, in.u32());
            }
            case HOST_FUNCTION: {
                int f = in.u32();
                List<ValType> params = types(in);
                return new TraceEvent.HostFunction(tid, f, params, types(in));
            }
            case MEMORY_GROW: {
                int mem = in.u32();
                return new TraceEvent.MemoryGrow(tid, mem, in.u64());
            }
            case TABLE_GROW: {
                int t = in.u32();
                return new TraceEvent.TableGrow(tid, t, in.u64());
            }
            case TABLE_SET: {
                int t = in.u32();
                long index = in.u64();
                long at = in.offset();
                Value v = ValueCodec.read(in);
                if (!v.type().isReference()) {
                    throw BadTraceException.atOffset("table element of type " + v.type(), at);
                }
                return new TraceEvent.TableSet(tid, t, index, v);
            }
            case GLOBAL_CHANGE: {
                int g = in.u32();
                return new TraceEvent.GlobalChange(tid, g, ValueCodec.read(in));
            }
            case THREAD_SPAWN: {
                int child = in.u32();
                long at = in.offset();
                long arg = in.s64();
                if (arg != (int) arg) {
                    throw BadTraceException.atOffset("thread argument out of range: " + arg, at);
                }
                return new TraceEvent.ThreadSpawn(tid, child, (int) arg);
            }
            case SCHEDULER_DECISION: {
                long at = in.offset();
                DecisionKind d = DecisionKind.ofCode(in.u8());
                if (d == null) {
                    throw BadTraceException.atOffset("unknown scheduler decision kind", at);
                }
                int options = in.u32();
                at = in.offset();
                int choice = in.u32();
                if (options < 0 || choice < 0 || (options > 0 && choice >= options)) {
                    throw BadTraceException.atOffset("choice " + Integer.toUnsignedString(choice) + " of "
                            + Integer.toUnsignedString(options) + " options", at);
                }
                return new TraceEvent.SchedulerDecision(tid, d, options, choice);
            }
            case OUTPUT_DIGEST: {
                int fd = in.u32();
                long count = in.u64();
                return new TraceEvent.OutputDigest(tid, fd, count, in.bytes(32));
            }
            case MEMORY_DIGEST: {
                int mem = in.u32();
                long at = in.offset();
                long pages = in.u64();
                if (pages < 0) {
                    throw BadTraceException.atOffset("page count out of range: " + Long.toUnsignedString(pages), at);
                }
                return new TraceEvent.MemoryDigest(tid, mem, pages, in.bytes(32));
            }
            default:
                throw BadTraceException.atOffset("no decoding for " + kind, start);
        }
    }

    /** A signature's type list: a count, then one value type code each. */
    private static List<ValType> types(ByteSource in) {
        long at = in.offset();
        int n = in.u32();
        if (n < 0 || n > MAX_SIGNATURE_TYPES) {
            throw BadTraceException.atOffset("a signature of " + Integer.toUnsignedString(n) + " types", at);
        }
        List<ValType> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            at = in.offset();
            ValType t = ValType.ofCode(in.u8());
            if (t == null) {
                throw BadTraceException.atOffset("unknown value type in a signature", at);
            }
            out.add(t);
        }
        return out;
    }

    /** The most parameters (or results) a signature may have (the wasm limit). */
    private static final int MAX_SIGNATURE_TYPES = 1000;

    private String string(ByteSource in) {
        long at = in.offset();
        int ref = in.u32();
        if (ref == 0) {
            String s = in.string(BinaryFormat.MAX_STRING);
            strings.add(s);
            return s;
        }
        if (ref < 0 || ref > strings.size()) {
            throw BadTraceException.atOffset("string reference " + Integer.toUnsignedString(ref)
                    + " beyond the " + strings.size() + " strings defined so far", at);
        }
        return strings.get(ref - 1);
    }
}
