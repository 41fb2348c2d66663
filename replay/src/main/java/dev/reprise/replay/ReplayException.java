package dev.reprise.replay;

/** The trace cannot be replayed against this module: it names functions, memories or types the module does not have. */
public class ReplayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message saying what does not fit. */
    public ReplayException(String message) {
        super(message);
    }
}
