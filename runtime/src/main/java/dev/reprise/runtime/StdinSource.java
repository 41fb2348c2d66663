package dev.reprise.runtime;

/**
 * What the guest reads from fd 0: the given bytes, then end of file, or, when
 * {@code blockAtEnd}, a read that never completes (the reading thread blocks; with no other
 * thread to run that is a deadlock). Never the host's stdin unless its bytes are passed in.
 */
public record StdinSource(byte[] data, boolean blockAtEnd) {
    public StdinSource {
        data = data == null ? new byte[0] : data.clone();
    }

    /** Empty stdin: every read returns end of file. */
    public static StdinSource empty() {
        return new StdinSource(new byte[0], false);
    }

    /** The given bytes followed by end of file. */
    public static StdinSource of(byte[] data) {
        return new StdinSource(data, false);
    }

    /** A stdin on which reads block forever, like an idle terminal. */
    public static StdinSource blocking() {
        return new StdinSource(new byte[0], true);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
