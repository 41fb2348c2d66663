package dev.reprise.runtime.sched;

/**
 * Thrown inside a parked guest thread when the run ends elsewhere (exit, trap, deadlock), so
 * that its Java thread unwinds out of the engine. Not a guest-visible failure.
 */
public final class ThreadTerminated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ThreadTerminated(String message) {
        super(message, null, false, false);
    }
}
