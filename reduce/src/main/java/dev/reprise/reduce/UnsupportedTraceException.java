package dev.reprise.reduce;

/** A trace that is well-formed but that reduce or replay cannot handle (say, a multi-threaded one), or whose calls do not nest. */
public class UnsupportedTraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message saying what and where (event index). */
    public UnsupportedTraceException(String message) {
        super(message);
    }
}
