package dev.reprise.runtime.wasi;

/** Internal control flow: a WASI call fails with an errno (caught by the host-function glue). */
final class WasiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Errno errno;

    WasiException(Errno errno, String message) {
        super(errno + ": " + message, null, false, false);
        this.errno = errno;
    }
}
