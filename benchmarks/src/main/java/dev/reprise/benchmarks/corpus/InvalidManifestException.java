package dev.reprise.benchmarks.corpus;

/** The corpus manifest is malformed or names something that does not exist. */
public class InvalidManifestException extends RuntimeException {
    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
