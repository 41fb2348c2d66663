package dev.reprise.benchmarks.corpus;

/** Fetching one corpus binary failed; the message is one line that says what and why. */
public class CorpusFetchException extends RuntimeException {
    public CorpusFetchException(String message) {
        super(message);
    }

    public CorpusFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
