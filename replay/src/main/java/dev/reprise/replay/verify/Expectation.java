package dev.reprise.replay.verify;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
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
 * @param full    whether the trace was recorded with {@code --full} (every read) rather than the shadow
 */
public record Expectation(ReducedTrace reduced, List<TraceEvent> events, Source source, boolean full) {
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

    /** The expectation of a full trace, reduced as {@code reprise replay} reduces it (default {@link Reducer}). */
    public static Expectation of(Trace trace) {
        ReducedTrace reduced = new Reducer().reduce(trace);
        Source source = trace.header().recorder() == RecorderKind.WASM_R3_IMPORT ? Source.WASM_R3 : Source.TRACE;
        boolean full = "full".equals(trace.header().start().options().get("reads"))
                || "full".equals(trace.header().metadata().get("reads"));
        return new Expectation(reduced, trace.events(), source, full);
    }

    /** The expectation of a reduced trace alone. */
    public static Expectation of(ReducedTrace reduced) {
        return new Expectation(reduced, List.of(), Source.REDUCED, false);
    }

    /** The final memory digests the run must end with (empty when the trace has none). */
    public List<TraceEvent.MemoryDigest> finalMemories() {
        return reduced.finalMemories();
    }
}
