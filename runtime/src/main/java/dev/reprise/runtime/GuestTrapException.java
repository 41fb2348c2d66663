package dev.reprise.runtime;

import java.util.List;

/** The guest trapped; carries the trap message and the guest call stack (innermost first). */
public final class GuestTrapException extends SandboxException {
    private static final long serialVersionUID = 1L;
    private final List<String> guestStack;

    public GuestTrapException(String message, List<String> guestStack, Throwable cause) {
        super(message, cause);
        this.guestStack = List.copyOf(guestStack);
    }

    /** Guest function names, innermost first (may be empty if the engine gave none). */
    public List<String> guestStack() {
        return guestStack;
    }
}
