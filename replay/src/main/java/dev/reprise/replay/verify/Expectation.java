package dev.reprise.replay.verify;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.transform.record.RecordingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a replay must reproduce: the reduced trace it was generated from and, when the full trace
 * is at hand, its events, read from a {@link TraceSource} as the comparison goes (a trace file is
 * streamed, never held whole). {@link Source} says how much can be compared: every event of a
 * reprise trace; for a reduced trace the export calls, each import's calls and the final memories
 * (the order between different imports and the reads are not kept by reduction); for a trace
 * imported from Wasm-R3 the calls and returns Wasm-R3 records (no import arguments, no export results).
 *
 * @param reduced the reduced trace the replay was (or must have been) generated from
 * @param trace   the full trace's events (no events for {@link Source#REDUCED})
 * @param source  where the expectation comes from
 * @param mode    how the trace was recorded (its header's {@code reads}): the replay is re-recorded
 *                the same way ({@link RecordingMode#SHADOW} when the header does not say)
 */
public record Expectation(ReducedTrace reduced, TraceSource trace, Source source, RecordingMode mode) {
    /** Where the expected behaviour comes from. */
    public enum Source {
        /** A reprise trace: every event is compared. */
        TRACE,
        /** A reduced trace: export calls, import calls per import, final memories. */
        REDUCED,
        /** A trace imported from Wasm-R3: calls and returns, with what Wasm-R3 records of them. */
        WASM_R3
    }

    /** Checks that nothing is missing. */
    public Expectation {
        Objects.requireNonNull(reduced, "reduced");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mode, "mode");
    }

    /** Events in memory (copied), without their header. */
    public Expectation(ReducedTrace reduced, List<TraceEvent> events, Source source, RecordingMode mode) {
        this(reduced, TraceSource.of(new Trace(NO_HEADER, events, true)), source, mode);
    }

    /** @param full whether the trace was recorded with {@code --full} (every read) rather than the in-module shadow */
    public Expectation(ReducedTrace reduced, List<TraceEvent> events, Source source, boolean full) {
        this(reduced, events, source, full ? RecordingMode.FULL : RecordingMode.SHADOW);
    }

    /** The header of events given without one: nothing known. */
    private static final TraceHeader NO_HEADER = TraceHeader.of(new byte[0], RecorderKind.JAVA, List.of(),
            StartOptions.NONE, Map.of());

    /** The expectation of a full trace, reduced as {@code reprise replay} reduces it (default {@link Reducer}). */
    public static Expectation of(Trace trace) {
        return of(trace, new Reducer().reduce(trace));
    }

    /**
     * The expectation of a full trace whose reduction (by the default {@link Reducer}) the caller
     * already has: a large trace need not be reduced twice.
     */
    public static Expectation of(Trace trace, ReducedTrace reduced) {
        return of(TraceSource.of(trace), reduced);
    }

    /**
     * The expectation of a trace read from {@code trace} (a file: streamed at each comparison),
     * whose reduction by the default {@link Reducer} the caller already has.
     */
    public static Expectation of(TraceSource trace, ReducedTrace reduced) {
        Source source = trace.header().recorder() == RecorderKind.WASM_R3_IMPORT ? Source.WASM_R3 : Source.TRACE;
        return new Expectation(reduced, trace, source, modeOf(trace.header()));
    }

    /** The expectation of a reduced trace alone. */
    public static Expectation of(ReducedTrace reduced) {
        return new Expectation(reduced, List.of(), Source.REDUCED, RecordingMode.SHADOW);
    }

    /** The mode a trace was recorded in, from its header's {@code reads} (start option or metadata); shadow when absent. */
    static RecordingMode modeOf(TraceHeader header) {
        String reads = header.start().options().get("reads");
        if (reads == null) {
            reads = header.metadata().get("reads");
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
