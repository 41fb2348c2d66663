package dev.reprise.record.trace;

/**
 * Receives a trace as it is read: {@link #visitHeader} once, {@link #visitEvent} per event in
 * order, then {@link #visitEnd} once.
 */
public interface TraceVisitor extends TraceSink {
    /** The header, before any event. */
    default void visitHeader(TraceHeader header) {
    }

    /** The next event. */
    void visitEvent(TraceEvent event);

    /**
     * The end: {@code complete} is false when the trace stops without its trailer (the recording
     * was cut short); {@code eventCount} events were visited.
     */
    default void visitEnd(boolean complete, long eventCount) {
    }

    /** Same as {@link #visitEvent}. */
    @Override
    default void write(TraceEvent event) {
        visitEvent(event);
    }
}
