package dev.reprise.benchmarks.corpus.internal;

/** A tar archive could not be read; says where. */
public class MalformedTarException extends RuntimeException {
    private final long offset;

    public MalformedTarException(String message, long offset) {
        super(message + " (at offset 0x" + Long.toHexString(offset) + ")");
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
