package dev.reprise.runtime;

/**
 * A read-write preopen ({@code --dir GUEST=HOST:rw}) could not be written back to its host folder
 * at the end of a run: the folder was replaced, the disk is full, permission was taken away.
 * The message names the guest path, the host folder and the host's reason.
 */
public final class HostWriteBackException extends SandboxException {
    private static final long serialVersionUID = 1L;

    public HostWriteBackException(String message, Throwable cause) {
        super(message, cause);
    }
}
