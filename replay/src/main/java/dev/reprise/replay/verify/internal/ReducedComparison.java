package dev.reprise.replay.verify.internal;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.RuntimeImports;
import dev.reprise.reduce.Schedule;
import dev.reprise.reduce.ThreadReplay;
import dev.reprise.record.trace.JsonLinesTraceWriter;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.Value;
import dev.reprise.replay.verify.Divergence;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the re-recorded events, as they come, with a reduced trace: top-level export calls in
 * order, each import's calls in order, final memories; for a multi-threaded one per thread
 * (thread 0's driver and imports, each spawned thread's start call and imports), with the spawns
 * and the scheduler's decisions in order. Each import's calls are walked run by run, never
 * expanded; of the re-recording only the last few events are kept, for the context of a divergence.
 */
final class ReducedComparison implements EventComparison.Comparison {
    private static final int CONTEXT = 3;

    /** The recorded calls of one import on one thread, walked in order through the runs. */
    private static final class Calls {
        private final List<CallRun> runs;
        private final long total;
        private int run;
        private long inRun;
        long made;

        Calls(ImportReplay r) {
            this.runs = r.runs();
            this.total = r.calls();
        }

        /** The next recorded call, or null when every one was made. */
        ImportCallReplay next() {
            made++;
            while (run < runs.size() && inRun >= runs.get(run).count()) {
                run++;
                inRun = 0;
            }
            if (run >= runs.size()) {
                return null;
            }
            inRun++;
            return runs.get(run).call();
        }
    }

    private final ReducedTrace t;
    private final boolean threaded;
    private final String scope;
    private final Map<Integer, Map<Integer, Calls>> calls = new HashMap<>();
    private final Map<Integer, ThreadReplay> threads = new HashMap<>();
    private final Map<Integer, Deque<Object>> open = new HashMap<>(); // per thread: ExportInvoke or ImportCallReplay
    private final Set<Integer> started = new HashSet<>();
    private final Set<Integer> spawned = new HashSet<>();
    private final List<ExportInvoke> driver;
    private final List<Schedule.Decision> decisions;
    private int topLevel;
    private int decided;
    private long compared;
    private final List<TraceEvent.MemoryDigest> digests = new ArrayList<>();
    private long actual;
    private final RecentEvents recent = new RecentEvents(CONTEXT);
    private EventComparison.Outcome outcome;

    ReducedComparison(ReducedTrace t) {
        this.t = t;
        this.threaded = t.multiThreaded();
        this.scope = "the export calls in order, each import's calls in order" + (threaded ? " (per thread), each"
                + " thread's spawn and start, the scheduler's decisions in order" : "") + " and the final memories"
                + " (a reduced trace keeps neither the order between different imports nor the reads)";
        calls.put(0, callsOf(t.imports()));
        for (ThreadReplay th : t.threads()) {
            calls.put(th.tid(), callsOf(th.imports()));
            threads.put(th.tid(), th);
        }
        this.driver = t.driver();
        this.decisions = t.schedule().decisions();
    }

    private static Map<Integer, Calls> callsOf(List<ImportReplay> imports) {
        Map<Integer, Calls> out = new HashMap<>();
        for (ImportReplay r : imports) {
            out.put(r.funcIndex(), new Calls(r));
        }
        return out;
    }

    @Override
    public synchronized void accept(TraceEvent y) {
        long i = actual++;
        if (outcome != null) {
            return;
        }
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
                Calls list = calls.getOrDefault(tid, Map.of()).get(c.funcIndex());
                ImportCallReplay r = list == null ? null : list.next();
                long k = list == null ? 0 : list.made - 1;
                String call = "call " + k + " of import " + c.module() + "." + c.name() + (threaded ? " on thread " + tid : "");
                if (r == null) {
                    problem = call + " was not recorded (" + (list == null ? 0 : list.total) + " were)";
                    stack.push(c);
                } else {
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
            outcome = new EventComparison.Outcome(compared, scope, new Divergence(i, "event " + i
                    + " of the replay's re-recorded run" + (threaded ? " (thread " + tid + ")" : ""), problem,
                    x == null ? "(none)" : JsonLinesTraceWriter.line(x), JsonLinesTraceWriter.line(y), recent.lines()));
        }
        recent.add(i, y);
    }

    @Override
    public synchronized EventComparison.Outcome finish(String end) {
        if (outcome != null) {
            return outcome;
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
        for (Map.Entry<Integer, Map<Integer, Calls>> perThread : calls.entrySet()) {
            for (Map.Entry<Integer, Calls> e : perThread.getValue().entrySet()) {
                Calls c = e.getValue();
                long n = Math.min(c.made, c.total);
                if (missing == null && n < c.total) {
                    missing = "the replay called import " + e.getKey() + (threaded ? " on thread " + perThread.getKey() : "")
                            + " " + n + " times, the recording " + c.total;
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
            return new EventComparison.Outcome(compared, scope, new Divergence(actual, "after the replay's last event",
                    missing, want, "(none: " + end + ")", recent.lines()));
        }
        List<TraceEvent.MemoryDigest> wantDigests = t.finalMemories();
        if (!wantDigests.isEmpty() && !wantDigests.equals(digests)) {
            int k = 0;
            while (k < Math.min(wantDigests.size(), digests.size()) && wantDigests.get(k).equals(digests.get(k))) {
                k++;
            }
            return new EventComparison.Outcome(compared, scope, new Divergence(actual, "the final memories",
                    "the replay's final memory differs",
                    k < wantDigests.size() ? JsonLinesTraceWriter.line(wantDigests.get(k)) : "(none)",
                    k < digests.size() ? JsonLinesTraceWriter.line(digests.get(k)) : "(none: " + end + ")",
                    recent.lines()));
        }
        return new EventComparison.Outcome(compared + digests.size(), scope, null);
    }

    @Override
    public void close() {
    }
}
