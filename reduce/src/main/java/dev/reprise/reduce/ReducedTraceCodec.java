package dev.reprise.reduce;

import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.DecisionKind;
import dev.reprise.record.trace.ValType;
import dev.reprise.record.trace.Value;
import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of a {@link ReducedTrace} (big-endian, {@code DataOutputStream} primitives).
 *
 * <pre>
 * file     := MAGIC(00 'r' 'p' 'r' 'e' 'd' 'u' 'c') version:u16 sha-len:u8 sha
 *             effects(preamble) n:u32 (global:u32 value)* n:u32 invoke* imports [digests] [threads schedule]
 *             [hosts] [realms] 'R' 'E' 'D' '$'
 * imports  := n:u32 import*
 * digests  := effects(epilogue) n:u32 (mem:u32 pages:u64 sha256:32 bytes)*   (version 2 on: the host's
 *             changes after the last call and the final memories)
 * threads  := n:u32 (tid:u32 parent:u32 arg:u32 started:u8 [invoke] imports)*   (version 3 on)
 * schedule := clock-start:u64 clock-step:u64 preempt-budget:u32 n:u32 (kind:u8 options:u32 choice:u32)*
 * hosts    := n:u32 (func:u32 n:u32 type:u8* n:u32 type:u8*)*   (version 5 on: the host's functions
 *             in tables, their parameter then result types)
 * realms   := n:u32 (tid:u32 n:u32 invoke*)* n:u32 (tid:s32)* n:u32 (tid:u32 n:u32 entries:u32*)*
 *             (version 6 on, traces recorded in several JavaScript realms: the top-level calls of
 *             each thread, the thread of each decision, the realm entries)
 * invoke   := effects(before) func:u32 name:utf ended:u8 values(args) values(expected)
 * import   := func:u32 module:utf name:utf n:u32 (count:u64 call)*
 * call     := values(args) n:u32 invoke* effects(beforeReturn) values(results) ended:u8
 * ended    := 0 (never returned) | 1 (returned) | 2 (unwound: an invoke; threw: a call; version 4 on)
 * effects  := n:u32 effect*;  effect := 1 mem:u32 addr:u64 len:u32 bytes | 2 mem:u32 pages:u64
 *             | 3 table:u32 size:u64 | 4 table:u32 index:u64 value | 5 global:u32 value
 * values   := n:u32 value*;   value := type:u8 (wasm value type code) lo:u64 [hi:u64 if v128]
 * </pre>
 *
 * Reading checks the magic, the version and the end marker; any problem is a
 * {@link BadTraceException} naming the byte offset.
 */
public final class ReducedTraceCodec {
    private static final byte[] MAGIC = {0, 'r', 'p', 'r', 'e', 'd', 'u', 'c'};
    /** The end byte of an unwound invoke or a call that threw (version 4 on). */
    private static final int UNWOUND = 2;
    private static final int END = 0x52454424; // "RED$"

    private ReducedTraceCodec() {
    }

    /** Whether {@code bytes} start like a reduced trace. */
    public static boolean isReduced(byte[] bytes) {
        return bytes.length >= MAGIC.length && java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Encodes a reduced trace. */
    public static byte[] write(ReducedTrace t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(t, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Encodes a reduced trace onto {@code stream} (buffered here; flushed, not closed), without
     * holding the encoding: a reduced trace of many megabytes goes to its file as it is encoded.
     */
    public static void write(ReducedTrace t, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        out.write(MAGIC);
        if (t.formatVersion() < ReducedTrace.UNWINDING_VERSION && t.unwinds()) {
            throw new IllegalArgumentException("a reduced trace with unwound calls needs format version "
                    + ReducedTrace.UNWINDING_VERSION);
        }
        out.writeShort(t.formatVersion());
        byte[] sha = t.moduleSha256();
        out.writeByte(sha.length);
        out.write(sha);
        effects(out, t.preamble());
        out.writeInt(t.initialGlobals().size());
        for (Map.Entry<Integer, Value> e : t.initialGlobals().entrySet()) {
            out.writeInt(e.getKey());
            value(out, e.getValue());
        }
        invokes(out, t.driver());
        imports(out, t.imports());
        if (t.formatVersion() >= 2) {
            effects(out, t.epilogue());
            out.writeInt(t.finalMemories().size());
            for (dev.reprise.record.trace.TraceEvent.MemoryDigest d : t.finalMemories()) {
                out.writeInt(d.memory());
                out.writeLong(d.pages());
                out.write(d.sha256());
            }
        } else if (!t.finalMemories().isEmpty() || !t.epilogue().isEmpty()) {
            throw new IllegalArgumentException("reduced trace version 1 cannot hold an epilogue or final memory digests");
        }
        if (t.formatVersion() >= 3) {
            out.writeInt(t.threads().size());
            for (ThreadReplay th : t.threads()) {
                out.writeInt(th.tid());
                out.writeInt(th.parent());
                out.writeInt(th.arg());
                out.writeBoolean(th.start() != null);
                if (th.start() != null) {
                    invokes(out, List.of(th.start()));
                }
                imports(out, th.imports());
            }
            Schedule sc = t.schedule();
            out.writeLong(sc.clockStartNanos());
            out.writeLong(sc.clockStepNanos());
            out.writeInt(sc.preemptBudget());
            out.writeInt(sc.decisions().size());
            for (Schedule.Decision d : sc.decisions()) {
                out.writeByte(d.kind().code());
                out.writeInt(d.options());
                out.writeInt(d.choice());
            }
        } else if (t.multiThreaded()) {
            throw new IllegalArgumentException("a multi-threaded reduced trace needs format version 3");
        }
        if (t.formatVersion() >= ReducedTrace.HOST_FUNCTIONS_VERSION) {
            out.writeInt(t.hostFunctions().size());
            for (dev.reprise.record.trace.TraceEvent.HostFunction h : t.hostFunctions()) {
                out.writeInt(h.funcIndex());
                types(out, h.params());
                types(out, h.results());
            }
        } else if (!t.hostFunctions().isEmpty()) {
            throw new IllegalArgumentException("a reduced trace with host functions needs format version "
                    + ReducedTrace.HOST_FUNCTIONS_VERSION);
        }
        if (t.formatVersion() >= ReducedTrace.REALMS_VERSION) {
            realms(out, t);
        } else if (t.schedule().realms()) {
            throw new IllegalArgumentException("a reduced trace recorded in several realms needs format version "
                    + ReducedTrace.REALMS_VERSION);
        }
        out.writeInt(END);
        out.flush();
    }

    private static void realms(DataOutputStream out, ReducedTrace t) throws IOException {
        out.writeInt(t.threads().size());
        for (ThreadReplay th : t.threads()) {
            out.writeInt(th.tid());
            invokes(out, th.calls());
        }
        out.writeInt(t.schedule().decisions().size());
        for (Schedule.Decision d : t.schedule().decisions()) {
            out.writeInt(d.tid());
        }
        out.writeInt(t.schedule().realmEntries().size());
        for (Map.Entry<Integer, List<Integer>> e : t.schedule().realmEntries().entrySet()) {
            out.writeInt(e.getKey());
            out.writeInt(e.getValue().size());
            for (int n : e.getValue()) {
                out.writeInt(n);
            }
        }
    }

    private static void types(DataOutputStream out, List<ValType> types) throws IOException {
        out.writeInt(types.size());
        for (ValType t : types) {
            out.writeByte(t.code());
        }
    }

    private static void imports(DataOutputStream out, List<ImportReplay> imports) throws IOException {
        out.writeInt(imports.size());
        for (ImportReplay r : imports) {
            out.writeInt(r.funcIndex());
            out.writeUTF(r.module());
            out.writeUTF(r.name());
            out.writeInt(r.runs().size());
            for (CallRun run : r.runs()) {
                out.writeLong(run.count());
                ImportCallReplay c = run.call();
                values(out, c.args());
                invokes(out, c.nested());
                effects(out, c.beforeReturn());
                values(out, c.results());
                out.writeByte(c.returns() ? 1 : c.threw() ? UNWOUND : 0);
            }
        }
    }

    private static void invokes(DataOutputStream out, List<ExportInvoke> list) throws IOException {
        out.writeInt(list.size());
        for (ExportInvoke i : list) {
            effects(out, i.before());
            out.writeInt(i.funcIndex());
            out.writeUTF(i.name());
            out.writeByte(i.returned() ? 1 : i.unwound() ? UNWOUND : 0);
            values(out, i.args());
            values(out, i.expected());
        }
    }

    private static void effects(DataOutputStream out, List<Effect> list) throws IOException {
        out.writeInt(list.size());
        for (Effect e : list) {
            if (e instanceof Effect.Store s) {
                out.writeByte(1);
                out.writeInt(s.memory());
                out.writeLong(s.address());
                out.writeInt(s.bytes().length);
                out.write(s.bytes());
            } else if (e instanceof Effect.MemoryGrow g) {
                out.writeByte(2);
                out.writeInt(g.memory());
                out.writeLong(g.pages());
            } else if (e instanceof Effect.TableGrow g) {
                out.writeByte(3);
                out.writeInt(g.table());
                out.writeLong(g.size());
            } else if (e instanceof Effect.TableSet s) {
                out.writeByte(4);
                out.writeInt(s.table());
                out.writeLong(s.index());
                value(out, s.value());
            } else {
                Effect.GlobalSet g = (Effect.GlobalSet) e;
                out.writeByte(5);
                out.writeInt(g.global());
                value(out, g.value());
            }
        }
    }

    private static void values(DataOutputStream out, List<Value> list) throws IOException {
        out.writeInt(list.size());
        for (Value v : list) {
            value(out, v);
        }
    }

    private static void value(DataOutputStream out, Value v) throws IOException {
        out.writeByte(v.type().code());
        out.writeLong(v.lo());
        if (v.type() == ValType.V128) {
            out.writeLong(v.hi());
        }
    }

    /** Decodes a reduced trace. */
    public static ReducedTrace read(byte[] bytes) {
        Input in = new Input(bytes);
        try {
            byte[] magic = in.bytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw BadTraceException.atOffset("not a reduced trace (bad magic)", 0);
            }
            int version = in.readUnsignedShort();
            in.version = version;
            if (version < 1 || version > ReducedTrace.REALMS_VERSION) {
                throw BadTraceException.atOffset("unknown reduced trace version " + version + " (this reprise reads "
                        + ReducedTrace.REALMS_VERSION + ")", 8);
            }
            byte[] sha = in.bytes(in.readUnsignedByte());
            List<Effect> preamble = in.effects();
            Map<Integer, Value> globals = new TreeMap<>();
            for (int n = in.count(); n > 0; n--) {
                globals.put(in.readInt(), in.value());
            }
            List<ExportInvoke> driver = in.invokes();
            List<ImportReplay> imports = in.imports();
            List<dev.reprise.record.trace.TraceEvent.MemoryDigest> digests = new ArrayList<>();
            List<Effect> epilogue = List.of();
            if (version >= 2) {
                epilogue = in.effects();
                for (int n = in.count(); n > 0; n--) {
                    int m = in.readInt();
                    long at = in.offset();
                    long pages = in.readLong();
                    if (pages < 0) {
                        throw BadTraceException.atOffset("negative page count " + pages, at);
                    }
                    digests.add(new dev.reprise.record.trace.TraceEvent.MemoryDigest(0, m, pages, in.bytes(32)));
                }
            }
            List<ThreadReplay> threads = new ArrayList<>();
            Schedule schedule = Schedule.NONE;
            if (version >= 3) {
                for (int n = in.count(); n > 0; n--) {
                    int tid = in.readInt();
                    int parent = in.readInt();
                    int arg = in.readInt();
                    ExportInvoke start = in.readBoolean() ? single(in) : null;
                    threads.add(new ThreadReplay(tid, parent, arg, start, in.imports()));
                }
                long clockStart = in.readLong();
                long clockStep = in.readLong();
                int budget = in.readInt();
                List<Schedule.Decision> decisions = new ArrayList<>();
                for (int n = in.count(); n > 0; n--) {
                    int code = in.readUnsignedByte();
                    DecisionKind kind = DecisionKind.ofCode(code);
                    if (kind == null) {
                        throw BadTraceException.atOffset("unknown decision kind " + code, in.offset() - 1);
                    }
                    decisions.add(new Schedule.Decision(kind, in.readInt(), in.readInt()));
                }
                schedule = new Schedule(decisions, clockStart, clockStep, budget);
            }
            List<dev.reprise.record.trace.TraceEvent.HostFunction> hosts = new ArrayList<>();
            if (version >= ReducedTrace.HOST_FUNCTIONS_VERSION) {
                for (int n = in.count(); n > 0; n--) {
                    int f = in.readInt();
                    List<ValType> params = in.types();
                    hosts.add(new dev.reprise.record.trace.TraceEvent.HostFunction(0, f, params, in.types()));
                }
            }
            if (version >= ReducedTrace.REALMS_VERSION) {
                long at = in.offset();
                if (in.count() != threads.size()) {
                    throw BadTraceException.atOffset("the realms block lists another number of threads", at);
                }
                for (int i = 0; i < threads.size(); i++) {
                    ThreadReplay th = threads.get(i);
                    at = in.offset();
                    if (in.readInt() != th.tid()) {
                        throw BadTraceException.atOffset("the realms block lists the threads in another order", at);
                    }
                    List<ExportInvoke> calls = in.invokes();
                    threads.set(i, new ThreadReplay(th.tid(), th.parent(), th.arg(), th.start(), th.imports(), calls));
                }
                at = in.offset();
                List<Schedule.Decision> decisions = new ArrayList<>(schedule.decisions());
                if (in.count() != decisions.size()) {
                    throw BadTraceException.atOffset("the realms block lists another number of decisions", at);
                }
                for (int i = 0; i < decisions.size(); i++) {
                    Schedule.Decision d = decisions.get(i);
                    decisions.set(i, new Schedule.Decision(d.kind(), d.options(), d.choice(), in.readInt()));
                }
                Map<Integer, List<Integer>> entries = new TreeMap<>();
                for (int n = in.count(); n > 0; n--) {
                    int tid = in.readInt();
                    List<Integer> list = new ArrayList<>();
                    for (int k = in.count(); k > 0; k--) {
                        list.add(in.readInt());
                    }
                    entries.put(tid, list);
                }
                schedule = new Schedule(decisions, schedule.clockStartNanos(), schedule.clockStepNanos(),
                        schedule.preemptBudget(), entries);
            }
            if (in.readInt() != END) {
                throw BadTraceException.atOffset("missing end marker of the reduced trace", in.offset());
            }
            if (in.offset() != bytes.length) {
                throw BadTraceException.atOffset("bytes after the end of the reduced trace", in.offset());
            }
            return new ReducedTrace(version, sha, preamble, globals, driver, imports, epilogue, digests, threads,
                    schedule, hosts);
        } catch (EOFException e) {
            throw BadTraceException.atOffset("reduced trace cut short", in.offset());
        } catch (IOException | IllegalArgumentException e) {
            throw BadTraceException.atOffset("malformed reduced trace: " + e.getMessage(), in.offset());
        }
    }

    private static ExportInvoke single(Input in) throws IOException {
        long at = in.offset();
        List<ExportInvoke> list = in.invokes();
        if (list.size() != 1) {
            throw BadTraceException.atOffset("a thread start holds " + list.size() + " calls, not 1", at);
        }
        return list.get(0);
    }

    /** A data input that knows its offset. */
    private static final class Input extends DataInputStream {
        private final int length;
        int version;

        Input(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
            this.length = bytes.length;
        }

        long offset() {
            try {
                return length - available();
            } catch (IOException e) {
                return -1;
            }
        }

        byte[] bytes(int n) throws IOException {
            if (n > available()) {
                throw new EOFException("needs " + n + " bytes, " + available() + " left");
            }
            byte[] b = new byte[n];
            readFully(b);
            return b;
        }

        int count() throws IOException {
            int n = readInt();
            if (n < 0 || n > available()) {
                throw BadTraceException.atOffset("implausible count " + n, offset() - 4);
            }
            return n;
        }

        List<ValType> types() throws IOException {
            List<ValType> out = new ArrayList<>();
            for (int n = count(); n > 0; n--) {
                int code = readUnsignedByte();
                ValType t = ValType.ofCode(code);
                if (t == null) {
                    throw BadTraceException.atOffset("unknown value type 0x" + Integer.toHexString(code), offset() - 1);
                }
                out.add(t);
            }
            return out;
        }

        Value value() throws IOException {
            int code = readUnsignedByte();
            ValType t = ValType.ofCode(code);
            if (t == null) {
                throw BadTraceException.atOffset("unknown value type 0x" + Integer.toHexString(code), offset() - 1);
            }
            long lo = readLong();
            return new Value(t, lo, t == ValType.V128 ? readLong() : 0);
        }

        List<Value> values() throws IOException {
            List<Value> out = new ArrayList<>();
            for (int n = count(); n > 0; n--) {
                out.add(value());
            }
            return out;
        }

        List<ImportReplay> imports() throws IOException {
            List<ImportReplay> imports = new ArrayList<>();
            for (int n = count(); n > 0; n--) {
                int f = readInt();
                String module = readUTF();
                String name = readUTF();
                List<CallRun> runs = new ArrayList<>();
                for (int k = count(); k > 0; k--) {
                    long count = readLong();
                    List<Value> args = values();
                    List<ExportInvoke> nested = invokes();
                    List<Effect> effects = effects();
                    List<Value> results = values();
                    int ended = ended();
                    runs.add(new CallRun(count, new ImportCallReplay(args, nested, effects, results, ended == 1,
                            ended == 2)));
                }
                imports.add(new ImportReplay(f, module, name, runs));
            }
            return imports;
        }

        /** How a call ended: 0 never returned, 1 returned, 2 unwound or threw (version 4 on). */
        int ended() throws IOException {
            int b = readUnsignedByte();
            if (b > (version >= ReducedTrace.UNWINDING_VERSION ? 2 : 1)) {
                throw BadTraceException.atOffset("bad call end " + b, offset() - 1);
            }
            return b;
        }

        List<ExportInvoke> invokes() throws IOException {
            List<ExportInvoke> out = new ArrayList<>();
            for (int n = count(); n > 0; n--) {
                List<Effect> before = effects();
                int f = readInt();
                String name = readUTF();
                int ended = ended();
                List<Value> args = values();
                out.add(new ExportInvoke(before, f, name, args, values(), ended == 1, ended == 2));
            }
            return out;
        }

        List<Effect> effects() throws IOException {
            List<Effect> out = new ArrayList<>();
            for (int n = count(); n > 0; n--) {
                int tag = readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        int m = readInt();
                        long a = readLong();
                        out.add(new Effect.Store(m, a, bytes(count())));
                    }
                    case 2 -> out.add(new Effect.MemoryGrow(readInt(), readLong()));
                    case 3 -> out.add(new Effect.TableGrow(readInt(), readLong()));
                    case 4 -> out.add(new Effect.TableSet(readInt(), readLong(), value()));
                    case 5 -> out.add(new Effect.GlobalSet(readInt(), value()));
                    default -> throw BadTraceException.atOffset("unknown effect tag " + tag, offset() - 1);
                }
            }
            return out;
        }
    }
}
