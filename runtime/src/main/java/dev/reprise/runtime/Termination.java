package dev.reprise.runtime;

/** How a run ended. */
public enum Termination {
    /** {@code _start} returned (exit code 0). */
    RETURNED,
    /** The guest called {@code proc_exit}. */
    EXITED,
    /** The guest trapped (including a failed {@code reprise.assert}). */
    TRAPPED,
    /** No thread could run and none was sleeping with a timeout. */
    DEADLOCKED,
    /** The instruction budget ran out. */
    BUDGET_EXHAUSTED,
    /** A scripted schedule did not fit the run. */
    SCHEDULE_DIVERGED
}
