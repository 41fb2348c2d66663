package dev.reprise.runtime.sched;

import dev.reprise.runtime.SandboxException;

/** A scripted schedule does not fit the run: a choice is out of range or the list ran out. */
public final class ScheduleDivergedException extends SandboxException {
    private static final long serialVersionUID = 1L;
    private final int decisionIndex;

    public ScheduleDivergedException(int decisionIndex, String message) {
        super("schedule diverged at decision " + decisionIndex + ": " + message);
        this.decisionIndex = decisionIndex;
    }

    /** Index (0-based) of the decision that did not fit. */
    public int decisionIndex() {
        return decisionIndex;
    }
}
