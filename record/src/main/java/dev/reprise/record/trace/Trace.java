package dev.reprise.record.trace;

import java.util.List;

/**
 * A whole trace in memory: header, events, and whether it ended with its trailer
 * ({@code complete}); an incomplete trace holds the events of the readable prefix.
 */
public record Trace(TraceHeader header, List<TraceEvent> events, boolean complete) {
    /** Copies the event list. */
    public Trace {
        events = List.copyOf(events);
    }
}
