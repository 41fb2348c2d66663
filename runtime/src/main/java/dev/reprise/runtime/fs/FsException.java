package dev.reprise.runtime.fs;

/** A virtual file-system operation failed with a WASI-style error. */
public final class FsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final FsError error;

    public FsException(FsError error, String message) {
        super(error + ": " + message, null, false, false);
        this.error = error;
    }

    /** The error kind. */
    public FsError error() {
        return error;
    }
}
