package dev.reprise.record.trace;

/** Something that takes trace events in order: a trace writer, a reducer, a collector. */
@FunctionalInterface
public interface TraceSink {
    /** Takes the next event. */
    void write(TraceEvent event);
}
