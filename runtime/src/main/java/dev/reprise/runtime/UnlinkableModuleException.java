package dev.reprise.runtime;

/** The module imports something the sandbox does not provide, or with the wrong type. */
public final class UnlinkableModuleException extends SandboxException {
    private static final long serialVersionUID = 1L;

    public UnlinkableModuleException(String message) {
        super(message);
    }
}
