package dev.reprise.replay.verify.internal;

import dev.reprise.record.trace.JsonLinesTraceWriter;
import dev.reprise.record.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The last few events seen by a streaming comparison, with their indices: what a divergence
 * shows as its context ("index: line"), kept without holding the events before them. Lines are
 * made only when asked for.
 */
final class RecentEvents {
    private final long[] indices;
    private final TraceEvent[] events;
    private int size;
    private int next;

    RecentEvents(int capacity) {
        indices = new long[capacity];
        events = new TraceEvent[capacity];
    }

    /** Remembers {@code e}, at index {@code index}, forgetting the oldest when full. */
    void add(long index, TraceEvent e) {
        indices[next] = index;
        events[next] = e;
        next = (next + 1) % events.length;
        size = Math.min(size + 1, events.length);
    }

    /** The events remembered, oldest first, each "index: line" (the line passed through {@code shorten}). */
    List<String> lines(UnaryOperator<String> shorten) {
        List<String> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            int at = Math.floorMod(next - size + k, events.length);
            out.add(indices[at] + ": " + shorten.apply(JsonLinesTraceWriter.line(events[at])));
        }
        return out;
    }

    /** The events remembered, oldest first, each "index: line". */
    List<String> lines() {
        return lines(UnaryOperator.identity());
    }
}
