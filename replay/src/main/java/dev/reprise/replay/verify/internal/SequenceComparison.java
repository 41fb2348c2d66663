package dev.reprise.replay.verify.internal;

import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.JsonLinesTraceWriter;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.replay.verify.Divergence;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Compares the re-recorded events, as they come, with a trace read as they come: the events of
 * the compared kinds, one by one in order (Wasm-R3 traces on what Wasm-R3 records of them). The
 * trace is streamed from its {@link TraceSource}; what a divergence reports of it (the events
 * before it, the divergent event's place in its thread) is kept as the stream goes, so neither
 * side's events are held.
 *
 * <p>A trace without final memory digests (the JavaScript recorder writes none) leaves the
 * re-recording's digests nothing to be compared with: they are left out rather than counted as
 * "more than the recording". Whether the trace has any is known when one is read, or at its end;
 * a digest of the replay arriving before either reads ahead (a second pass) only in the case the
 * two streams disagree anyway.
 */
final class SequenceComparison implements EventComparison.Comparison {
    private static final int CONTEXT = 3;

    /** An event of the trace of a compared kind, its index and its place among its thread's events. */
    private record Expected(long index, TraceEvent event, long inThread) {
    }

    private final TraceSource source;
    private final TraceSource.Events events;
    /** The compared kinds, memory digests apart. */
    private final Set<EventKind> kinds;
    /** Whether memory digests are among the compared kinds (when the trace has any). */
    private final boolean digestKind;
    private final boolean r3;
    private final String scope;
    /** Whether the trace has memory digests; null until known. */
    private Boolean digests;
    /** The index of the next event of the trace to read. */
    private long index;
    private final Map<Integer, Long> perThread = new HashMap<>();
    private boolean otherThread;
    private boolean ended;
    private Expected peeked;
    private long lastCompared = -1;
    private final RecentEvents recent = new RecentEvents(CONTEXT);
    private long compared;
    /** The first divergence, its place in the thread ({@code where}) completed at the end. */
    private Expected divergentAt;
    private Divergence divergence;

    SequenceComparison(TraceSource source, Set<EventKind> kinds, boolean r3, String scope) {
        this.source = source;
        this.digestKind = kinds.contains(EventKind.MEMORY_DIGEST);
        Set<EventKind> k = EnumSet.copyOf(kinds);
        k.remove(EventKind.MEMORY_DIGEST);
        this.kinds = k;
        this.r3 = r3;
        this.scope = scope;
        this.events = source.open();
    }

    @Override
    public synchronized void accept(TraceEvent y) {
        if (divergence != null) {
            return;
        }
        if (y.kind() == EventKind.MEMORY_DIGEST) {
            if (!digestKind || !hasDigests()) {
                return;
            }
        } else if (!kinds.contains(y.kind())) {
            return;
        }
        Expected x = peek();
        if (x == null) {
            long at = lastCompared + 1;
            divergence = new Divergence(at, "event " + at + " of the trace (after its last)",
                    "the replay did more than the recording", "(none: the trace ends here)",
                    JsonLinesTraceWriter.line(y), recent.lines());
            return;
        }
        peeked = null;
        if (!(r3 ? EventComparison.sameAsRecordedByWasmR3(x.event(), y) : HostObjects.asReplayed(x.event()).equals(y))) {
            String what = x.event().tid() != y.tid() ? "thread " + y.tid() + " ran where the recording ran thread "
                    + x.event().tid() + " (the threads interleave differently)" : "the replay's event differs";
            diverge(x, what, JsonLinesTraceWriter.line(y));
            return;
        }
        compared++;
        lastCompared = x.index();
        recent.add(x.index(), x.event());
    }

    @Override
    public synchronized EventComparison.Outcome finish(String end) {
        if (divergence == null) {
            Expected x = peek();
            if (x != null) {
                diverge(x, "the replay's run ended before this event", "(none: " + end + ")");
            }
        }
        if (divergentAt != null) {
            Expected x = divergentAt;
            String where = "event " + x.index() + " of the trace"
                    + (multiThreaded() ? ", thread " + x.event().tid() + "'s event " + x.inThread() : "");
            divergence = new Divergence(x.index(), where, divergence.what(), divergence.expected(), divergence.actual(),
                    divergence.context());
            divergentAt = null;
        }
        return new EventComparison.Outcome(compared, scope, divergence);
    }

    private void diverge(Expected x, String what, String actual) {
        divergentAt = x;
        divergence = new Divergence(x.index(), "", what, JsonLinesTraceWriter.line(x.event()), actual, recent.lines());
    }

    /** Whether any event of the trace is on a thread other than 0 (reads the rest of the trace when needed). */
    private boolean multiThreaded() {
        while (!otherThread && !ended) {
            read();
        }
        return otherThread;
    }

    private Expected peek() {
        if (peeked == null && !ended) {
            peeked = read();
        }
        return peeked;
    }

    /** The next event of a compared kind, or null at the end. */
    private Expected read() {
        for (TraceEvent e = events.next(); e != null; e = events.next()) {
            long at = index++;
            long inThread = perThread.merge(e.tid(), 1L, Long::sum) - 1;
            otherThread |= e.tid() != 0;
            if (e.kind() == EventKind.MEMORY_DIGEST && digestKind) {
                digests = true;
                return new Expected(at, e, inThread);
            }
            if (kinds.contains(e.kind())) {
                return new Expected(at, e, inThread);
            }
        }
        ended = true;
        if (digests == null) {
            digests = false;
        }
        return null;
    }

    /** Whether the trace has memory digests: known once one was read or at the end, else read ahead. */
    private boolean hasDigests() {
        if (digests == null) {
            peek();
        }
        if (digests == null) {
            // the trace goes on without a digest so far: look further in a second pass
            try (TraceSource.Events ahead = source.open()) {
                long i = 0;
                boolean found = false;
                for (TraceEvent e = ahead.next(); e != null && !found; e = ahead.next()) {
                    found = i++ >= index && e.kind() == EventKind.MEMORY_DIGEST;
                }
                digests = found;
            }
        }
        return digests;
    }

    @Override
    public void close() {
        events.close();
    }
}
