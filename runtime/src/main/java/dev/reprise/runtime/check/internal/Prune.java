package dev.reprise.runtime.check.internal;

/**
 * Thrown by the checker's decision sources to abandon an execution (the runtime stops the run
 * and rethrows it): the rest is equivalent to something already explored, a bound excludes every
 * option, the depth bound was reached, or the prefix was handed to another shard or job.
 */
public final class Prune extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an execution was abandoned. */
    public enum Reason {
        /** Every option is in the sleep set (or excluded by the preemption bound). */
        SLEEP_BLOCKED,
        /** The execution reached the depth bound. */
        DEPTH,
        /** The prefix became a work item for a shard or job. */
        SPLIT
    }

    private final Reason reason;

    public Prune(Reason reason) {
        super("execution abandoned: " + reason, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
