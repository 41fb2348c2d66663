package dev.reprise.replay.verify.internal;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
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
 */
public final class EventComparison {
    /** The outcome: how many expected events were compared, and the first divergence or null. */
    public record Outcome(long compared, String scope, Divergence divergence) {
    }

    /** The kinds a {@code HookRecorder} reports of a single-threaded run: the ones compared for a reprise trace. */
    static final Set<EventKind> RECORDED = EnumSet.of(EventKind.EXPORT_CALL, EventKind.EXPORT_RETURN,
            EventKind.IMPORT_CALL, EventKind.IMPORT_RETURN, EventKind.HOST_READ, EventKind.MEMORY_GROW,
            EventKind.TABLE_GROW, EventKind.TABLE_SET, EventKind.GLOBAL_CHANGE, EventKind.OUTPUT_DIGEST,
            EventKind.MEMORY_DIGEST);
    private static final Set<EventKind> CALLS = EnumSet.of(EventKind.EXPORT_CALL, EventKind.EXPORT_RETURN,
            EventKind.IMPORT_CALL, EventKind.IMPORT_RETURN);
    private static final int CONTEXT = 3;

    private EventComparison() {
    }

    /** Compares; {@code end} describes how the replay's run ended (for a missing event). */
    public static Outcome compare(Expectation exp, List<TraceEvent> actual, String end) {
        return switch (exp.source()) {
            case TRACE -> sequence(exp.events(), actual, RECORDED, false, end,
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
            if (!(r3 ? sameAsRecordedByWasmR3(x, y) : x.equals(y))) {
                return new Outcome(k, scope, divergence(expected, e, k, "the replay's event differs",
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
        long at = indices.get(k);
        return new Divergence(at, "event " + at + " of the trace", what, x, y, context(expected, indices, k));
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

    /** A reduced trace: top-level export calls in order, each import's calls in order, final memories. */
    private static Outcome reduced(Expectation exp, List<TraceEvent> actual, String end) {
        String scope = "the export calls in order, each import's calls in order and the final memories (a reduced"
                + " trace keeps neither the order between different imports nor the reads)";
        Map<Integer, List<ImportCallReplay>> calls = new HashMap<>();
        for (ImportReplay r : exp.reduced().imports()) {
            List<ImportCallReplay> list = new ArrayList<>();
            for (CallRun run : r.runs()) {
                for (long c = 0; c < run.count(); c++) {
                    list.add(run.call());
                }
            }
            calls.put(r.funcIndex(), list);
        }
        Map<Integer, Integer> made = new HashMap<>();
        Deque<Object> open = new ArrayDeque<>(); // ExportInvoke or ImportCallReplay
        List<ExportInvoke> driver = exp.reduced().driver();
        int topLevel = 0;
        long compared = 0;
        List<TraceEvent.MemoryDigest> digests = new ArrayList<>();
        for (int i = 0; i < actual.size(); i++) {
            TraceEvent y = actual.get(i);
            String problem = null;
            TraceEvent x = null;
            switch (y.kind()) {
                case EXPORT_CALL -> {
                    TraceEvent.ExportCall c = (TraceEvent.ExportCall) y;
                    if (open.isEmpty()) {
                        if (topLevel >= driver.size()) {
                            problem = "the replay made more export calls than the recording";
                        } else {
                            ExportInvoke inv = driver.get(topLevel++);
                            x = new TraceEvent.ExportCall(0, inv.funcIndex(), inv.name(), inv.args());
                            problem = c.name().equals(inv.name()) && c.args().equals(inv.args()) ? null
                                    : "export call " + (topLevel - 1) + " differs";
                            open.push(inv);
                        }
                    } else {
                        open.push(c); // re-entrant: made by the replayed host, checked by its effects
                    }
                }
                case EXPORT_RETURN -> {
                    Object o = open.poll();
                    if (o instanceof ExportInvoke inv) {
                        List<Value> results = ((TraceEvent.ExportReturn) y).results();
                        x = new TraceEvent.ExportReturn(0, inv.funcIndex(), inv.expected());
                        if (!inv.returned()) {
                            problem = "the export returned, in the recording it did not";
                        } else if (!inv.expected().isEmpty() && !inv.expected().equals(results)) {
                            problem = "export call " + (topLevel - 1) + " returned other results";
                        }
                    }
                }
                case IMPORT_CALL -> {
                    TraceEvent.ImportCall c = (TraceEvent.ImportCall) y;
                    List<ImportCallReplay> list = calls.getOrDefault(c.funcIndex(), List.of());
                    int k = made.merge(c.funcIndex(), 1, Integer::sum) - 1;
                    if (k >= list.size()) {
                        problem = "call " + k + " of import " + c.module() + "." + c.name() + " was not recorded ("
                                + list.size() + " were)";
                        open.push(c);
                    } else {
                        ImportCallReplay r = list.get(k);
                        x = new TraceEvent.ImportCall(0, c.funcIndex(), c.module(), c.name(), r.args());
                        if (!r.args().isEmpty() && !r.args().equals(c.args())) {
                            problem = "call " + k + " of import " + c.module() + "." + c.name() + " has other arguments";
                        }
                        open.push(r);
                    }
                }
                case IMPORT_RETURN -> {
                    Object o = open.poll();
                    if (o instanceof ImportCallReplay r) {
                        TraceEvent.ImportReturn ret = (TraceEvent.ImportReturn) y;
                        x = new TraceEvent.ImportReturn(0, ret.funcIndex(), r.results());
                        if (!r.returns()) {
                            problem = "the import call returned, in the recording it did not";
                        } else if (!r.results().isEmpty() && !r.results().equals(ret.results())) {
                            problem = "the import call returned other results";
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
                return new Outcome(compared, scope, new Divergence(i, "event " + i + " of the replay's re-recorded run",
                        problem, x == null ? "(none)" : JsonLinesTraceWriter.line(x), JsonLinesTraceWriter.line(y),
                        context(actual, i)));
            }
        }
        if (topLevel < driver.size()) {
            ExportInvoke inv = driver.get(topLevel);
            return new Outcome(compared, scope, new Divergence(actual.size(), "after the replay's last event",
                    "the replay's run ended before export call " + topLevel,
                    JsonLinesTraceWriter.line(new TraceEvent.ExportCall(0, inv.funcIndex(), inv.name(), inv.args())),
                    "(none: " + end + ")", context(actual, actual.size())));
        }
        for (Map.Entry<Integer, List<ImportCallReplay>> e : calls.entrySet()) {
            int n = made.getOrDefault(e.getKey(), 0);
            if (n < e.getValue().size()) {
                return new Outcome(compared, scope, new Divergence(actual.size(), "after the replay's last event",
                        "the replay called import " + e.getKey() + " " + n + " times, the recording " + e.getValue().size(),
                        "call " + n + " of import " + e.getKey(), "(none: " + end + ")", context(actual, actual.size())));
            }
        }
        List<TraceEvent.MemoryDigest> want = exp.finalMemories();
        if (!want.isEmpty() && !want.equals(digests)) {
            int k = 0;
            while (k < Math.min(want.size(), digests.size()) && want.get(k).equals(digests.get(k))) {
                k++;
            }
            return new Outcome(compared, scope, new Divergence(actual.size(), "the final memories",
                    "the replay's final memory differs",
                    k < want.size() ? JsonLinesTraceWriter.line(want.get(k)) : "(none)",
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
