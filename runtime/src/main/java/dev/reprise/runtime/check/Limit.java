package dev.reprise.runtime.check;

/** What kept a search from exploring the whole decision tree. */
public enum Limit {
    /** It stopped at the first failure ({@code --stop-at-first}). */
    FIRST_FAILURE,
    /** {@code --max-executions} was reached. */
    MAX_EXECUTIONS,
    /** {@code --time-limit} passed. */
    TIME_LIMIT,
    /** Some executions were cut at {@code --max-depth} decisions. */
    MAX_DEPTH,
    /** Some schedules needed more preemptions than {@code --preemption-bound}. */
    PREEMPTION_BOUND,
    /** A randomised strategy never proves the space exhausted. */
    RANDOMISED
}
