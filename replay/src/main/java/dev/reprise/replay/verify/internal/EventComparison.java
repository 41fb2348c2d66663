package dev.reprise.replay.verify.internal;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.RuntimeImports;
import dev.reprise.reduce.Schedule;
import dev.reprise.reduce.ThreadReplay;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.JsonLinesTraceWriter;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.Value;
import dev.reprise.replay.verify.Divergence;
import dev.reprise.replay.verify.Expectation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the events of a re-recorded replay with what the recording expects, per
 * {@link Expectation.Source}: a reprise trace event by event (every kind a recorder reports of a
 * single-threaded run); a Wasm-R3 trace on the calls and returns, with the fields Wasm-R3 records;
 * a reduced trace per stream (the export calls in order, each import's calls in order, the final
 * memories), since reduction keeps neither the interleaving of different imports nor the reads.
 * Multi-threaded: a reprise trace event by event in the recorded interleaving, thread spawns and
 * scheduler decisions included (the deterministic scheduler under the recorded decisions makes
 * the interleaving part of what a replay must reproduce), a divergence naming its thread and the
 * event's place in that thread; a reduced trace per thread, with the spawns and the decisions.
 */
public final class EventComparison {
    /** The outcome: how many expected events were compared, and the first divergence or null. */
    public record Outcome(long compared, String scope, Divergence divergence) {
    }

    /**
     * The kinds a {@code HookRecorder} reports of a single-threaded run: the ones compared one by
     * one for a reprise trace (a host-mode trace's host writes are checked on bytes, {@link HostWriteCheck}).
     */
    public static final Set<EventKind> RECORDED = EnumSet.of(EventKind.EXPORT_CALL, EventKind.EXPORT_RETURN,
            EventKind.IMPORT_CALL, EventKind.IMPORT_RETURN, EventKind.HOST_READ, EventKind.MEMORY_GROW,
            EventKind.TABLE_GROW, EventKind.TABLE_SET, EventKind.GLOBAL_CHANGE, EventKind.OUTPUT_DIGEST,
            EventKind.MEMORY_DIGEST);
    /** The kinds a recorder reports of a multi-threaded run: also the spawns and the scheduler's decisions. */
    static final Set<EventKind> THREADED = threaded();

    private static Set<EventKind> threaded() {
        Set<EventKind> kinds = EnumSet.copyOf(RECORDED);
        kinds.add(EventKind.THREAD_SPAWN);
        kinds.add(EventKind.SCHEDULER_DECISION);
        return kinds;
    }
    private static final Set<EventKind> CALLS = EnumSet.of(EventKind.EXPORT_CALL, EventKind.EXPORT_RETURN,
            EventKind.IMPORT_CALL, EventKind.IMPORT_RETURN);
    private static final int CONTEXT = 3;

    private EventComparison() {
    }

    /**
     * Compares a host-mode re-recording: every event as {@link #compare(Expectation, List, String)}
     * does, and the host writes as {@code hostWrites} found them; the first divergence of either
     * (by its index in the trace) is the one reported.
     */
    public static Outcome compare(Expectation exp, List<TraceEvent> actual, String end, HostWriteCheck hostWrites) {
        Outcome o = compare(exp, actual, end);
        if (hostWrites == null || exp.source() != Expectation.Source.TRACE) {
            return o;
        }
        String scope = "every event (calls, returns, the host's writes byte by byte, growth, table and global changes,"
                + " output and memory digests)";
        Divergence h = hostWrites.divergence();
        if (h != null && (o.divergence() == null || h.index() < o.divergence().index())) {
            return new Outcome(before(exp.events(), h.index()), scope, h);
        }
        if (o.divergence() != null) {
            return new Outcome(before(exp.events(), o.divergence().index()), scope, o.divergence());
        }
        return new Outcome(o.compared() + hostWrites.checked(), scope, null);
    }

    /** The events of the compared kinds and host writes before index {@code at} of {@code events}. */
    private static long before(List<TraceEvent> events, long at) {
        long n = 0;
        for (int i = 0; i < Math.min(at, events.size()); i++) {
            EventKind k = events.get(i).kind();
            if (RECORDED.contains(k) || k == EventKind.HOST_WRITE) {
                n++;
            }
        }
        return n;
    }

    /** Compares; {@code end} describes how the replay's run ended (for a missing event). */
    public static Outcome compare(Expectation exp, List<TraceEvent> actual, String end) {
        return switch (exp.source()) {
            case TRACE -> exp.reduced().multiThreaded()
                    ? sequence(exp.events(), actual, THREADED, false, end, "every event of every thread in the recorded"
                            + " interleaving (calls, returns, host reads, growth, table and global changes, thread spawns,"
                            + " scheduler decisions, output and memory digests)")
                    : sequence(exp.events(), actual, RECORDED, false, end,
                    "every event (calls, returns, host reads, growth, table and global changes, output and memory digests)");
            case WASM_R3 -> sequence(exp.events(), actual, CALLS, true, end,
                    "export and import calls and returns, as Wasm-R3 records them (no import arguments, no export"
                            + " results; its reads are bytes, not accesses)");
            case REDUCED -> reduced(exp, actual, end);
        };
    }

    private static Outcome sequence(List<TraceEvent> expected, List<TraceEvent> actual, Set<EventKind> kinds,
            boolean r3, String end, String scope) {
        if (kinds.contains(EventKind.MEMORY_DIGEST)
                && expected.stream().noneMatch(ev -> ev.kind() == EventKind.MEMORY_DIGEST)) {
            // a trace without final memory digests (the JavaScript recorder writes none): the
            // re-recording's digests have nothing to be compared with, not "more than the recording"
            kinds = EnumSet.copyOf(kinds);
            kinds.remove(EventKind.MEMORY_DIGEST);
        }
        List<Integer> e = indices(expected, kinds);
        List<Integer> a = indices(actual, kinds);
        int n = Math.min(e.size(), a.size());
        for (int k = 0; k < n; k++) {
            TraceEvent x = expected.get(e.get(k));
            TraceEvent y = actual.get(a.get(k));
            if (!(r3 ? sameAsRecordedByWasmR3(x, y) : HostObjects.asReplayed(x).equals(y))) {
                String what = x.tid() != y.tid() ? "thread " + y.tid() + " ran where the recording ran thread " + x.tid()
                        + " (the threads interleave differently)" : "the replay's event differs";
                return new Outcome(k, scope, divergence(expected, e, k, what,
                        JsonLinesTraceWriter.line(x), JsonLinesTraceWriter.line(y)));
            }
        }
        if (e.size() > n) {
            return new Outcome(n, scope, divergence(expected, e, n, "the replay's run ended before this event",
                    JsonLinesTraceWriter.line(expected.get(e.get(n))), "(none: " + end + ")"));
        }
        if (a.size() > n) {
            long at = e.isEmpty() ? 0 : e.get(e.size() - 1) + 1;
            return new Outcome(n, scope, new Divergence(at, "event " + at + " of the trace (after its last)",
                    "the replay did more than the recording", "(none: the trace ends here)",
                    JsonLinesTraceWriter.line(actual.get(a.get(n))), context(expected, e, n)));
        }
        return new Outcome(n, scope, null);
    }

    private static Divergence divergence(List<TraceEvent> expected, List<Integer> indices, int k, String what,
            String x, String y) {
        int at = indices.get(k);
        return new Divergence(at, "event " + at + " of the trace" + threadOf(expected, at), what, x, y,
                context(expected, indices, k));
    }

    /**
     * For a multi-threaded trace, ", thread T's event K" (K counts that thread's events from 0):
     * where in its own thread the divergence is; empty for a single-threaded one.
     */
    private static String threadOf(List<TraceEvent> events, int at) {
        int tid = events.get(at).tid();
        boolean threaded = false;
        int k = 0;
        for (int i = 0; i < events.size(); i++) {
            threaded |= events.get(i).tid() != 0;
            if (i < at && events.get(i).tid() == tid) {
                k++;
            }
        }
        return threaded ? ", thread " + tid + "'s event " + k : "";
    }

    private static List<String> context(List<TraceEvent> events, List<Integer> indices, int k) {
        List<String> out = new ArrayList<>();
        for (int j = Math.max(0, k - CONTEXT); j < k; j++) {
            out.add(indices.get(j) + ": " + JsonLinesTraceWriter.line(events.get(indices.get(j))));
        }
        return out;
    }

    private static List<Integer> indices(List<TraceEvent> events, Set<EventKind> kinds) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (kinds.contains(events.get(i).kind())) {
                out.add(i);
            }
        }
        return out;
    }

    /** Equal in what Wasm-R3 records: export call function and arguments, import return results, function indices. */
    static boolean sameAsRecordedByWasmR3(TraceEvent x, TraceEvent y) {
        if (x.kind() != y.kind()) {
            return false;
        }
        return switch (x.kind()) {
            case EXPORT_CALL -> ((TraceEvent.ExportCall) x).funcIndex() == ((TraceEvent.ExportCall) y).funcIndex()
                    && ((TraceEvent.ExportCall) x).args().equals(((TraceEvent.ExportCall) y).args());
            case EXPORT_RETURN -> ((TraceEvent.ExportReturn) x).funcIndex() == ((TraceEvent.ExportReturn) y).funcIndex()
                    && (((TraceEvent.ExportReturn) x).results().isEmpty()
                            || ((TraceEvent.ExportReturn) x).results().equals(((TraceEvent.ExportReturn) y).results()));
            case IMPORT_CALL -> ((TraceEvent.ImportCall) x).funcIndex() == ((TraceEvent.ImportCall) y).funcIndex()
                    && (((TraceEvent.ImportCall) x).args().isEmpty()
                            || ((TraceEvent.ImportCall) x).args().equals(((TraceEvent.ImportCall) y).args()));
            case IMPORT_RETURN -> x.equals(y);
            default -> x.equals(y);
        };
    }

    /** The recorded calls of each import of one thread, in order. */
    private static Map<Integer, List<ImportCallReplay>> callsOf(List<ImportReplay> imports) {
        Map<Integer, List<ImportCallReplay>> calls = new HashMap<>();
        for (ImportReplay r : imports) {
            List<ImportCallReplay> list = new ArrayList<>();
            for (CallRun run : r.runs()) {
                for (long c = 0; c < run.count(); c++) {
                    list.add(run.call());
                }
            }
            calls.put(r.funcIndex(), list);
        }
        return calls;
    }

    /**
     * A reduced trace: top-level export calls in order, each import's calls in order, final
     * memories; for a multi-threaded one per thread (thread 0's driver and imports, each spawned
     * thread's start call and imports), with the spawns and the scheduler's decisions in order.
     */
    private static Outcome reduced(Expectation exp, List<TraceEvent> actual, String end) {
        ReducedTrace t = exp.reduced();
        boolean threaded = t.multiThreaded();
        String scope = "the export calls in order, each import's calls in order" + (threaded ? " (per thread), each"
                + " thread's spawn and start, the scheduler's decisions in order" : "") + " and the final memories"
                + " (a reduced trace keeps neither the order between different imports nor the reads)";
        Map<Integer, Map<Integer, List<ImportCallReplay>>> calls = new HashMap<>();
        Map<Integer, ThreadReplay> threads = new HashMap<>();
        calls.put(0, callsOf(t.imports()));
        for (ThreadReplay th : t.threads()) {
            calls.put(th.tid(), callsOf(th.imports()));
            threads.put(th.tid(), th);
        }
        Map<Integer, Map<Integer, Integer>> made = new HashMap<>();
        Map<Integer, Deque<Object>> open = new HashMap<>(); // per thread: ExportInvoke or ImportCallReplay
        java.util.Set<Integer> started = new java.util.HashSet<>();
        java.util.Set<Integer> spawned = new java.util.HashSet<>();
        List<ExportInvoke> driver = t.driver();
        List<Schedule.Decision> decisions = t.schedule().decisions();
        int topLevel = 0;
        int decided = 0;
        long compared = 0;
        List<TraceEvent.MemoryDigest> digests = new ArrayList<>();
        for (int i = 0; i < actual.size(); i++) {
            TraceEvent y = actual.get(i);
            int tid = y.tid();
            Deque<Object> stack = open.computeIfAbsent(tid, k -> new ArrayDeque<>());
            String problem = null;
            TraceEvent x = null;
            switch (y.kind()) {
                case EXPORT_CALL -> {
                    TraceEvent.ExportCall c = (TraceEvent.ExportCall) y;
                    ExportInvoke inv = null;
                    String which = null;
                    if (!stack.isEmpty()) {
                        stack.push(c); // re-entrant: made by the replayed host, checked by its effects
                    } else if (tid == 0) {
                        if (topLevel >= driver.size()) {
                            problem = "the replay made more export calls than the recording";
                        } else {
                            inv = driver.get(topLevel++);
                            which = "export call " + (topLevel - 1);
                        }
                    } else {
                        ThreadReplay th = threads.get(tid);
                        if (th == null || th.start() == null || !started.add(tid)) {
                            problem = "thread " + tid + " started a call the recording does not have";
                        } else {
                            inv = th.start();
                            which = "the start call of thread " + tid;
                        }
                    }
                    if (inv != null) {
                        x = new TraceEvent.ExportCall(tid, inv.funcIndex(), inv.name(), inv.args());
                        problem = c.name().equals(inv.name()) && HostObjects.asReplayed(inv.args()).equals(c.args()) ? null
                                : which + " differs";
                        stack.push(inv);
                    }
                }
                case EXPORT_RETURN -> {
                    Object o = stack.poll();
                    if (o instanceof ExportInvoke inv) {
                        List<Value> results = ((TraceEvent.ExportReturn) y).results();
                        x = new TraceEvent.ExportReturn(tid, inv.funcIndex(), inv.expected());
                        if (!inv.returned()) {
                            problem = "the export returned, in the recording it did not";
                        } else if (!inv.expected().isEmpty() && !HostObjects.asReplayed(inv.expected()).equals(results)) {
                            problem = "export call " + inv.name() + " on thread " + tid + " returned other results";
                        }
                    }
                }
                case IMPORT_CALL -> {
                    TraceEvent.ImportCall c = (TraceEvent.ImportCall) y;
                    if (threaded && RuntimeImports.isRuntime(c.module(), c.name())) {
                        stack.push(c); // the runtime's own (wasi.thread-spawn): a real call, seen as its thread_spawn event
                        break;
                    }
                    List<ImportCallReplay> list = calls.getOrDefault(tid, Map.of()).getOrDefault(c.funcIndex(), List.of());
                    int k = made.computeIfAbsent(tid, z -> new HashMap<>()).merge(c.funcIndex(), 1, Integer::sum) - 1;
                    String call = "call " + k + " of import " + c.module() + "." + c.name() + (threaded ? " on thread " + tid : "");
                    if (k >= list.size()) {
                        problem = call + " was not recorded (" + list.size() + " were)";
                        stack.push(c);
                    } else {
                        ImportCallReplay r = list.get(k);
                        x = new TraceEvent.ImportCall(tid, c.funcIndex(), c.module(), c.name(), r.args());
                        if (!r.args().isEmpty() && !HostObjects.asReplayed(r.args()).equals(c.args())) {
                            problem = call + " has other arguments";
                        }
                        stack.push(r);
                    }
                }
                case IMPORT_RETURN -> {
                    Object o = stack.poll();
                    if (o instanceof ImportCallReplay r) {
                        TraceEvent.ImportReturn ret = (TraceEvent.ImportReturn) y;
                        x = new TraceEvent.ImportReturn(tid, ret.funcIndex(), r.results());
                        if (!r.returns()) {
                            problem = "the import call returned, in the recording it did not";
                        } else if (!r.results().isEmpty() && !HostObjects.asReplayed(r.results()).equals(ret.results())) {
                            problem = "the import call returned other results";
                        }
                    }
                }
                case THREAD_SPAWN -> {
                    TraceEvent.ThreadSpawn sp = (TraceEvent.ThreadSpawn) y;
                    ThreadReplay th = threads.get(sp.childTid());
                    x = th == null ? null : new TraceEvent.ThreadSpawn(th.parent(), th.tid(), th.arg());
                    if (th == null || !spawned.add(th.tid())) {
                        problem = "thread " + sp.childTid() + " was not spawned (again) in the recording";
                    } else if (!x.equals(y)) {
                        problem = "thread " + th.tid() + " was spawned by another thread or with another argument";
                    }
                }
                case SCHEDULER_DECISION -> {
                    TraceEvent.SchedulerDecision sd = (TraceEvent.SchedulerDecision) y;
                    if (decided >= decisions.size()) {
                        problem = "the replay's scheduler made more decisions than the recording's " + decisions.size();
                    } else {
                        Schedule.Decision d = decisions.get(decided++);
                        x = new TraceEvent.SchedulerDecision(tid, d.kind(), d.options(), d.choice());
                        if (d.kind() != sd.decision() || d.options() != sd.options() || d.choice() != sd.choice()) {
                            problem = "scheduler decision " + (decided - 1) + " differs";
                        }
                    }
                }
                case MEMORY_DIGEST -> digests.add((TraceEvent.MemoryDigest) y);
                default -> {
                    // reads, growth and table/global changes are not kept by reduction
                }
            }
            if (x != null) {
                compared++;
            }
            if (problem != null) {
                return new Outcome(compared, scope, new Divergence(i, "event " + i + " of the replay's re-recorded run"
                        + (threaded ? " (thread " + tid + ")" : ""), problem, x == null ? "(none)"
                        : JsonLinesTraceWriter.line(x), JsonLinesTraceWriter.line(y), context(actual, i)));
            }
        }
        String missing = null;
        String want = null;
        if (topLevel < driver.size()) {
            ExportInvoke inv = driver.get(topLevel);
            missing = "the replay's run ended before export call " + topLevel;
            want = JsonLinesTraceWriter.line(new TraceEvent.ExportCall(0, inv.funcIndex(), inv.name(), inv.args()));
        }
        for (ThreadReplay th : t.threads()) {
            if (missing == null && !spawned.contains(th.tid())) {
                missing = "thread " + th.tid() + " was never spawned";
                want = JsonLinesTraceWriter.line(new TraceEvent.ThreadSpawn(th.parent(), th.tid(), th.arg()));
            } else if (missing == null && th.start() != null && !started.contains(th.tid())) {
                missing = "thread " + th.tid() + " never started";
                want = JsonLinesTraceWriter.line(new TraceEvent.ExportCall(th.tid(), th.start().funcIndex(),
                        th.start().name(), th.start().args()));
            }
        }
        for (Map.Entry<Integer, Map<Integer, List<ImportCallReplay>>> perThread : calls.entrySet()) {
            for (Map.Entry<Integer, List<ImportCallReplay>> e : perThread.getValue().entrySet()) {
                int n = made.getOrDefault(perThread.getKey(), Map.of()).getOrDefault(e.getKey(), 0);
                if (missing == null && n < e.getValue().size()) {
                    missing = "the replay called import " + e.getKey() + (threaded ? " on thread " + perThread.getKey() : "")
                            + " " + n + " times, the recording " + e.getValue().size();
                    want = "call " + n + " of import " + e.getKey();
                }
            }
        }
        if (missing == null && decided < decisions.size()) {
            Schedule.Decision d = decisions.get(decided);
            missing = "the replay's scheduler made " + decided + " decisions, the recording " + decisions.size();
            want = JsonLinesTraceWriter.line(new TraceEvent.SchedulerDecision(0, d.kind(), d.options(), d.choice()))
                    + " (on some thread)";
        }
        if (missing != null) {
            return new Outcome(compared, scope, new Divergence(actual.size(), "after the replay's last event", missing,
                    want, "(none: " + end + ")", context(actual, actual.size())));
        }
        List<TraceEvent.MemoryDigest> wantDigests = exp.finalMemories();
        if (!wantDigests.isEmpty() && !wantDigests.equals(digests)) {
            int k = 0;
            while (k < Math.min(wantDigests.size(), digests.size()) && wantDigests.get(k).equals(digests.get(k))) {
                k++;
            }
            return new Outcome(compared, scope, new Divergence(actual.size(), "the final memories",
                    "the replay's final memory differs",
                    k < wantDigests.size() ? JsonLinesTraceWriter.line(wantDigests.get(k)) : "(none)",
                    k < digests.size() ? JsonLinesTraceWriter.line(digests.get(k)) : "(none: " + end + ")",
                    context(actual, actual.size())));
        }
        return new Outcome(compared + digests.size(), scope, null);
    }

    private static List<String> context(List<TraceEvent> events, int k) {
        List<String> out = new ArrayList<>();
        for (int j = Math.max(0, k - CONTEXT); j < k; j++) {
            out.add(j + ": " + JsonLinesTraceWriter.line(events.get(j)));
        }
        return out;
    }
}
