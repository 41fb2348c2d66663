package dev.reprise.runtime.sched;

/** What a scheduler decision chooses. */
public enum DecisionKind {
    /** Which runnable thread runs next at a switch point. */
    NEXT_THREAD,
    /** Which waiter(s) an {@code atomic.notify} wakes when it cannot wake them all. */
    WAKE_WAITER,
    /** The value of an explicit {@code model_checker_select(n)} call. */
    SELECT
}
