package dev.reprise.runtime.fs;

/** The kind of a virtual file-system node, numbered as WASI preview1 {@code filetype}. */
public enum FileType {
    UNKNOWN(0), BLOCK_DEVICE(1), CHARACTER_DEVICE(2), DIRECTORY(3), REGULAR_FILE(4),
    SOCKET_DGRAM(5), SOCKET_STREAM(6), SYMBOLIC_LINK(7);

    private final int wasiCode;

    FileType(int wasiCode) {
        this.wasiCode = wasiCode;
    }

    /** The WASI preview1 {@code filetype} value. */
    public int wasiCode() {
        return wasiCode;
    }
}
