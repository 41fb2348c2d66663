package dev.reprise.record.trace;

/**
 * A trace that cannot be read: corrupt, cut inside its header, of an unknown format version,
 * or malformed. The message names where: {@code (at offset 0x...)} for binary traces,
 * {@code line N} for text ones.
 */
public class BadTraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final long line;

    private BadTraceException(String message, long offset, long line, Throwable cause) {
        super(message, cause);
        this.offset = offset;
        this.line = line;
    }

    /** A problem in a binary trace at byte {@code offset}. */
    public static BadTraceException atOffset(String what, long offset) {
        return new BadTraceException(what + " (at offset 0x" + Long.toHexString(offset) + ")", offset, -1, null);
    }

    /** A problem on line {@code line} (1-based) of a text trace. */
    public static BadTraceException atLine(String what, long line, Throwable cause) {
        return new BadTraceException("line " + line + ": " + what, -1, line, cause);
    }

    /** A problem with a trace as a whole (such as a module mismatch), not at one place in it. */
    public static BadTraceException of(String what) {
        return new BadTraceException(what, -1, -1, null);
    }

    /** The byte offset of the problem in a binary trace, or -1. */
    public long offset() {
        return offset;
    }

    /** The 1-based line of the problem in a text trace, or -1. */
    public long line() {
        return line;
    }
}
