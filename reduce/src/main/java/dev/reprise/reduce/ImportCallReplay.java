package dev.reprise.reduce;

import dev.reprise.record.trace.Value;
import java.util.List;

/**
 * What one call of an import does when replayed: check the recorded arguments ({@code args},
 * empty when not recorded), make the host's re-entrant export calls ({@code nested}, each with
 * the effects before it), apply {@code beforeReturn} and return {@code results} (every value of a
 * multi-value result). {@code returns} is false when the call never returned in the trace;
 * {@code threw} is true when it ended with an exception of the host that the host caught further
 * out and carried on ({@link dev.reprise.record.trace.TraceEvent.Unwind}): thrown by this call's
 * host after {@code beforeReturn}, or, when its last nested call is unwound, passed on from there.
 */
public record ImportCallReplay(List<Value> args, List<ExportInvoke> nested, List<Effect> beforeReturn,
        List<Value> results, boolean returns, boolean threw) {
    /** Copies the lists; a call that threw did not return. */
    public ImportCallReplay {
        args = List.copyOf(args);
        nested = List.copyOf(nested);
        beforeReturn = List.copyOf(beforeReturn);
        results = List.copyOf(results);
        if (returns && threw) {
            throw new IllegalArgumentException("an import call cannot both return and throw");
        }
    }

    /** A call that returned or ended the run. */
    public ImportCallReplay(List<Value> args, List<ExportInvoke> nested, List<Effect> beforeReturn,
            List<Value> results, boolean returns) {
        this(args, nested, beforeReturn, results, returns, false);
    }

    /** Whether the exception that ended this call came from its last nested call rather than from its own host. */
    public boolean passesOnAThrow() {
        return threw && !nested.isEmpty() && nested.get(nested.size() - 1).unwound();
    }

    /** Whether the recorded run ended inside this call: it neither returned nor threw (proc_exit, a host trap). */
    public boolean endedTheRun() {
        return !returns && !threw;
    }

    /** Whether replaying this call does nothing but return its results. */
    public boolean isEmpty() {
        return nested.isEmpty() && beforeReturn.isEmpty();
    }
}
