package dev.reprise.runtime;

import dev.reprise.runtime.sched.DeadlockException;
import dev.reprise.runtime.sched.Decision;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The observable result of a run.
 *
 * @param termination how the run ended
 * @param exitCode the guest's exit code (0 when {@code _start} returned; for other
 *     terminations the value of {@link #exitCodeFor})
 * @param message trap, deadlock or divergence message; empty on a normal end
 * @param guestStack guest function names at a trap, innermost first (may be empty)
 * @param stdout everything the guest wrote to fd 1
 * @param stderr everything the guest wrote to fd 2
 * @param decisions every scheduler decision of the run, in order
 * @param virtualNanos virtual nanoseconds elapsed
 * @param cpuNanos CPU nanoseconds the guest's threads used (host calls included; not the JIT's or
 *     the collector's), -1 when the JVM cannot measure it
 */
public record RunOutcome(
        Termination termination,
        int exitCode,
        String message,
        List<String> guestStack,
        byte[] stdout,
        byte[] stderr,
        List<Decision> decisions,
        long virtualNanos,
        long cpuNanos) {

    /** Exit status used when a run trapped. */
    public static final int EXIT_TRAP = 134;
    /** Exit status used when a run deadlocked. */
    public static final int EXIT_DEADLOCK = 135;
    /** Exit status used when the instruction budget ran out. */
    public static final int EXIT_BUDGET = 136;
    /** Exit status used when a scripted schedule diverged. */
    public static final int EXIT_DIVERGED = 137;

    public RunOutcome {
        guestStack = List.copyOf(guestStack);
        decisions = List.copyOf(decisions);
    }

    /** The documented process exit status for a termination that is not a guest exit. */
    public static int exitCodeFor(Termination t) {
        return switch (t) {
            case RETURNED, EXITED -> 0;
            case TRAPPED -> EXIT_TRAP;
            case DEADLOCKED -> EXIT_DEADLOCK;
            case BUDGET_EXHAUSTED -> EXIT_BUDGET;
            case SCHEDULE_DIVERGED -> EXIT_DIVERGED;
        };
    }

    /**
     * Returns this outcome if the guest returned or called {@code proc_exit(0)}; otherwise throws
     * the typed exception for how it ended: {@link GuestExitException} (non-zero exit),
     * {@link GuestTrapException} (with the guest stack), {@link DeadlockException}
     * or a {@link SandboxException} with the message for an exhausted budget or a diverged schedule.
     */
    public RunOutcome orThrow() {
        switch (termination) {
            case RETURNED:
                return this;
            case EXITED:
                if (exitCode == 0) {
                    return this;
                }
                throw new GuestExitException(exitCode);
            case TRAPPED:
                throw new GuestTrapException(message, guestStack, null);
            case DEADLOCKED:
                throw new DeadlockException(message);
            case BUDGET_EXHAUSTED:
                throw new SandboxException(message);
            default:
                throw new SandboxException(message);
        }
    }

    /** Guest stdout decoded as UTF-8. */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Guest stderr decoded as UTF-8. */
    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Just the decision choices, suitable for {@code --schedule}. */
    public int[] choices() {
        return decisions.stream().mapToInt(Decision::choice).toArray();
    }
}
