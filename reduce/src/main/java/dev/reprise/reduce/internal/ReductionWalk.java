package dev.reprise.reduce.internal;

import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.RuntimeImports;
import dev.reprise.reduce.Schedule;
import dev.reprise.reduce.ThreadReplay;
import dev.reprise.reduce.UnsupportedTraceException;
import dev.reprise.record.trace.DecisionKind;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * One pass of the reducer over a trace's events, fed one at a time ({@link #event}), then
 * {@link #finish}ed into the reduced trace (the rules are in {@code Reducer}'s Javadoc). It keeps
 * what the reduction needs, never the events: the shadow, each thread's open calls, the effect
 * bundles that may still change (the latest host-control point's, and each thread's pending one
 * while the host has control of it) and the reduced calls. A call or export call is final once
 * it has returned and a later host-control point closed its bundle; it is then reduced at once
 * (its effects turned into stores, its import's calls run-length encoded), so memory follows the
 * size of the memories and of the result, not the number of events.
 *
 * <p>Whether the trace is multi-threaded (any event on a thread other than 0, or a
 * {@code thread_spawn}) changes how the runtime's own imports are treated; it is known as soon as
 * such an event comes, and otherwise asked of {@code threadedLookahead} (a scan of the whole trace)
 * only when it matters before the end: at the first runtime import call, or for an error message.
 */
public final class ReductionWalk {
    /** An export call being built. */
    private static final class Invoke {
        EffectBundle before;
        final TraceEvent.ExportCall call;
        List<Value> results = List.of();
        boolean returned;
        /** Whether an exception of the host went through it ({@link TraceEvent.Unwind}). */
        boolean unwound;
        /** Whether a later host-control point closed {@link #before}. */
        boolean closed;
        ExportInvoke done;

        Invoke(TraceEvent.ExportCall call) {
            this.call = call;
        }
    }

    /** An import call being built. */
    private static final class Call {
        final TraceEvent.ImportCall call;
        final boolean runtime;
        List<Invoke> nested = List.of();
        /** Null while empty. */
        EffectBundle beforeReturn;
        List<Value> results = List.of();
        boolean returned;
        /** Whether it ended with an exception the host caught further out ({@link TraceEvent.Unwind}). */
        boolean threw;
        boolean closed;
        ImportCallReplay done;
        ImportLog<Call> log;

        Call(TraceEvent.ImportCall call, boolean runtime) {
            this.call = call;
            this.runtime = runtime;
        }
    }

    /** One guest thread: its call stack, its calls and the host effects waiting for its next control point. */
    private static final class Strand {
        final Deque<Object> stack = new ArrayDeque<>();
        final Map<Integer, ImportLog<Call>> calls = new TreeMap<>();
        final List<Invoke> roots = new ArrayList<>();
        /** Effects the host made while it had control of this thread (in an import call, after an export return). */
        EffectBundle pending;
        int parent = -1;
        int arg;
        long firstEvent = -1;
        /** Realm traces: the times this thread took the baton outside the module since its last top-level call. */
        int resumes;
        /** Realm traces: per top-level call, the times it took the baton before it (beyond its first). */
        final List<Integer> entries = new ArrayList<>();
    }

    private final boolean merge;
    private final boolean shadowed;
    private final BooleanSupplier threadedLookahead;
    /** Null until known. */
    private Boolean threaded;
    private final long[][] counts = new long[EventKind.values().length][2];
    private final Shadow shadow;
    private final EffectBundle preamble = new EffectBundle();
    private final Map<Integer, Value> initialGlobals = new TreeMap<>();
    private final Map<Integer, Strand> strands = new TreeMap<>();
    private final List<Schedule.Decision> decisions = new ArrayList<>();
    private final List<TraceEvent.MemoryDigest> finalMemories = new ArrayList<>();
    /** The functions the host set into tables, as declared. */
    private final List<TraceEvent.HostFunction> hostFunctions = new ArrayList<>();
    /** The latest host-control point of any thread: what the module reads from here on was provided there. */
    private EffectBundle point = preamble;
    /** The call or export call whose bundle {@link #point} is (null for the preamble). */
    private Object pointOwner;
    private long segment = 1;
    private boolean started;
    /** Whether some call was unwound: the reduced trace then needs {@link ReducedTrace#UNWINDING_VERSION}. */
    private boolean unwinds;

    /**
     * @param merge             merge contiguous bytes into runs
     * @param shadowed          drop values the module already knew (off: the "without reduction" ablation)
     * @param threadedLookahead whether the trace has, anywhere, an event on a thread other than 0 or a {@code thread_spawn}
     */
    public ReductionWalk(boolean merge, boolean shadowed, BooleanSupplier threadedLookahead) {
        this.merge = merge;
        this.shadowed = shadowed;
        this.threadedLookahead = threadedLookahead;
        this.shadow = new Shadow(!shadowed);
        strands.put(0, new Strand());
    }

    /** Tables the module's code never writes (the trace header's {@code tables-written} option); none by default. */
    private java.util.function.IntPredicate hostOnlyTables = t -> false;

    /** Tells the walk which tables the module's code never writes: only the host changes them. Returns this walk. */
    public ReductionWalk tablesOnlyTheHostWrites(java.util.function.IntPredicate tables) {
        this.hostOnlyTables = java.util.Objects.requireNonNull(tables, "tables");
        return this;
    }

    /** Whether the trace was recorded in several JavaScript realms (node's worker threads, one at a time). */
    private boolean realms;

    /**
     * Tells the walk that the trace was recorded in several JavaScript realms: its threads are not
     * spawned but started by the host, which makes any number of top-level calls on each, and its
     * decisions are the baton's log ({@link Schedule#realmEntries()}). Returns this walk.
     */
    public ReductionWalk inRealms(boolean realms) {
        this.realms = realms;
        return this;
    }

    /** Realm traces: per thread, the times it took the baton before each top-level call ({@link Schedule#realmEntries()}). */
    public Map<Integer, List<Integer>> realmEntries() {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        if (realms) {
            strands.forEach((tid, s) -> {
                List<Integer> list = new ArrayList<>(s.entries);
                list.add(Math.max(0, s.resumes - (s.roots.isEmpty() ? 1 : 0)));
                out.put(tid, list);
            });
        }
        return out;
    }

    /** Whether the trace is multi-threaded (asks the lookahead when no event has told yet). */
    public boolean threaded() {
        if (threaded == null) {
            threaded = threadedLookahead.getAsBoolean();
        }
        return threaded;
    }

    /** The scheduler's decisions, in order. */
    public List<Schedule.Decision> decisions() {
        return decisions;
    }

    /** Events and bytes per kind seen so far, by lower-case kind name (kinds never seen left out). */
    public Map<String, long[]> counts() {
        Map<String, long[]> before = new LinkedHashMap<>();
        for (EventKind k : EventKind.values()) {
            if (counts[k.ordinal()][0] > 0) {
                before.put(k.name().toLowerCase(Locale.ROOT), counts[k.ordinal()]);
            }
        }
        return before;
    }

    private Strand strand(int tid, long index) {
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
    private EffectBundle target(Strand s) {
        return s.pending != null ? s.pending : point;
    }

    /** The next event; {@code index} is its place in the trace (for messages). */
    public void event(TraceEvent e, long index) {
        if (threaded == null && (e.tid() != 0 || e.kind() == EventKind.THREAD_SPAWN)) {
            threaded = true;
        }
        long[] count = counts[e.kind().ordinal()];
        count[0]++;
        Strand t = strand(e.tid(), index);
        switch (e.kind()) {
            case EXPORT_CALL -> {
                Invoke inv = new Invoke((TraceEvent.ExportCall) e);
                if (t.stack.peek() instanceof Call c) {
                    if (c.nested.isEmpty()) {
                        c.nested = new ArrayList<>(2);
                    }
                    c.nested.add(inv);
                } else {
                    if (realms) {
                        int entries = t.resumes - (t.roots.isEmpty() ? 1 : 0);
                        if (entries < 0) {
                            throw new UnsupportedTraceException("event " + index + ": thread " + e.tid()
                                    + " entered the module without taking the baton first");
                        }
                        t.entries.add(entries);
                        t.resumes = 0;
                    }
                    t.roots.add(inv);
                }
                t.stack.push(inv);
                started = true;
                inv.before = takePending(t);
                controlPoint(inv.before, inv);
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
                finishIfFinal(inv);
            }
            case IMPORT_CALL -> {
                TraceEvent.ImportCall ic = (TraceEvent.ImportCall) e;
                boolean runtime = RuntimeImports.isRuntime(ic.module(), ic.name()) && threaded();
                Call c = new Call(ic, runtime);
                t.stack.push(c);
                if (!runtime) {
                    ImportLog<Call> log = t.calls.get(ic.funcIndex());
                    if (log == null) {
                        log = new ImportLog<>(ic, k -> k.done);
                        t.calls.put(ic.funcIndex(), log);
                    }
                    c.log = log;
                    log.add(c);
                    t.pending = new EffectBundle();
                }
            }
            case IMPORT_RETURN -> {
                TraceEvent.ImportReturn ir = (TraceEvent.ImportReturn) e;
                if (!(t.stack.peek() instanceof Call c) || c.call.funcIndex() != ir.funcIndex()) {
                    for (Object open : t.stack) {
                        if (open instanceof Call deeper && deeper.call.funcIndex() == ir.funcIndex()) {
                            // the host threw through guest frames and caught it in an outer import (Emscripten's
                            // longjmp): the calls in between never returned
                            throw new UnsupportedTraceException("event " + index + ": import " + ir.funcIndex() + " ("
                                    + deeper.call.name() + ") returns while calls it made are still open: the host threw an"
                                    + " exception through guest frames and caught it (as Emscripten's setjmp/longjmp does),"
                                    + " and the trace has no unwind event saying so (recorded by an older reprise: record"
                                    + " it again)" + onThread(e));
                        }
                    }
                    throw new UnsupportedTraceException("event " + index + ": return from import " + ir.funcIndex()
                            + " without a matching open call" + onThread(e));
                }
                t.stack.pop();
                c.results = ir.results();
                c.returned = true;
                if (!c.runtime) {
                    c.beforeReturn = takePending(t);
                    controlPoint(c.beforeReturn, c);
                }
            }
            case UNWIND -> unwind(t, (TraceEvent.Unwind) e, index);
            case HOST_READ -> {
                TraceEvent.HostRead r = (TraceEvent.HostRead) e;
                count[1] += r.bytes().length;
                byte[] b = r.bytes();
                EffectBundle into = target(t);
                boolean reread = false;
                int from = -1; // start of the bytes the host wrote, stored as one run
                for (int i = 0; i < b.length; i++) {
                    if (shadow.readByte(r.memory(), r.address() + i, b[i], segment)) {
                        if (from < 0) {
                            from = i;
                        }
                    } else {
                        reread = true;
                        if (from >= 0) {
                            into.store(r.memory(), r.address() + from, b, from, i - from);
                            from = -1;
                        }
                    }
                }
                if (from >= 0) {
                    into.store(r.memory(), r.address() + from, b, from, b.length - from);
                }
                if (reread && !shadowed) {
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
                // a table only the host writes: an unchanged re-read needs nothing (single-threaded runs:
                // with threads, an effect lands at its thread's control point, which can come before
                // another thread's read of the entry)
                boolean onlyTheHost = shadowed && threaded != Boolean.TRUE && hostOnlyTables.test(s.table());
                if (shadow.readElement(s.table(), s.index(), s.value(), segment, onlyTheHost)) {
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
                decisions.add(new Schedule.Decision(d.decision(), d.options(), d.choice(), realms ? e.tid() : -1));
                if (realms && d.decision() == DecisionKind.RESUME && t.stack.isEmpty()) {
                    t.resumes++;
                }
            }
            case OUTPUT_DIGEST -> {
                // output is checked by verify, not replayed
            }
            case MEMORY_DIGEST -> finalMemories.add((TraceEvent.MemoryDigest) e); // the state replay must end in
            case HOST_FUNCTION -> hostFunction((TraceEvent.HostFunction) e, index);
            default -> throw new IllegalStateException("unknown event kind " + e.kind());
        }
    }

    private void hostFunction(TraceEvent.HostFunction h, long index) {
        for (TraceEvent.HostFunction other : hostFunctions) {
            if (other.funcIndex() == h.funcIndex()) {
                throw new UnsupportedTraceException("event " + index + ": host function " + h.funcIndex()
                        + " declared twice");
            }
        }
        hostFunctions.add(new TraceEvent.HostFunction(0, h.funcIndex(), h.params(), h.results()));
    }

    /**
     * The {@code frames} innermost open calls of thread {@code t} ended without returning: the
     * innermost import call among them threw, after the host's effects since it was called (they
     * become its {@code beforeReturn}); the host keeps control (it caught the exception).
     */
    private void unwind(Strand t, TraceEvent.Unwind u, long index) {
        if (u.frames() > t.stack.size()) {
            throw new UnsupportedTraceException("event " + index + ": an unwind of " + u.frames() + " calls, but "
                    + t.stack.size() + " are open" + onThread(u));
        }
        unwinds = true;
        Call thrower = null;
        for (int k = 0; k < u.frames(); k++) {
            Object open = t.stack.pop();
            if (open instanceof Invoke inv) {
                inv.unwound = true;
                finishIfFinal(inv);
            } else if (open instanceof Call c) {
                if (c.runtime) {
                    throw new UnsupportedTraceException("event " + index + ": an exception went through runtime import "
                            + c.call.name() + onThread(u));
                }
                c.threw = true;
                c.closed = true; // its bundle, if any, is set here and never the latest control point
                if (thrower == null) {
                    thrower = c;
                    c.beforeReturn = takePending(t);
                }
                finishIfFinal(c);
            }
        }
        if (thrower == null || thrower.call.funcIndex() != u.funcIndex()) {
            throw new UnsupportedTraceException("event " + index + ": an unwind names import " + u.funcIndex()
                    + " as the thrower, but the innermost import call it ends is "
                    + (thrower == null ? "none" : thrower.call.funcIndex() + " (" + thrower.call.name() + ")")
                    + onThread(u));
        }
        t.pending = new EffectBundle(); // the host that caught it has control
    }

    private String onThread(TraceEvent e) {
        return threaded() ? " on thread " + e.tid() : "";
    }

    private EffectBundle takePending(Strand s) {
        EffectBundle b = s.pending != null ? s.pending : new EffectBundle();
        s.pending = null;
        return b;
    }

    /**
     * The host has control here; later effects up to the next such point are applied here. The
     * previous point's bundle can no longer change: its owner is reduced if it has returned too.
     */
    private void controlPoint(EffectBundle bundle, Object owner) {
        Object closing = pointOwner;
        point = bundle;
        pointOwner = owner;
        segment++;
        if (closing instanceof Invoke inv) {
            inv.closed = true;
            finishIfFinal(inv);
        } else if (closing instanceof Call c) {
            c.closed = true;
            finishIfFinal(c);
        }
    }

    private void finishIfFinal(Invoke inv) {
        if (inv.closed && (inv.returned || inv.unwound) && inv.done == null) {
            inv.done = invoke(inv);
            inv.before = null;
        }
    }

    private void finishIfFinal(Call c) {
        if (!c.closed || !(c.returned || c.threw) || c.done != null || c.log == null) {
            return;
        }
        for (Invoke inv : c.nested) {
            if (inv.done == null) {
                return; // cannot happen (a nested call returns and is closed before its import returns); reduced at the end
            }
        }
        c.done = replay(c);
        c.nested = List.of();
        c.beforeReturn = null;
        c.log.drain();
    }

    /** Every event was given: a trace that has shown no other thread is single-threaded. */
    public void endOfEvents() {
        if (threaded == null) {
            threaded = false;
        }
    }

    /** Ends the walk ({@link #endOfEvents()} first): the reduced trace. */
    public ReducedTrace finish(byte[] sha, Schedule schedule) {
        endOfEvents();
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
            if (realms) {
                List<ExportInvoke> calls = new ArrayList<>();
                s.roots.forEach(r -> calls.add(invoke(r)));
                threads.add(ThreadReplay.ofRealm(tid, imports(s), calls));
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
        return new ReducedTrace(ReducedTrace.versionFor(unwinds, !hostFunctions.isEmpty(), schedule.realms()), sha, preamble.finish(merge),
                initialGlobals, d, imports(main), epilogue, finalMemories, threads, schedule, hostFunctions);
    }

    private List<ImportReplay> imports(Strand s) {
        List<ImportReplay> imports = new ArrayList<>();
        s.calls.forEach((f, log) -> imports.add(log.finish(this::replay)));
        return imports;
    }

    private ImportCallReplay replay(Call c) {
        if (c.done != null) {
            return c.done;
        }
        List<ExportInvoke> nested = new ArrayList<>();
        for (Invoke inv : c.nested) {
            nested.add(invoke(inv));
        }
        return new ImportCallReplay(c.call.args(), nested, c.beforeReturn == null ? List.of() : c.beforeReturn.finish(merge),
                c.results, c.returned, c.threw);
    }

    private ExportInvoke invoke(Invoke inv) {
        if (inv.done != null) {
            return inv.done;
        }
        return new ExportInvoke(inv.before.finish(merge), inv.call.funcIndex(), inv.call.name(), inv.call.args(),
                inv.results, inv.returned, inv.unwound);
    }
}
