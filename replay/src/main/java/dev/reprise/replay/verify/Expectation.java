package dev.reprise.replay.verify;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.transform.record.RecordingMode;
import java.util.List;

/**
 * What a replay must reproduce: the reduced trace it was generated from and, when the full trace
 * is at hand, its events. {@link Source} says how much can be compared: every event of a reprise
 * trace; for a reduced trace the export calls, each import's calls and the final memories (the
 * order between different imports and the reads are not kept by reduction); for a trace imported
 * from Wasm-R3 the calls and returns Wasm-R3 records (no import arguments, no export results).
 *
 * @param reduced the reduced trace the replay was (or must have been) generated from
 * @param events  the full trace's events, empty for {@link Source#REDUCED}
 * @param source  where the expectation comes from
 * @param mode    how the trace was recorded (its header's {@code reads}): the replay is re-recorded
 *                the same way ({@link RecordingMode#SHADOW} when the header does not say)
 */
public record Expectation(ReducedTrace reduced, List<TraceEvent> events, Source source, RecordingMode mode) {
    /** Where the expected behaviour comes from. */
    public enum Source {
        /** A reprise trace: every event is compared. */
        TRACE,
        /** A reduced trace: export calls, import calls per import, final memories. */
        REDUCED,
        /** A trace imported from Wasm-R3: calls and returns, with what Wasm-R3 records of them. */
        WASM_R3
    }

    /** Copies the events. */
    public Expectation {
        events = List.copyOf(events);
    }

    /** @param full whether the trace was recorded with {@code --full} (every read) rather than the in-module shadow */
    public Expectation(ReducedTrace reduced, List<TraceEvent> events, Source source, boolean full) {
        this(reduced, events, source, full ? RecordingMode.FULL : RecordingMode.SHADOW);
    }

    /** The expectation of a full trace, reduced as {@code reprise replay} reduces it (default {@link Reducer}). */
    public static Expectation of(Trace trace) {
        return of(trace, new Reducer().reduce(trace));
    }

    /**
     * The expectation of a full trace whose reduction (by the default {@link Reducer}) the caller
     * already has: a large trace need not be reduced twice.
     */
    public static Expectation of(Trace trace, ReducedTrace reduced) {
        Source source = trace.header().recorder() == RecorderKind.WASM_R3_IMPORT ? Source.WASM_R3 : Source.TRACE;
        return new Expectation(reduced, trace.events(), source, modeOf(trace));
    }

    /** The expectation of a reduced trace alone. */
    public static Expectation of(ReducedTrace reduced) {
        return new Expectation(reduced, List.of(), Source.REDUCED, RecordingMode.SHADOW);
    }

    /** The mode a trace was recorded in, from its header's {@code reads} (start option or metadata); shadow when absent. */
    static RecordingMode modeOf(Trace trace) {
        String reads = trace.header().start().options().get("reads");
        if (reads == null) {
            reads = trace.header().metadata().get("reads");
        }
        for (RecordingMode m : RecordingMode.values()) {
            if (m.text().equals(reads)) {
                return m;
            }
        }
        return RecordingMode.SHADOW;
    }

    /** Whether the trace was recorded with {@code --full} (every read). */
    public boolean full() {
        return mode == RecordingMode.FULL;
    }

    /** Whether the trace was recorded in host mode (the host's writes, exact, as {@code host_write} events). */
    public boolean host() {
        return mode == RecordingMode.HOST;
    }

    /** The final memory digests the run must end with (empty when the trace has none). */
    public List<TraceEvent.MemoryDigest> finalMemories() {
        return reduced.finalMemories();
    }
}
