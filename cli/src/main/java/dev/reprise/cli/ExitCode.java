package dev.reprise.cli;

/**
 * The exit statuses of {@code reprise}. Guest programs run by {@code reprise run} exit with
 * their own {@code proc_exit} code; reprise's own outcomes use codes a guest rarely picks
 * (sysexits.h for usage and input errors, 120-127 for run outcomes).
 */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** A check or verification found a failure (the command's job, not an error). */
    public static final int FOUND = 1;
    /** Bad command-line usage. */
    public static final int USAGE = 64;
    /** The module (or trace) is malformed or invalid. */
    public static final int BAD_INPUT = 65;
    /** An input file does not exist or cannot be read. */
    public static final int NO_INPUT = 66;
    /** An internal error: a bug in reprise. */
    public static final int INTERNAL = 70;
    /** An output file could not be written. */
    public static final int CANNOT_WRITE = 73;
    /** The module's imports cannot be satisfied. */
    public static final int UNLINKABLE = 121;
    /** The guest trapped. */
    public static final int TRAP = 122;
    /** Every guest thread is blocked and none can wake. */
    public static final int DEADLOCK = 123;
    /** The instruction budget ran out. */
    public static final int BUDGET_EXHAUSTED = 124;
    /** A schedule or trace diverged from the program. */
    public static final int DIVERGED = 125;

    private ExitCode() {
    }
}
