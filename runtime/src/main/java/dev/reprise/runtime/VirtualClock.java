package dev.reprise.runtime;

/**
 * Virtual time of one run. Realtime and monotonic clocks both read {@code start + elapsed}
 * nanoseconds; {@code elapsed} starts at 0 and only grows when the scheduler advances it to
 * the earliest timed sleeper (or, optionally, by a fixed step per instruction budget). Time
 * never moves backwards and never reads the host clock.
 */
public final class VirtualClock {
    /** 2024-01-01T00:00:00Z in nanoseconds since the Unix epoch. */
    public static final long DEFAULT_START_NANOS = 1_704_067_200L * 1_000_000_000L;
    /** The resolution {@code clock_res_get} reports: one nanosecond. */
    public static final long RESOLUTION_NANOS = 1;

    private final long startNanos;
    private volatile long elapsedNanos;

    /** A clock reading {@code startNanos} (ns since the Unix epoch) at the start of the run. */
    public VirtualClock(long startNanos) {
        this.startNanos = startNanos;
    }

    /** A clock starting at {@link #DEFAULT_START_NANOS}. */
    public VirtualClock() {
        this(DEFAULT_START_NANOS);
    }

    /** Nanoseconds since the Unix epoch. */
    public long realtimeNanos() {
        return startNanos + elapsedNanos;
    }

    /** Monotonic nanoseconds; equal to realtime (both start at the configured start). */
    public long monotonicNanos() {
        return startNanos + elapsedNanos;
    }

    /** Nanoseconds of virtual time that passed since the start. */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** The configured start. */
    public long startNanos() {
        return startNanos;
    }

    /** Moves the monotonic clock forward to {@code monotonicDeadline}; never backwards. */
    public synchronized void advanceTo(long monotonicDeadline) {
        long target = monotonicDeadline - startNanos;
        if (target > elapsedNanos) {
            elapsedNanos = target;
        }
    }

    /** Moves time forward by {@code nanos} (negative values are ignored). */
    public synchronized void advanceBy(long nanos) {
        if (nanos > 0) {
            elapsedNanos = saturatingAdd(elapsedNanos, nanos);
        }
    }

    /** {@code a + b} clamped to {@link Long#MAX_VALUE}. */
    public static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
