package dev.reprise.reduce;

import dev.reprise.record.trace.Value;
import java.util.List;

/**
 * What one call of an import does when replayed: check the recorded arguments ({@code args},
 * empty when not recorded), make the host's re-entrant export calls ({@code nested}, each with
 * the effects before it), apply {@code beforeReturn} and return {@code results} (every value of a
 * multi-value result). {@code returns} is false when the call never returned in the trace.
 */
public record ImportCallReplay(List<Value> args, List<ExportInvoke> nested, List<Effect> beforeReturn,
        List<Value> results, boolean returns) {
    /** Copies the lists. */
    public ImportCallReplay {
        args = List.copyOf(args);
        nested = List.copyOf(nested);
        beforeReturn = List.copyOf(beforeReturn);
        results = List.copyOf(results);
    }

    /** Whether replaying this call does nothing but return its results. */
    public boolean isEmpty() {
        return nested.isEmpty() && beforeReturn.isEmpty();
    }
}
