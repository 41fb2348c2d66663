package dev.reprise.runtime;

/** The run executed its whole instruction budget ({@link RunOptions#maxInstructions()}). */
public final class BudgetExhaustedException extends SandboxException {
    private static final long serialVersionUID = 1L;

    public BudgetExhaustedException(long budget) {
        super("instruction budget of " + budget + " exhausted");
    }
}
