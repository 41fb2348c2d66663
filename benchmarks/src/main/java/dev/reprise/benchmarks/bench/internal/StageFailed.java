package dev.reprise.benchmarks.bench.internal;

/** A stage of a program failed: the program stops there, the bench goes on with the next one. */
public final class StageFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StageFailed(String message) {
        super(message, null, false, false);
    }
}
