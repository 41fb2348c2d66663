package dev.reprise.reduce;

/** {@code count} consecutive calls of one import that replay identically (run-length encoding). */
public record CallRun(long count, ImportCallReplay call) {
    /** Checks the count. */
    public CallRun {
        if (count < 1) {
            throw new IllegalArgumentException("run of " + count + " calls");
        }
    }
}
