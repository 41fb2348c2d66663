package dev.reprise.replay.verify.internal;

import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.replay.verify.Divergence;
import dev.reprise.replay.verify.Expectation;
import java.util.EnumSet;
import java.util.Set;

/**
 * Compares the events of a re-recorded replay, fed as the replay runs, with what the recording
 * expects, per {@link Expectation.Source}: a reprise trace event by event (every kind a recorder
 * reports of a single-threaded run; {@link SequenceComparison}); a Wasm-R3 trace on the calls and
 * returns, with the fields Wasm-R3 records; a reduced trace per stream (the export calls in order,
 * each import's calls in order, the final memories; {@link ReducedComparison}), since reduction
 * keeps neither the interleaving of different imports nor the reads. Multi-threaded: a reprise
 * trace event by event in the recorded interleaving, thread spawns and scheduler decisions
 * included (the deterministic scheduler under the recorded decisions makes the interleaving part
 * of what a replay must reproduce), a divergence naming its thread and the event's place in that
 * thread; a reduced trace per thread, with the spawns and the decisions.
 *
 * <p>The trace is read from its {@link TraceSource} while the replay runs, so verifying a trace of
 * gigabytes holds neither its events nor the re-recording's.
 */
public final class EventComparison {
    /** The outcome: how many expected events were compared, and the first divergence or null. */
    public record Outcome(long compared, String scope, Divergence divergence) {
    }

    /** A comparison in progress: the re-recorded events one by one (from any thread), then the end. */
    public interface Comparison extends AutoCloseable {
        /** The replay's next event. */
        void accept(TraceEvent actual);

        /** The replay's run is over; {@code end} describes how it ended (for a missing event). */
        Outcome finish(String end);

        /** Releases the trace file. */
        @Override
        void close();
    }

    /**
     * The kinds a {@code HookRecorder} reports of a single-threaded run: the ones compared one by
     * one for a reprise trace (a host-mode trace's host writes are checked on bytes, {@link HostWriteCheck}).
     */
    public static final Set<EventKind> RECORDED = EnumSet.of(EventKind.EXPORT_CALL, EventKind.EXPORT_RETURN,
            EventKind.IMPORT_CALL, EventKind.IMPORT_RETURN, EventKind.HOST_READ, EventKind.MEMORY_GROW,
            EventKind.TABLE_GROW, EventKind.TABLE_SET, EventKind.GLOBAL_CHANGE, EventKind.OUTPUT_DIGEST,
            EventKind.MEMORY_DIGEST, EventKind.UNWIND, EventKind.HOST_FUNCTION);
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

    private EventComparison() {
    }

    /** Starts comparing with {@code exp} (opening its trace). */
    public static Comparison start(Expectation exp) {
        return switch (exp.source()) {
            case TRACE -> exp.reduced().multiThreaded()
                    ? new SequenceComparison(exp.trace(), THREADED, false, "every event of every thread in the recorded"
                            + " interleaving (calls, returns, host reads, growth, table and global changes, thread spawns,"
                            + " scheduler decisions, output and memory digests)")
                    : new SequenceComparison(exp.trace(), RECORDED, false,
                    "every event (calls, returns, host reads, growth, table and global changes, output and memory digests)");
            case WASM_R3 -> new SequenceComparison(exp.trace(), CALLS, true,
                    "export and import calls and returns, as Wasm-R3 records them (no import arguments, no export"
                            + " results; its reads are bytes, not accesses)");
            case REDUCED -> new ReducedComparison(exp.reduced());
        };
    }

    /**
     * Ends a comparison; for a host-mode re-recording ({@code hostWrites} not null) the host writes
     * as {@code hostWrites} found them count too: the first divergence of either (by its index in
     * the trace) is the one reported.
     */
    public static Outcome finish(Comparison c, Expectation exp, String end, HostWriteCheck hostWrites) {
        Outcome o = c.finish(end);
        if (hostWrites == null || exp.source() != Expectation.Source.TRACE) {
            return o;
        }
        String scope = "every event (calls, returns, the host's writes byte by byte, growth, table and global changes,"
                + " output and memory digests)";
        Divergence h = hostWrites.divergence();
        if (h != null && (o.divergence() == null || h.index() < o.divergence().index())) {
            return new Outcome(before(exp.trace(), h.index()), scope, h);
        }
        if (o.divergence() != null) {
            return new Outcome(before(exp.trace(), o.divergence().index()), scope, o.divergence());
        }
        return new Outcome(o.compared() + hostWrites.checked(), scope, null);
    }

    /** The events of the compared kinds and host writes before index {@code at} of the trace (a pass over it). */
    private static long before(TraceSource trace, long at) {
        long n = 0;
        try (TraceSource.Events events = trace.open()) {
            long i = 0;
            for (TraceEvent e = events.next(); e != null && i < at; e = events.next(), i++) {
                EventKind k = e.kind();
                if (RECORDED.contains(k) || k == EventKind.HOST_WRITE) {
                    n++;
                }
            }
        }
        return n;
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
}
