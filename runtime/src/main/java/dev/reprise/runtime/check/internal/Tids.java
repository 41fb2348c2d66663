package dev.reprise.runtime.check.internal;

/** The tid of the calling guest thread, from the name the scheduler gives its Java thread. */
public final class Tids {
    private static final String PREFIX = "reprise-guest-";

    private Tids() {
    }

    /** The calling guest thread's tid, or -1 when not called from a guest thread. */
    public static int current() {
        String n = Thread.currentThread().getName();
        if (!n.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(n, PREFIX.length(), n.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
