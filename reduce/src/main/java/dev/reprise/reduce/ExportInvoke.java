package dev.reprise.reduce;

import dev.reprise.record.trace.Value;
import java.util.List;

/**
 * The host calls export {@code funcIndex} with {@code args}, after applying the effects in
 * {@code before}. {@code expected} holds the recorded results, or is empty when the trace did
 * not record them (Wasm-R3) or the export returns nothing; {@code returned} is false when the
 * call never returned in the trace (a trap, an exit, a cut trace); {@code unwound} is true when it
 * never returned because an exception a host function threw went through it and the host caught
 * it and carried on ({@link dev.reprise.record.trace.TraceEvent.Unwind}).
 */
public record ExportInvoke(List<Effect> before, int funcIndex, String name, List<Value> args,
        List<Value> expected, boolean returned, boolean unwound) {
    /** Copies the lists; an unwound call did not return. */
    public ExportInvoke {
        before = List.copyOf(before);
        args = List.copyOf(args);
        expected = List.copyOf(expected);
        if (returned && unwound) {
            throw new IllegalArgumentException("an export call cannot both return and be unwound");
        }
    }

    /** A call that returned or ended the run. */
    public ExportInvoke(List<Effect> before, int funcIndex, String name, List<Value> args, List<Value> expected,
            boolean returned) {
        this(before, funcIndex, name, args, expected, returned, false);
    }
}
