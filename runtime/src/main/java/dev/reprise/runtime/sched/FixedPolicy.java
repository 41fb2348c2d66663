package dev.reprise.runtime.sched;

/**
 * The deterministic default: always option 0, which by the ordering contract of
 * {@link DecisionSource} means a FIFO run queue (round-robin on yields), FIFO wake order for
 * futex waiters and 0 for every {@code model_checker_select}.
 */
public final class FixedPolicy implements DecisionSource {
    @Override
    public int choose(DecisionKind kind, int optionCount) {
        return 0;
    }

    @Override
    public String toString() {
        return "FixedPolicy";
    }
}
