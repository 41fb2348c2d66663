package dev.reprise.runtime.sched;

import dev.reprise.runtime.SandboxException;

/**
 * The decision source threw (e.g. a model checker pruning a run it has already seen): the run
 * stops at once and {@code Sandbox.run} rethrows the source's exception ({@link #getCause()}).
 */
public final class RunAbortedException extends SandboxException {
    private static final long serialVersionUID = 1L;

    public RunAbortedException(RuntimeException cause) {
        super("the decision source aborted the run: " + cause.getMessage(), cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
