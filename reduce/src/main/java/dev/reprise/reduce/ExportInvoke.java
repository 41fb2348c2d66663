package dev.reprise.reduce;

import dev.reprise.record.trace.Value;
import java.util.List;

/**
 * The host calls export {@code funcIndex} with {@code args}, after applying the effects in
 * {@code before}. {@code expected} holds the recorded results, or is empty when the trace did
 * not record them (Wasm-R3) or the export returns nothing; {@code returned} is false when the
 * call never returned in the trace (a trap, an exit, a cut trace).
 */
public record ExportInvoke(List<Effect> before, int funcIndex, String name, List<Value> args,
        List<Value> expected, boolean returned) {
    /** Copies the lists. */
    public ExportInvoke {
        before = List.copyOf(before);
        args = List.copyOf(args);
        expected = List.copyOf(expected);
    }
}
