package dev.reprise.runtime.sched;

import dev.reprise.runtime.SandboxException;

/** No thread can run and none sleeps with a timeout: the message lists every thread's state. */
public final class DeadlockException extends SandboxException {
    private static final long serialVersionUID = 1L;

    public DeadlockException(String message) {
        super(message);
    }
}
