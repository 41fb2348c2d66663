package dev.reprise.runtime.sched;

/**
 * The single source of every scheduling choice of a run. The scheduler calls it only when
 * there are at least two options, always from the thread holding the baton, and the options
 * are ordered deterministically:
 * <ul>
 *   <li>{@link DecisionKind#NEXT_THREAD}: the run queue in FIFO order; a thread that yields
 *       (or is preempted) is put at the back first, a thread that spawns another stays at the
 *       front and the new thread goes to the back, a woken thread joins at the back;</li>
 *   <li>{@link DecisionKind#WAKE_WAITER}: the waiters on the address in arrival order (one
 *       decision per woken waiter);</li>
 *   <li>{@link DecisionKind#SELECT}: the values {@code 0..n-1}.</li>
 * </ul>
 * So option 0 is always the FIFO / round-robin choice.
 */
public interface DecisionSource {
    /**
     * Chooses one of {@code optionCount} options.
     *
     * @param optionCount at least 2
     * @return a value in {@code 0..optionCount-1}
     */
    int choose(DecisionKind kind, int optionCount);

    /**
     * The same choice, told what the options are: for NEXT_THREAD and WAKE_WAITER the thread
     * ids in option order, for SELECT the values {@code 0..n-1}. The scheduler always calls this
     * form; the default ignores the ids, so plain sources implement only
     * {@link #choose(DecisionKind, int)}. Sources that reason about threads (partial-order
     * reduction, state deduplication in a model checker) override it.
     */
    default int chooseAmong(DecisionKind kind, int[] options) {
        return choose(kind, options.length);
    }
}
