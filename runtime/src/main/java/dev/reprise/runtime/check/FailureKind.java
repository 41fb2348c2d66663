package dev.reprise.runtime.check;

import dev.reprise.runtime.RunOutcome;

/** Why an execution counts as a failure. */
public enum FailureKind {
    /** A trap: {@code unreachable}, {@code abort}, a failed {@code reprise.assert}, out of bounds... */
    TRAP,
    /** The guest exited with a non-zero code. */
    EXIT,
    /** Every thread blocked and none can wake. */
    DEADLOCK,
    /** The instruction budget ran out (reported as such, not as a bug of the guest). */
    BUDGET;

    /** The failure kind of an outcome, or null when the run succeeded. */
    public static FailureKind of(RunOutcome o) {
        return switch (o.termination()) {
            case RETURNED -> null;
            case EXITED -> o.exitCode() == 0 ? null : EXIT;
            case TRAPPED -> TRAP;
            case DEADLOCKED -> DEADLOCK;
            case BUDGET_EXHAUSTED -> BUDGET;
            case SCHEDULE_DIVERGED -> throw new IllegalStateException("the checker's own schedule diverged: "
                    + o.message());
        };
    }
}
