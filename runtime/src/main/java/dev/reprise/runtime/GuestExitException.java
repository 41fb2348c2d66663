package dev.reprise.runtime;

/** The guest called {@code proc_exit}; unwinds the calling thread and ends the run. */
public final class GuestExitException extends SandboxException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public GuestExitException(int exitCode) {
        super("guest called proc_exit(" + exitCode + ")");
        this.exitCode = exitCode;
    }

    /** The code passed to {@code proc_exit}. */
    public int exitCode() {
        return exitCode;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
