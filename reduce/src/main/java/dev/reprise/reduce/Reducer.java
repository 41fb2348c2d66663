package dev.reprise.reduce;

import dev.reprise.reduce.internal.EffectBundle;
import dev.reprise.reduce.internal.Shadow;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a trace into the host effects per import call: every value the module read that the host
 * had changed becomes an effect applied at the latest point before the read where the host had
 * control (before the import call that returned last returns, or before the export call the host
 * made), bundled per point; values the module wrote itself are dropped (see {@link Shadow});
 * contiguous bytes merge into runs; consecutive identical calls of an import are run-length
 * encoded.
 *
 * <pre>
 * before:  EC entry | IC read_input | IR read_input [] | HostRead 100 [1 0 0 0] | HostRead 104 [2]
 *          | HostRead 100 [1 0 0 0] | ER
 * after:   driver: call entry
 *          read_input: call 1 -> store 100 [1 0 0 0 2] before returning
 * </pre>
 *
 * Events the module observes (reads, Wasm-R3's global and table events) go to the latest
 * control point before them; events the host makes while it has control (between an import call
 * and its return, outside re-entrant calls: host-mode {@code HostWrite}s, table and global
 * changes, growth) go to the next one.
 *
 * <p>Multi-threaded traces (recorded under reprise's scheduler: events on several threads,
 * {@code thread_spawn} and {@code scheduler_decision} events) reduce the same way, with:
 * <ul>
 *   <li>a call stack per thread: each thread's calls nest on their own, and its import calls
 *       are counted and replayed per thread ({@link ThreadReplay}; thread 0's are the usual
 *       {@link ReducedTrace#imports()}), because a spawned thread runs in its own instance with
 *       its own call counters;</li>
 *   <li>one memory shadow and one sequence of host-control points for all threads, in the
 *       trace's global order: the memory is shared, so a value one thread reads is provided at
 *       the latest point where the host had control in any thread (the thread whose import call
 *       returned last before the read, or whose export call started), which in the replay, run
 *       under the same schedule, comes at the same place in the interleaving;</li>
 *   <li>the runtime's own imports ({@link RuntimeImports}: {@code wasi.thread-spawn}, the
 *       {@code reprise.*} scheduler imports) neither replayed nor host-control points: the
 *       replay keeps them as real imports;</li>
 *   <li>each spawned thread's {@code wasi_thread_start} call kept as that thread's start (its
 *       effects are applied before it runs), and the decisions, in order, as the
 *       {@link Schedule}, with the clock and preemption settings from the trace header.</li>
 * </ul>
 * A trace recorded with an instruction-count preemption quantum is refused: replay code executes
 * other instructions, so the quantum would fall elsewhere (recordings use the preemption pass,
 * whose budget counts only the target's own function entries and loop headers).
 */
public final class Reducer {
    private boolean merge = true;
    private boolean shadow = true;

    /** Turns merging of contiguous bytes into runs on (default) or off (one store per byte). */
    public Reducer merge(boolean merge) {
        this.merge = merge;
        return this;
    }

    /**
     * Turns the shadow on (default) or off: off, every value read becomes an effect even when the
     * module already knows it (the "without reduction" ablation): a re-read within a segment is
     * replayed as its own store of the value the segment started with, unmerged, so the replay
     * stays faithful while doing all the work an unreduced trace asks for.
     */
    public Reducer shadow(boolean shadow) {
        this.shadow = shadow;
        return this;
    }

    /** A reduction with its statistics. */
    public record Result(ReducedTrace trace, ReduceStats stats) {
    }

    /** Reduces a whole trace. */
    public ReducedTrace reduce(Trace trace) {
        return reduceWithStats(trace).trace();
    }

    /** Reduces a whole trace and counts events before and after. */
    public Result reduceWithStats(Trace trace) {
        boolean threaded = false;
        for (TraceEvent e : trace.events()) {
            if (e.tid() != 0 || e.kind() == EventKind.THREAD_SPAWN) {
                threaded = true;
                break;
            }
        }
        Walk w = new Walk(threaded);
        long index = 0;
        for (TraceEvent e : trace.events()) {
            w.event(e, index++);
        }
        ReducedTrace out = w.finish(trace.header().moduleSha256(), threaded ? schedule(trace, w.decisions) : Schedule.NONE);
        Map<String, long[]> before = new LinkedHashMap<>();
        for (EventKind k : EventKind.values()) {
            if (w.counts[k.ordinal()][0] > 0) {
                before.put(k.name().toLowerCase(java.util.Locale.ROOT), w.counts[k.ordinal()]);
            }
        }
        return new Result(out, new ReduceStats(before, ReduceStats.count(out)));
    }

    /** The decisions with the run settings the header names (absent ones: the runtime's defaults). */
    private static Schedule schedule(Trace trace, List<Schedule.Decision> decisions) {
        Map<String, String> o = trace.header().start() == null ? Map.of() : trace.header().start().options();
        if (!o.getOrDefault("preempt-quantum", "0").equals("0")) {
            throw new UnsupportedTraceException("the run was recorded with an instruction preemption quantum ("
                    + o.get("preempt-quantum") + "): a multi-threaded replay cannot reach the same decision points");
        }
        return new Schedule(decisions, number(o, "clock-start", DEFAULT_CLOCK_START), number(o, "clock-step", 0),
                (int) number(o, "preempt-budget", 0));
    }

    /** The runtime's default virtual clock start (2024-01-01T00:00:00Z), for traces that do not name theirs. */
    private static final long DEFAULT_CLOCK_START = 1_704_067_200_000_000_000L;

    private static long number(Map<String, String> options, String key, long absent) {
        String v = options.get(key);
        if (v == null) {
            return absent;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UnsupportedTraceException("trace header option " + key + "=" + v + " is not a number");
        }
    }

    /** An export call being built. */
    private static final class Invoke {
        EffectBundle before = new EffectBundle();
        final TraceEvent.ExportCall call;
        List<Value> results = List.of();
        boolean returned;

        Invoke(TraceEvent.ExportCall call) {
            this.call = call;
        }
    }

    /** An import call being built. */
    private static final class Call {
        final TraceEvent.ImportCall call;
        final boolean runtime;
        final List<Invoke> nested = new ArrayList<>();
        EffectBundle beforeReturn = new EffectBundle();
        List<Value> results = List.of();
        boolean returned;

        Call(TraceEvent.ImportCall call, boolean runtime) {
            this.call = call;
            this.runtime = runtime;
        }
    }

    /** One guest thread: its call stack, its calls and the host effects waiting for its next control point. */
    private static final class Strand {
        final Deque<Object> stack = new ArrayDeque<>();
        final Map<Integer, List<Call>> calls = new TreeMap<>();
        final List<Invoke> roots = new ArrayList<>();
        /** Effects the host made while it had control of this thread (in an import call, after an export return). */
        EffectBundle pending;
        int parent = -1;
        int arg;
        long firstEvent = -1;
    }

    /** One pass over the events. */
    private final class Walk {
        final boolean threaded;
        final long[][] counts = new long[EventKind.values().length][2];
        final Shadow shadow = new Shadow();
        final EffectBundle preamble = new EffectBundle();
        final Map<Integer, Value> initialGlobals = new TreeMap<>();
        final Map<Integer, Strand> strands = new TreeMap<>();
        final List<Schedule.Decision> decisions = new ArrayList<>();
        final List<TraceEvent.MemoryDigest> finalMemories = new ArrayList<>();
        /** The latest host-control point of any thread: what the module reads from here on was provided there. */
        EffectBundle point = preamble;
        long segment = 1;
        boolean started;

        Walk(boolean threaded) {
            this.threaded = threaded;
            strands.put(0, new Strand());
        }

        Strand strand(int tid, long index) {
            if (tid < 0) {
                throw new UnsupportedTraceException("event " + index + " is on thread " + tid);
            }
            Strand s = strands.computeIfAbsent(tid, k -> new Strand());
            if (s.firstEvent < 0) {
                s.firstEvent = index;
            }
            return s;
        }

        /** Where effects of thread {@code s} go: its pending bundle while the host has control of it, else the latest point. */
        EffectBundle target(Strand s) {
            return s.pending != null ? s.pending : point;
        }

        void event(TraceEvent e, long index) {
            long[] count = counts[e.kind().ordinal()];
            count[0]++;
            Strand t = strand(e.tid(), index);
            switch (e.kind()) {
                case EXPORT_CALL -> {
                    Invoke inv = new Invoke((TraceEvent.ExportCall) e);
                    if (t.stack.peek() instanceof Call c) {
                        c.nested.add(inv);
                    } else {
                        t.roots.add(inv);
                    }
                    t.stack.push(inv);
                    started = true;
                    inv.before = takePending(t);
                    controlPoint(inv.before);
                }
                case EXPORT_RETURN -> {
                    if (!(t.stack.peek() instanceof Invoke inv)) {
                        throw new UnsupportedTraceException("event " + index + ": export return without an open export call"
                                + onThread(e));
                    }
                    t.stack.pop();
                    inv.results = ((TraceEvent.ExportReturn) e).results();
                    inv.returned = true;
                    t.pending = new EffectBundle();
                }
                case IMPORT_CALL -> {
                    TraceEvent.ImportCall ic = (TraceEvent.ImportCall) e;
                    boolean runtime = threaded && RuntimeImports.isRuntime(ic.module(), ic.name());
                    Call c = new Call(ic, runtime);
                    t.stack.push(c);
                    if (!runtime) {
                        t.calls.computeIfAbsent(ic.funcIndex(), k -> new ArrayList<>()).add(c);
                        t.pending = new EffectBundle();
                    }
                }
                case IMPORT_RETURN -> {
                    TraceEvent.ImportReturn ir = (TraceEvent.ImportReturn) e;
                    if (!(t.stack.peek() instanceof Call c) || c.call.funcIndex() != ir.funcIndex()) {
                        throw new UnsupportedTraceException("event " + index + ": return from import " + ir.funcIndex()
                                + " without a matching open call" + onThread(e));
                    }
                    t.stack.pop();
                    c.results = ir.results();
                    c.returned = true;
                    if (!c.runtime) {
                        c.beforeReturn = takePending(t);
                        controlPoint(c.beforeReturn);
                    }
                }
                case HOST_READ -> {
                    TraceEvent.HostRead r = (TraceEvent.HostRead) e;
                    count[1] += r.bytes().length;
                    byte[] b = r.bytes();
                    EffectBundle into = target(t);
                    boolean reread = false;
                    for (int i = 0; i < b.length; i++) {
                        if (shadow.readByte(r.memory(), r.address() + i, b[i], segment)) {
                            into.store(r.memory(), r.address() + i, b[i]);
                        } else {
                            reread = true;
                        }
                    }
                    if (reread && !Reducer.this.shadow) {
                        into.storeAsRead(r.memory(), r.address(), shadow.segmentBytes(r.memory(), r.address(), b.length));
                    }
                }
                case HOST_WRITE -> {
                    // host mode: the host's own writes, exact; they take effect at the next control point
                    TraceEvent.HostWrite w = (TraceEvent.HostWrite) e;
                    count[1] += w.bytes().length;
                    target(t).store(w.memory(), w.address(), w.bytes());
                }
                case MEMORY_GROW -> {
                    TraceEvent.MemoryGrow g = (TraceEvent.MemoryGrow) e;
                    target(t).memoryGrow(g.memory(), g.pages());
                }
                case TABLE_GROW -> {
                    TraceEvent.TableGrow g = (TraceEvent.TableGrow) e;
                    target(t).tableGrow(g.table(), g.size());
                }
                case TABLE_SET -> {
                    TraceEvent.TableSet s = (TraceEvent.TableSet) e;
                    if (shadow.readElement(s.table(), s.index(), s.value(), segment)) {
                        target(t).tableSet(s.table(), s.index(), s.value());
                    }
                }
                case GLOBAL_CHANGE -> {
                    TraceEvent.GlobalChange g = (TraceEvent.GlobalChange) e;
                    if (!started && t.stack.isEmpty() && e.tid() == 0) {
                        initialGlobals.put(g.global(), g.value());
                    }
                    if (shadow.readGlobal(g.global(), g.value(), segment)) {
                        target(t).globalSet(g.global(), g.value());
                    }
                }
                case THREAD_SPAWN -> {
                    TraceEvent.ThreadSpawn sp = (TraceEvent.ThreadSpawn) e;
                    Strand child = strands.computeIfAbsent(sp.childTid(), k -> new Strand());
                    if (sp.childTid() <= 0 || child.parent >= 0) {
                        throw new UnsupportedTraceException("event " + index + ": thread " + sp.childTid()
                                + " spawned " + (sp.childTid() <= 0 ? "(not a spawned thread's id)" : "twice"));
                    }
                    child.parent = e.tid();
                    child.arg = sp.arg();
                }
                case SCHEDULER_DECISION -> {
                    TraceEvent.SchedulerDecision d = (TraceEvent.SchedulerDecision) e;
                    decisions.add(new Schedule.Decision(d.decision(), d.options(), d.choice()));
                }
                case OUTPUT_DIGEST -> {
                    // output is checked by verify, not replayed
                }
                case MEMORY_DIGEST -> finalMemories.add((TraceEvent.MemoryDigest) e); // the state replay must end in
                default -> throw new IllegalStateException("unknown event kind " + e.kind());
            }
        }

        private String onThread(TraceEvent e) {
            return threaded ? " on thread " + e.tid() : "";
        }

        private EffectBundle takePending(Strand s) {
            EffectBundle b = s.pending != null ? s.pending : new EffectBundle();
            s.pending = null;
            return b;
        }

        /** The host has control here; later effects up to the next such point are applied here. */
        private void controlPoint(EffectBundle bundle) {
            point = bundle;
            segment++;
        }

        ReducedTrace finish(byte[] sha, Schedule schedule) {
            Strand main = strands.get(0);
            // the host's changes after the last control point: before a call that never returned
            // (the run ended inside it, e.g. proc_exit), else after the last export call
            List<Effect> epilogue = List.of();
            if (main.pending != null) {
                if (main.stack.peek() instanceof Call open && !open.returned) {
                    open.beforeReturn = main.pending;
                } else {
                    epilogue = main.pending.finish(merge);
                }
            }
            List<ExportInvoke> d = new ArrayList<>();
            for (Invoke inv : main.roots) {
                d.add(invoke(inv));
            }
            List<ThreadReplay> threads = new ArrayList<>();
            strands.forEach((tid, s) -> {
                if (tid == 0) {
                    return;
                }
                if (s.parent < 0) {
                    throw new UnsupportedTraceException("event " + s.firstEvent + " is on thread " + tid
                            + ", which no thread_spawn event created");
                }
                if (s.roots.size() > 1) {
                    throw new UnsupportedTraceException("thread " + tid + " has " + s.roots.size()
                            + " top-level export calls; a spawned thread runs one (wasi_thread_start)");
                }
                threads.add(new ThreadReplay(tid, s.parent, s.arg, s.roots.isEmpty() ? null : invoke(s.roots.get(0)),
                        imports(s)));
            });
            return new ReducedTrace(ReducedTrace.CURRENT_VERSION, sha, preamble.finish(merge), initialGlobals, d,
                    imports(main), epilogue, finalMemories, threads, schedule);
        }

        private List<ImportReplay> imports(Strand s) {
            List<ImportReplay> imports = new ArrayList<>();
            s.calls.forEach((f, list) -> {
                List<CallRun> runs = new ArrayList<>();
                ImportCallReplay last = null;
                long n = 0;
                for (Call c : list) {
                    List<ExportInvoke> nested = new ArrayList<>();
                    for (Invoke inv : c.nested) {
                        nested.add(invoke(inv));
                    }
                    ImportCallReplay r = new ImportCallReplay(c.call.args(), nested, c.beforeReturn.finish(merge),
                            c.results, c.returned);
                    if (r.equals(last)) {
                        n++;
                    } else {
                        if (last != null) {
                            runs.add(new CallRun(n, last));
                        }
                        last = r;
                        n = 1;
                    }
                }
                runs.add(new CallRun(n, last));
                TraceEvent.ImportCall first = list.get(0).call;
                imports.add(new ImportReplay(f, first.module(), first.name(), runs));
            });
            return imports;
        }

        private ExportInvoke invoke(Invoke inv) {
            return new ExportInvoke(inv.before.finish(merge), inv.call.funcIndex(), inv.call.name(), inv.call.args(),
                    inv.results, inv.returned);
        }
    }
}
