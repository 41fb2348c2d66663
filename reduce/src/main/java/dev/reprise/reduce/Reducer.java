package dev.reprise.reduce;

import dev.reprise.reduce.internal.ReductionWalk;
import dev.reprise.reduce.internal.Shadow;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.transform.record.TableWrites;
import java.util.List;
import java.util.Map;

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
 * A trace recorded under node in several JavaScript realms ({@value #THREADS_IN_REALMS}: a module
 * with a shared memory, its threads one at a time) reduces the same way; its threads are started by
 * the host, not spawned ({@link ThreadReplay#realm()}, with every top-level call the host made on
 * each), and its decisions are the baton's log with their threads and the times each thread took
 * the baton before each call ({@link Schedule#realmEntries()}).
 *
 * <p>A trace recorded with an instruction-count preemption quantum is refused: replay code executes
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

    /**
     * A reduction with its statistics, and whether the trace was complete (ended with its trailer;
     * a trace cut short reduces to what its events say, which the caller may refuse).
     */
    public record Result(ReducedTrace trace, ReduceStats stats, boolean complete) {
        /** The result of a complete trace. */
        public Result(ReducedTrace trace, ReduceStats stats) {
            this(trace, stats, true);
        }
    }

    /**
     * The trace header option {@code threads} of a recording under node whose module ran in several
     * JavaScript realms (worker threads), one at a time (reprise-threads.mjs).
     */
    public static final String THREADS_IN_REALMS = "realms";

    /** Reduces a whole trace. */
    public ReducedTrace reduce(Trace trace) {
        return reduceWithStats(trace).trace();
    }

    /** Reduces a whole trace and counts events before and after. */
    public Result reduceWithStats(Trace trace) {
        return reduceWithStats(TraceSource.of(trace));
    }

    /** Reduces a trace read from {@code source} (a file is streamed: see {@link #reduceWithStats(TraceSource)}). */
    public ReducedTrace reduce(TraceSource source) {
        return reduceWithStats(source).trace();
    }

    /**
     * Reduces a trace in one pass over {@code source}'s events, holding what the reduction keeps
     * (the memory shadow, the open calls, the reduced result), never the events, so a trace file of
     * gigabytes reduces in a heap that follows the module's memories and the reduced trace. A
     * second pass, stopped at the first event on another thread, runs only when a trace calls one
     * of the runtime's own imports ({@link RuntimeImports}) before it shows whether it is
     * multi-threaded. Malformed events throw {@link dev.reprise.record.trace.BadTraceException} when
     * they are reached; {@link Result#complete()} tells whether the trace ended with its trailer.
     */
    public Result reduceWithStats(TraceSource source) {
        boolean realms = source.header().start() != null
                && THREADS_IN_REALMS.equals(source.header().start().options().get("threads"));
        ReductionWalk w = new ReductionWalk(merge, shadow, () -> multiThreaded(source)).inRealms(realms)
                .tablesOnlyTheHostWrites(hostOnlyTables(source.header()));
        boolean complete;
        try (TraceSource.Events events = source.open()) {
            long index = 0;
            for (TraceEvent e = events.next(); e != null; e = events.next()) {
                w.event(e, index++);
            }
            complete = events.complete();
        }
        w.endOfEvents();
        Schedule schedule = w.threaded() ? schedule(source.header(), w.decisions(), w.realmEntries()) : Schedule.NONE;
        ReducedTrace out = w.finish(source.header().moduleSha256(), schedule);
        return new Result(out, new ReduceStats(w.counts(), ReduceStats.count(out)), complete);
    }

    /** Whether any event of the trace is on a thread other than 0 or spawns a thread (reads until the first). */
    private static boolean multiThreaded(TraceSource source) {
        try (TraceSource.Events events = source.open()) {
            for (TraceEvent e = events.next(); e != null; e = events.next()) {
                if (e.tid() != 0 || e.kind() == EventKind.THREAD_SPAWN) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The tables the header says the module's code never writes: those it does not list in its
     * {@value TableWrites#TRACE_OPTION} option (start options, else metadata); none when the
     * option is absent (older traces, Wasm-R3 imports: every table counts as written).
     */
    private static java.util.function.IntPredicate hostOnlyTables(TraceHeader header) {
        String v = header.start() == null ? null : header.start().options().get(TableWrites.TRACE_OPTION);
        if (v == null) {
            v = header.metadata().get(TableWrites.TRACE_OPTION);
        }
        if (v == null) {
            return t -> false;
        }
        java.util.Set<Integer> written = new java.util.HashSet<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                try {
                    written.add(Integer.parseInt(part.strip()));
                } catch (NumberFormatException e) {
                    throw new UnsupportedTraceException("trace header option " + TableWrites.TRACE_OPTION + "=" + v
                            + " is not a list of table indices");
                }
            }
        }
        return t -> !written.contains(t);
    }

    /** The decisions with the run settings the header names (absent ones: the runtime's defaults). */
    private static Schedule schedule(TraceHeader header, List<Schedule.Decision> decisions,
            Map<Integer, List<Integer>> realmEntries) {
        Map<String, String> o = header.start() == null ? Map.of() : header.start().options();
        if (!o.getOrDefault("preempt-quantum", "0").equals("0")) {
            throw new UnsupportedTraceException("the run was recorded with an instruction preemption quantum ("
                    + o.get("preempt-quantum") + "): a multi-threaded replay cannot reach the same decision points");
        }
        return new Schedule(decisions, number(o, "clock-start", DEFAULT_CLOCK_START), number(o, "clock-step", 0),
                (int) number(o, "preempt-budget", 0), realmEntries);
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
}
