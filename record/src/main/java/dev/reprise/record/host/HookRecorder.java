package dev.reprise.record.host;

import dev.reprise.record.host.internal.HostStateWatch;
import dev.reprise.record.host.internal.HostWriteTracker;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceSink;
import dev.reprise.record.trace.ValType;
import dev.reprise.record.trace.Value;
import dev.reprise.runtime.sched.Scheduler;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.Import;
import dev.reprise.wasm.ModuleSummary;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import dev.reprise.transform.record.RecordingInstrumentation;
import run.endive.runtime.HostFunction;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.wasm.types.FunctionType;

/**
 * The host side of the recording hooks ({@code reprise_rec}, see the transform module's
 * {@code RecordingInstrumentation}): turns the instrumented module's reports into trace events
 * on a {@link TraceSink}. Export and import calls become call and return events with every
 * argument and result, bit-exact; reads the host changed become {@code HostRead}; table and
 * global reads become {@code TableSet} and {@code GlobalChange}; each {@code fd_write} to
 * stdout or stderr also yields an {@code OutputDigest} of the bytes handed to the host, so a
 * replay can prove it would print the same. Events carry the guest thread id. At the end of a
 * run that ended normally the recorder calls {@link #writeFinalState}: in shadow mode the host's
 * writes the module never read, then one {@code MemoryDigest} per memory, the final state a
 * replay must reach.
 *
 * <p>Host mode (constructed with a {@link HostWriteTracker}): the module reports only its
 * boundary (calls, values, the start function); at each point where the guest resumes (an
 * export call, an import return, the start function) the recorder emits what the host did
 * meanwhile: {@code MemoryGrow} and {@code HostWrite} from the tracked memories, then
 * {@code TableGrow}/{@code TableSet}/{@code GlobalChange} for host-visible tables and globals
 * that changed ({@link HostStateWatch}), before the {@code ExportCall} or {@code ImportReturn}.
 */
public final class HookRecorder {
    /** The import module of the hooks. */
    public static final String MODULE = "reprise_rec";
    /**
     * The hook ({@code () -> ()}) the host of an import calls just before it throws an exception
     * through guest frames (a replay's stub, when the recorded host did: see
     * {@code ReplayGenerator.reportingThrowsTo}); where the run goes on then tells which calls the
     * exception ended ({@link TraceEvent.Unwind}).
     */
    public static final String THREW_HOOK = "import_threw";
    /** A fresh SHA-256 digest, cloned for each output digest (cheaper than a provider lookup per call). */
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private final ModuleSummary summary;
    private final List<Import> functionImports = new ArrayList<>();
    private final TraceSink sink;
    private final Map<Integer, Deque<Frame>> frames = new HashMap<>();
    private final HostWriteTracker writes;
    /** Host mode: tables and globals the host may change, compared at each resume; null when the host reaches only memory. */
    private HostStateWatch watch;
    private final int memoryCount;
    private final IntUnaryOperator originalFunction;
    private long events;
    /** The instance of thread 0, seen at its first export call: whose memories the final digests cover. */
    private Instance main;

    /** One export or import call (or, in host mode, the start function) in progress: its values so far (arguments, then results). */
    private static final class Frame {
        /** The start function (host mode): the guest runs, nothing is emitted. */
        static final Frame START = new Frame(true, -1, "(start)", null);
        final boolean export;
        final int function;
        final String name;
        final FuncType type;
        final List<Value> values = new ArrayList<>();
        List<Value> args = List.of();
        boolean called;

        Frame(boolean export, int function, String name, FuncType type) {
            this.export = export;
            this.function = function;
            this.name = name;
            this.type = type;
        }
    }

    /** @param summary the summary of the ORIGINAL module (indices in hooks refer to it) */
    public HookRecorder(ModuleSummary summary, TraceSink sink) {
        this(summary, sink, null, IntUnaryOperator.identity());
    }

    /**
     * @param summary the summary of the ORIGINAL module (indices in hooks refer to it)
     * @param writes host mode: the tracker that wraps the run's memories; null for the shadow and full modes
     * @param originalFunction maps a function index of the instrumented module (as tables hold them)
     *     to the original module's ({@link RecordingInstrumentation.Instrumented#original})
     */
    HookRecorder(ModuleSummary summary, TraceSink sink, HostWriteTracker writes, IntUnaryOperator originalFunction) {
        this.summary = summary;
        this.sink = sink;
        this.writes = writes;
        this.originalFunction = originalFunction;
        this.watch = writes != null ? new HostStateWatch(summary, originalFunction) : null;
        this.memoryCount = summary.memories().size();
        for (Import i : summary.imports()) {
            if (i.kind() == ExternalKind.FUNCTION) {
                functionImports.add(i);
            }
        }
        int n = functionImports.size();
        importNames = new String[n];
        importTypes = new FuncType[n];
        rawParams = new ValType[n][];
        rawResults = new ValType[n][];
        fdWriteImport = new boolean[n];
        spawnImport = new boolean[n];
        for (int k = 0; k < n; k++) {
            Import i = functionImports.get(k);
            importNames[k] = i.module() + "." + i.name();
            importTypes[k] = summary.functionType(k);
            rawParams[k] = rawTypes(importTypes[k].params());
            rawResults[k] = rawTypes(importTypes[k].results());
            fdWriteImport[k] = i.module().equals("wasi_snapshot_preview1") && i.name().equals("fd_write");
            spawnImport[k] = i.module().equals("wasi") && i.name().equals("thread-spawn");
        }
        tableSizes = new long[summary.tables().size()];
        for (int t = 0; t < tableSizes.length; t++) {
            tableSizes[t] = summary.tables().get(t).limits().min();
        }
    }

    /** Per table of the original module: the size the module last saw (declared minimum, then table.size and host function slots). */
    private final long[] tableSizes;

    /** A replay's stand-ins for the functions the host set into tables ({@link #replayingHostFunctions}). */
    private HostFunctionStubs hosts = HostFunctionStubs.NONE;

    /**
     * Tells the recorder that the running module (a replay) stands in for functions the host set
     * into tables ({@link TraceEvent.HostFunction}): {@code entries} maps the running index of the
     * function the replay placed in the table for {@code hosts.get(k)} to {@code k}. Such an
     * entry is written as the host function (declared before its first use, as the JavaScript
     * recorder declares it), and {@code import_enter}/{@code import_exit} with index
     * {@code importCount + k} report a call of it. Returns this recorder.
     */
    public HookRecorder replayingHostFunctions(List<TraceEvent.HostFunction> hosts, Map<Integer, Integer> entries) {
        this.hosts = new HostFunctionStubs(hosts, entries);
        return this;
    }

    /** The name of the import the trace gives calls of host function {@code funcIndex} (its module is {@link #HOST_MODULE}). */
    public static String hostFunctionName(int funcIndex) {
        return "function." + funcIndex;
    }

    /** The wasm signature of a host function the trace declares. */
    public static FuncType hostFunctionType(TraceEvent.HostFunction h) {
        return new FuncType(HostFunctionStubs.wasmTypes(h.params()), HostFunctionStubs.wasmTypes(h.results()));
    }

    /** The import module of calls of functions the host set into tables, in traces. */
    public static final String HOST_MODULE = "reprise.host";

    /** The function index the trace gives import slot {@code slot}: an import's own, or a host function's. */
    private int traceIndex(int slot) {
        return hosts.traceIndex(slot, importNames.length);
    }

    /** Per function import: "module.name" and its type, looked up once rather than at every call. */
    private final String[] importNames;
    private final FuncType[] importTypes;
    /** Per function import: parameter and result types as trace types when numeric (captured imports), else null. */
    private final ValType[][] rawParams;
    private final ValType[][] rawResults;
    /** Per function import: whether it is WASI's {@code fd_write} (output digests) or wasi-threads' {@code thread-spawn}. */
    private final boolean[] fdWriteImport;
    private final boolean[] spawnImport;

    /**
     * A host-mode recorder for a module run by other code than {@link WasiRecorder} or
     * {@link JavaHostRecorder} (e.g. a verifier re-recording a replay, whose replayed imports are
     * the "host"): it owns a host-write tracker, and every memory of the run must be wrapped with
     * {@link #wrapMemory} (in a sandbox: {@code RunOptions.memoryWrapper}). Function references
     * read from tables are written as indices of {@code original}.
     *
     * @param summary  the summary of the ORIGINAL module
     * @param original the module the trace is about
     * @param running  the module actually instantiated (instrumented in host mode, or a replay of it)
     */
    public static HookRecorder hostMode(ModuleSummary summary, TraceSink sink, byte[] original, byte[] running) {
        IntUnaryOperator origin = FunctionOrigins.of(original, running);
        return new HookRecorder(summary, sink, new HostWriteTracker(), origin).running(original, running);
    }

    /**
     * Host mode, for a host that can change nothing but memory (reprise's own WASI functions):
     * tables and globals are not compared at every resume. Returns this recorder.
     */
    HookRecorder hostReachesOnlyMemory() {
        this.watch = null;
        return this;
    }

    /** Host mode: {@code memory} wrapped so that writes made while the host has control are seen; other modes: {@code memory}. */
    public Memory wrapMemory(Memory memory) {
        return writes == null ? memory : writes.wrap(memory);
    }

    /** Called in host mode each time the guest resumes (see {@link #onGuestResumes}). */
    private java.util.function.Consumer<Instance> guestResumesListener;

    /**
     * Host mode: calls {@code listener} each time the guest resumes after the host had control
     * (an export call, an import return, the start function), after the events of the host's turn
     * ({@code MemoryGrow}, {@code HostWrite}, table and global changes) were written and before
     * the {@code ExportCall} or {@code ImportReturn}: the memories then hold what the guest will
     * see. For checkers that compare a run with a recording as it goes.
     */
    public HookRecorder onGuestResumes(java.util.function.Consumer<Instance> listener) {
        this.guestResumesListener = listener;
        return this;
    }

    /** Set by {@link #running}: overrides {@code originalFunction} (a replay renumbers differently). */
    private java.util.function.IntUnaryOperator origin;

    /**
     * Tells the recorder which module runs, so that function references it reads from tables are
     * written as indices of the original module (the instrumentation and a replay renumber
     * functions). Without it they are the running instance's indices.
     *
     * @param original the module the trace is about
     * @param running  the module actually instantiated (instrumented, or a replay of the instrumented one)
     */
    public HookRecorder running(byte[] original, byte[] running) {
        this.origin = FunctionOrigins.of(original, running);
        return this;
    }

    /** Events written so far. */
    public long eventCount() {
        return events;
    }

    /** {@link #emit} as a consumer, made once rather than at every resume. */
    private final java.util.function.Consumer<TraceEvent> emitter = this::emit;

    private void emit(TraceEvent e) {
        if (thrownFrom != null) {
            caught(false); // the guest runs: it caught the exception
        }
        events++;
        sink.write(e);
    }

    private static int tid() {
        return Scheduler.currentThreadId();
    }

    /** The call stack of the thread that asked last (one guest thread runs at a time: almost always a hit). */
    private volatile LastStack lastStack;

    private record LastStack(Thread thread, Deque<Frame> stack) {
    }

    private Deque<Frame> stack() {
        Thread me = Thread.currentThread();
        LastStack l = lastStack;
        if (l != null && l.thread == me) {
            return l.stack;
        }
        Deque<Frame> s = frames.computeIfAbsent(tid(), k -> new ArrayDeque<>());
        lastStack = new LastStack(me, s);
        return s;
    }

    /** Whether an export or import call is still open on some thread (a trap or an exit skipped its return). */
    public boolean callsOpen() {
        for (Deque<Frame> d : frames.values()) {
            if (!d.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the final state of a run that ended normally, as seen by the instance of thread 0:
     * in shadow mode first the bytes the host wrote that the module never read (each memory
     * compared with its shadow; as {@code HostRead} events after the last call, growth the shadow
     * never saw as {@code MemoryGrow}), so that a replay can end in the same state; then a
     * {@link TraceEvent.MemoryDigest} for every memory of the original module (imported and
     * defined, in index order; the shadows are not the module's). Call it once; does nothing (and
     * returns false) when no export was ever called.
     *
     * @param shadow whether the module was instrumented in shadow mode (memory {@code M + m} is the shadow of {@code m})
     */
    public boolean writeFinalState(boolean shadow) {
        thrownFrom = null; // an exception that ended the run leaves no unwind event
        if (main == null) {
            return false;
        }
        int memories = summary.memories().size();
        if (shadow) {
            for (int m = 0; m < memories; m++) {
                unreadHostWrites(m, main.memory(m), main.memory(memories + m));
            }
        }
        return writeMemoryDigests();
    }

    /** The bytes of {@code memory} that differ from its {@code shadow}, as reads of merged runs. */
    private void unreadHostWrites(int m, Memory memory, Memory shadow) {
        long pages = memory.pages();
        if (shadow.pages() < pages) {
            emit(new TraceEvent.MemoryGrow(0, m, pages));
        }
        long size = pages * 65536;
        long shadowSize = (long) shadow.pages() * 65536;
        int chunk = 1 << 16;
        long runStart = -1;
        java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
        for (long at = 0; at < size; at += chunk) {
            int n = (int) Math.min(chunk, size - at);
            byte[] a = memory.readBytes((int) at, n);
            byte[] b = at + n <= shadowSize ? shadow.readBytes((int) at, n) : new byte[n];
            if (at < shadowSize && at + n > shadowSize) {
                System.arraycopy(shadow.readBytes((int) at, (int) (shadowSize - at)), 0, b, 0, (int) (shadowSize - at));
            }
            if (java.util.Arrays.equals(a, b) && runStart < 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (a[i] != b[i]) {
                    if (runStart < 0) {
                        runStart = at + i;
                    }
                    run.write(a[i]);
                    if (run.size() == MAX_FINAL_READ) {
                        emit(new TraceEvent.HostRead(0, m, runStart, run.toByteArray()));
                        run.reset();
                        runStart = -1;
                    }
                } else if (runStart >= 0) {
                    emit(new TraceEvent.HostRead(0, m, runStart, run.toByteArray()));
                    run.reset();
                    runStart = -1;
                }
            }
        }
        if (runStart >= 0) {
            emit(new TraceEvent.HostRead(0, m, runStart, run.toByteArray()));
        }
    }

    private static final int MAX_FINAL_READ = 1 << 20;

    /**
     * Writes a {@link TraceEvent.MemoryDigest} for every memory of the original module (see
     * {@link #writeFinalState}); returns false when no export was ever called.
     */
    public boolean writeMemoryDigests() {
        thrownFrom = null;
        if (main == null) {
            return false;
        }
        for (int m = 0; m < summary.memories().size(); m++) {
            Memory memory = main.memory(m);
            emit(new TraceEvent.MemoryDigest(0, m, memory.pages(), memorySha256(memory)));
        }
        return true;
    }

    /** The SHA-256 of all bytes of {@code memory} ({@code pages} x 64 KiB), read in 1 MiB chunks. */
    public static byte[] memorySha256(Memory memory) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = (long) memory.pages() * 65536;
            int chunk = 1 << 20;
            for (long at = 0; at < size; at += chunk) {
                sha.update(memory.readBytes((int) at, (int) Math.min(chunk, size - at)));
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** The host functions to offer the instrumented module. */
    public List<HostFunction> hostFunctions() {
        List<HostFunction> out = new ArrayList<>();
        run.endive.wasm.types.ValType i32 = run.endive.wasm.types.ValType.I32;
        run.endive.wasm.types.ValType i64 = run.endive.wasm.types.ValType.I64;
        out.add(fn("export_enter", List.of(i32), (inst, a) -> enter(inst, true, (int) a[0])));
        out.add(fn("export_exit", List.of(i32), (inst, a) -> exit(inst, true)));
        out.add(fn("import_enter", List.of(i32), (inst, a) -> enter(inst, false, (int) a[0])));
        out.add(fn("import_exit", List.of(i32), (inst, a) -> exit(inst, false)));
        out.add(fn("value_i32", List.of(i32), (inst, a) -> value(inst, Value.i32((int) a[0]))));
        out.add(fn("value_i64", List.of(i64), (inst, a) -> value(inst, Value.i64(a[0]))));
        out.add(fn("value_f32", List.of(i32), (inst, a) -> value(inst, Value.f32Bits((int) a[0]))));
        out.add(fn("value_f64", List.of(i64), (inst, a) -> value(inst, Value.f64Bits(a[0]))));
        out.add(fn("value_v128", List.of(i64, i64), (inst, a) -> value(inst, Value.v128(a[0], a[1]))));
        out.add(fn("value_ref", List.of(i32), (inst, a) -> value(inst, reference(a[0] != 0))));
        out.add(fn("read_i8", List.of(i32, i64, i32), (inst, a) -> read((int) a[0], a[1], a[2], 1)));
        out.add(fn("read_i16", List.of(i32, i64, i32), (inst, a) -> read((int) a[0], a[1], a[2], 2)));
        out.add(fn("read_i32", List.of(i32, i64, i32), (inst, a) -> read((int) a[0], a[1], a[2], 4)));
        out.add(fn("read_i64", List.of(i32, i64, i64), (inst, a) -> read((int) a[0], a[1], a[2], 8)));
        out.add(fn("read_v128", List.of(i32, i64, i64, i64), (inst, a) -> {
            byte[] b = new byte[16];
            putLE(b, 0, a[2], 8);
            putLE(b, 8, a[3], 8);
            emit(new TraceEvent.HostRead(tid(), (int) a[0], a[1], b));
        }));
        out.add(fn("read_range", List.of(i32, i64, i64), (inst, a) -> {
            Memory m = inst.memory((int) a[0]);
            emit(new TraceEvent.HostRead(tid(), (int) a[0], a[1], m.readBytes((int) a[1], (int) a[2])));
        }));
        out.add(fn("memory_size", List.of(i32, i64), (inst, a) -> emit(new TraceEvent.MemoryGrow(tid(), (int) a[0], a[1]))));
        out.add(fn("table_size", List.of(i32, i64), (inst, a) -> tableSize((int) a[0], a[1])));
        out.add(fn("table_get", List.of(i32, i64), (inst, a) -> tableEntry(inst, (int) a[0], a[1])));
        out.add(fn("call_indirect", List.of(i32, i64, i32), (inst, a) -> tableEntry(inst, (int) a[0], a[1])));
        out.add(fn("global_i32", List.of(i32, i32), (inst, a) -> emit(new TraceEvent.GlobalChange(tid(), (int) a[0], Value.i32((int) a[1])))));
        out.add(fn("global_i64", List.of(i32, i64), (inst, a) -> emit(new TraceEvent.GlobalChange(tid(), (int) a[0], Value.i64(a[1])))));
        out.add(fn("global_f32", List.of(i32, i32), (inst, a) -> emit(new TraceEvent.GlobalChange(tid(), (int) a[0], Value.f32Bits((int) a[1])))));
        out.add(fn("global_f64", List.of(i32, i64), (inst, a) -> emit(new TraceEvent.GlobalChange(tid(), (int) a[0], Value.f64Bits(a[1])))));
        out.add(fn("global_v128", List.of(i32, i64, i64), (inst, a) -> emit(new TraceEvent.GlobalChange(tid(), (int) a[0], Value.v128(a[1], a[2])))));
        List<run.endive.wasm.types.ValType> packed = List.of(i32, i64, i64, i64, i64, i64, i64, i64, i64);
        out.add(fn("export_enter_values", packed, (inst, a) -> enterWithValues(inst, true, a)));
        out.add(fn("export_exit_values", packed, (inst, a) -> exitWithValues(inst, true, a)));
        out.add(fn("import_enter_values", packed, (inst, a) -> enterWithValues(inst, false, a)));
        out.add(fn("import_exit_values", packed, (inst, a) -> exitWithValues(inst, false, a)));
        out.add(fn("start_enter", List.of(), (inst, a) -> startEnter(inst)));
        out.add(fn(THREW_HOOK, List.of(), (inst, a) -> threw()));
        out.add(fn("start_exit", List.of(), (inst, a) -> startExit(inst)));
        return out;
    }

    /** A hook body: the instance calling and the raw arguments. */
    private interface Hook {
        void apply(Instance instance, long[] args);
    }

    private static HostFunction fn(String name, List<run.endive.wasm.types.ValType> params, Hook hook) {
        return new HostFunction(MODULE, name, FunctionType.of(params, List.of()), (inst, args) -> {
            hook.apply(inst, args);
            return null;
        });
    }

    /** The frame of the outermost import call whose host threw an exception not yet seen caught, or null. */
    private Frame thrownFrom;
    /** The import whose host threw first. */
    private int thrownImport;

    /**
     * The host of the innermost open import call (below {@link #thrownFrom}, when set) throws: as
     * {@value #THREW_HOOK}, for a recorder that sees its host functions throw ({@link JavaHostRecorder#observingThrows}).
     */
    void hostThrew() {
        markThrow(); // none open: the host function was not called through the recorded wrappers
    }

    /** {@value #THREW_HOOK}: as {@link #hostThrew}, from a replay's stub. */
    private void threw() {
        if (!markThrow()) {
            throw new IllegalStateException("recording hook " + THREW_HOOK + " outside any import call");
        }
    }

    /** Marks the innermost open import call below {@link #thrownFrom} (or at all) as thrown; false when there is none. */
    private boolean markThrow() {
        boolean below = thrownFrom == null;
        for (Frame f : stack()) {
            if (!below) {
                below = f == thrownFrom;
            } else if (!f.export) {
                if (thrownFrom == null) {
                    thrownImport = traceIndex(f.function);
                }
                thrownFrom = f;
                return true;
            }
        }
        return false;
    }

    /**
     * The run goes on after a throw: in host code ({@code byHost}: an export call or an import's
     * return comes next) that caught it in the innermost import call below the thrower, else in
     * guest code that caught it in the innermost export call below it. The calls above the catcher
     * end; results reported since the throw (they went to the top frame) are the catcher's.
     */
    private void caught(boolean byHost) {
        Deque<Frame> stack = stack();
        Frame top = stack.peek();
        List<Value> carried = top.called ? new ArrayList<>(top.values) : List.of();
        int frames = 0;
        boolean passed = false;
        for (Frame f : stack) {
            if (passed && f.export != byHost) {
                break;
            }
            frames++;
            passed |= f == thrownFrom;
        }
        for (int k = 0; k < frames; k++) {
            stack.pop();
        }
        thrownFrom = null;
        if (byHost && !stack.isEmpty()) {
            stack.peek().values.clear();
            stack.peek().values.addAll(carried);
        }
        emit(new TraceEvent.Unwind(tid(), frames, thrownImport));
    }

    /**
     * The calling thread gives the baton up outside the module (a replay of a run recorded in
     * several realms goes idle): calls an exception took out of the module end here, in one unwind
     * event, as the JavaScript recorder ends them before its realm gives the baton on.
     */
    public void leftTheModule() {
        Deque<Frame> stack = stack();
        if (thrownFrom == null || stack.isEmpty()) {
            return;
        }
        int frames = stack.size();
        stack.clear();
        thrownFrom = null;
        emit(new TraceEvent.Unwind(tid(), frames, thrownImport));
    }

    private void enter(Instance inst, boolean export, int index) {
        if (main == null && tid() == 0) {
            main = inst;
        }
        if (thrownFrom != null) {
            caught(export);
        }
        Frame f;
        if (export) {
            Export e = summary.exports().get(index);
            f = new Frame(true, e.index(), e.name(), summary.functionType(e.index()));
            Deque<Frame> stack = stack();
            // the host calls exports only while it has control: a guest frame on top was left by a trap
            while (!stack.isEmpty() && stack.peek().export) {
                stack.pop();
            }
            guestResumes(inst, false);
        } else {
            f = index < importNames.length ? new Frame(false, index, importNames[index], importTypes[index])
                    : new Frame(false, index, hosts.label(index, importNames.length), hosts.type(index, importNames.length));
            hostResumes(inst);
        }
        stack().push(f);
        maybeCall(inst, f);
    }

    /**
     * Host mode, an import the recorder captures in its own host function ({@link CapturedImports}):
     * the guest called import {@code index} with {@code args} (the engine's raw slots, numeric
     * types only). Emits the host's turn and the {@code ImportCall} as {@code import_enter_values}
     * would, handing the raw slots to the sink ({@link TraceSink#importCall}).
     */
    void importCalled(Instance inst, int index, long[] args) {
        if (thrownFrom != null) {
            caught(false);
        }
        hostResumes(inst);
        Frame f = new Frame(false, index, importNames[index], importTypes[index]);
        f.called = true;
        if (spawnImport[index] && args.length > 0) {
            f.args = List.of(Value.i32((int) args[0]));
        }
        stack().push(f);
        Import i = functionImports.get(index);
        events++;
        sink.importCall(tid(), index, i.module(), i.name(), rawParams[index], args);
        if (fdWriteImport[index] && args.length >= 3) {
            digestOutput(inst, (int) args[0], (int) args[1], (int) args[2]);
        }
    }

    /** The import {@link #importCalled} reported returned {@code results} (null when it has none). */
    void importReturned(Instance inst, long[] results) {
        if (thrownFrom != null) {
            caught(true);
        }
        Deque<Frame> stack = stack();
        Frame f = stack.pop();
        // frames of calls a trap unwound (a host that caught it carried on) end here too
        while (f.export || f == Frame.START) {
            f = stack.pop();
        }
        guestResumes(inst, false);
        events++;
        sink.importReturn(tid(), f.function, rawResults[f.function], results);
        if (spawnImport[f.function] && results != null && results.length > 0 && !f.args.isEmpty()) {
            emit(new TraceEvent.ThreadSpawn(tid(), (int) results[0], (int) f.args.get(0).lo()));
        }
    }

    /** Per function import: its parameter and result types as trace types when all are numeric, else null. */
    private static ValType[] rawTypes(List<dev.reprise.wasm.ValType> types) {
        ValType[] out = new ValType[types.size()];
        for (int k = 0; k < out.length; k++) {
            switch (types.get(k).code()) {
                case dev.reprise.wasm.ValType.I32_CODE -> out[k] = ValType.I32;
                case dev.reprise.wasm.ValType.I64_CODE -> out[k] = ValType.I64;
                case dev.reprise.wasm.ValType.F32_CODE -> out[k] = ValType.F32;
                case dev.reprise.wasm.ValType.F64_CODE -> out[k] = ValType.F64;
                default -> {
                    return null;
                }
            }
        }
        return out;
    }

    /** Host mode's {@code *_enter_values}: the call, then its arguments from i64 slots {@code a[1..]}. */
    private void enterWithValues(Instance inst, boolean export, long[] a) {
        enter(inst, export, (int) a[0]);
        Frame f = stack().peek();
        if (!f.called) {
            unpack(f.type.params(), a, f.values);
            maybeCall(inst, f);
        }
    }

    /** Host mode's {@code *_exit_values}: the results from i64 slots {@code a[1..]}, then the return. */
    private void exitWithValues(Instance inst, boolean export, long[] a) {
        if (thrownFrom != null) {
            caught(!export);
        }
        Frame f = stack().peek();
        if (f == null) {
            throw new IllegalStateException("recording hook *_exit_values outside any call");
        }
        unpack(f.type.results(), a, f.values);
        exit(inst, export);
    }

    /** Decodes values of {@code types} from slots {@code a[1..]} as the {@code value_*} hooks would receive them. */
    private static void unpack(List<dev.reprise.wasm.ValType> types, long[] a, List<Value> into) {
        int k = 1;
        for (dev.reprise.wasm.ValType t : types) {
            long s = a[k++];
            switch (t.code()) {
                case dev.reprise.wasm.ValType.I32_CODE -> into.add(Value.i32((int) s));
                case dev.reprise.wasm.ValType.I64_CODE -> into.add(Value.i64(s));
                case dev.reprise.wasm.ValType.F32_CODE -> into.add(Value.f32Bits((int) s));
                case dev.reprise.wasm.ValType.F64_CODE -> into.add(Value.f64Bits(s));
                case dev.reprise.wasm.ValType.V128_CODE -> into.add(Value.v128(s, a[k++]));
                default -> {
                    // a reference travels as its null flag (as value_ref's); typed by the signature,
                    // a non-null one recorded as index 0 of its type (see reference)
                    ValType rt = isExtern(t) ? ValType.EXTERNREF : ValType.FUNCREF;
                    into.add(s != 0 ? Value.nullRef(rt) : new Value(rt, 0, 0));
                }
            }
        }
    }

    private void startEnter(Instance inst) {
        guestResumes(inst, true);
        stack().push(Frame.START);
    }

    private void startExit(Instance inst) {
        Deque<Frame> stack = stack();
        while (!stack.isEmpty() && stack.pop() != Frame.START) {
            // frames a trap left behind
        }
        hostResumes(inst);
    }

    /** Host mode: the guest takes control; emit what the host did since it had it. */
    private void guestResumes(Instance inst, boolean atStart) {
        if (writes == null) {
            return;
        }
        int tid = tid();
        writes.collect(inst, memoryCount, tid, emitter);
        if (watch != null) {
            watch.guestRuns(inst, atStart, tid, emitter);
        }
        if (guestResumesListener != null) {
            guestResumesListener.accept(inst);
        }
        writes.guestRuns();
    }

    /** Host mode: the host takes control (an import call, an export or the start function returned). */
    private void hostResumes(Instance inst) {
        if (writes == null) {
            return;
        }
        if (watch != null) {
            watch.hostRuns(inst);
        }
        writes.hostRuns();
    }

    private void value(Instance inst, Value v) {
        Frame f = stack().peek();
        if (f == null) {
            throw new IllegalStateException("recording hook value_* outside any call");
        }
        f.values.add(v);
        maybeCall(inst, f);
    }

    /**
     * A reference argument or result: the hook says only whether it is null, so the type comes
     * from the signature (extern references as externref, all others as funcref) and a non-null
     * reference is recorded as index 0 of that type.
     */
    private Value reference(boolean isNull) {
        Frame f = stack().peek();
        if (f == null) {
            throw new IllegalStateException("recording hook value_ref outside any call");
        }
        List<dev.reprise.wasm.ValType> types = f.called ? f.type.results() : f.type.params();
        int at = f.values.size();
        ValType t = at < types.size() && isExtern(types.get(at)) ? ValType.EXTERNREF : ValType.FUNCREF;
        return isNull ? Value.nullRef(t) : new Value(t, 0, 0);
    }

    private static boolean isExtern(dev.reprise.wasm.ValType t) {
        return t.isReference() && (t.heapType() == dev.reprise.wasm.HeapType.EXTERN
                || t.heapType() == dev.reprise.wasm.HeapType.NOEXTERN);
    }

    private void maybeCall(Instance inst, Frame f) {
        if (f.called || f.values.size() < f.type.params().size()) {
            return;
        }
        f.called = true;
        List<Value> args = List.copyOf(f.values);
        f.args = args;
        f.values.clear();
        if (f.export) {
            emit(new TraceEvent.ExportCall(tid(), f.function, f.name, args));
        } else if (f.function >= importNames.length) {
            int index = traceIndex(f.function);
            emit(new TraceEvent.ImportCall(tid(), index, HOST_MODULE, hostFunctionName(index), args));
        } else {
            Import i = functionImports.get(f.function);
            emit(new TraceEvent.ImportCall(tid(), f.function, i.module(), i.name(), args));
            if (fdWriteImport[f.function]) {
                digestOutput(inst, args);
            }
        }
    }

    private void exit(Instance inst, boolean export) {
        if (thrownFrom != null) {
            caught(!export);
        }
        Deque<Frame> stack = stack();
        Frame f = stack.pop();
        // frames of calls a trap unwound (a host that caught it carried on) end here too
        while (f.export != export || f == Frame.START) {
            f = stack.pop();
        }
        List<Value> results = List.copyOf(f.values);
        if (f.export) {
            emit(new TraceEvent.ExportReturn(tid(), f.function, results));
            hostResumes(inst);
        } else {
            guestResumes(inst, false);
            emit(new TraceEvent.ImportReturn(tid(), traceIndex(f.function), results));
            if (f.function < importNames.length && spawnImport[f.function] && !results.isEmpty() && !f.args.isEmpty()) {
                emit(new TraceEvent.ThreadSpawn(tid(), (int) results.get(0).lo(), (int) f.args.get(0).lo()));
            }
        }
    }

    private void read(int memory, long address, long value, int width) {
        byte[] b = new byte[width];
        putLE(b, 0, value, width);
        emit(new TraceEvent.HostRead(tid(), memory, address, b));
    }

    /**
     * A {@code table_get} or {@code call_indirect} of an imported or exported table: its entry, typed
     * by the table's element type (an externref table's entries are host objects, numbered by
     * Endive's reference; a funcref table's are functions of the original module).
     */
    private void tableEntry(Instance inst, int table, long index) {
        int ref = inst.table(table).ref((int) index);
        boolean extern = table < summary.tables().size() && isExtern(summary.tables().get(table).elementType());
        int host = extern ? -1 : hosts.hostOf(ref);
        Value v;
        if (ref == run.endive.wasm.types.Value.REF_NULL_VALUE) {
            v = Value.nullRef(extern ? ValType.EXTERNREF : ValType.FUNCREF);
        } else if (extern) {
            v = Value.externref(ref);
        } else if (host >= 0) {
            TraceEvent.HostFunction h = hosts.get(host);
            if (table < tableSizes.length && inst.table(table).size() > tableSizes[table]) {
                tableSize(table, inst.table(table).size()); // the host grew it to make room for its function (the JavaScript recorder's rule)
            }
            if (!hosts.declare(host)) {
                emit(new TraceEvent.HostFunction(tid(), h.funcIndex(), h.params(), h.results()));
            }
            v = Value.funcref(h.funcIndex());
        } else {
            v = Value.funcref(origin != null ? origin.applyAsInt(ref) : original(ref));
        }
        emit(new TraceEvent.TableSet(tid(), table, index, v));
    }

    /** The module sees table {@code table} at {@code size} elements (table.size, or a host function's slot). */
    private void tableSize(int table, long size) {
        if (table >= 0 && table < tableSizes.length) {
            tableSizes[table] = size;
        }
        emit(new TraceEvent.TableGrow(tid(), table, size));
    }

    /** The original module's index of instrumented function {@code ref} (unchanged when it has none). */
    private int original(int ref) {
        int o = originalFunction.applyAsInt(ref);
        return o >= 0 ? o : ref;
    }

    /** SHA-256 of the bytes an {@code fd_write(fd, iovs, iovs_len, nwritten)} to stdout/stderr hands over. */
    private void digestOutput(Instance inst, List<Value> args) {
        digestOutput(inst, (int) args.get(0).lo(), (int) args.get(1).lo(), (int) args.get(2).lo());
    }

    private void digestOutput(Instance inst, int fd, int iovs, int count) {
        if (fd != 1 && fd != 2) {
            return;
        }
        Memory m = inst.memory(0);
        try {
            MessageDigest sha = (MessageDigest) SHA256.clone();
            long total = 0;
            for (int k = 0; k < count; k++) {
                int ptr = m.readInt(iovs + 8 * k);
                int len = m.readInt(iovs + 8 * k + 4);
                sha.update(m.readBytes(ptr, len));
                total += Integer.toUnsignedLong(len);
            }
            emit(new TraceEvent.OutputDigest(tid(), fd, total, sha.digest()));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests cannot be cloned", e);
        } catch (RuntimeException e) {
            // an iovec out of bounds: the call itself will fail with EFAULT or trap; nothing was output
        }
    }

    private static void putLE(byte[] b, int off, long v, int width) {
        for (int i = 0; i < width; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
