package dev.reprise.runtime;

/**
 * Virtual time of one run. Realtime and monotonic clocks both read {@code start + elapsed}
 * nanoseconds; {@code elapsed} starts at 0 and only grows when the scheduler advances it to
 * the earliest timed sleeper (or, optionally, by a fixed step per instruction budget). Time
 * never moves backwards and never reads the host clock, unless the clock was made from the
 * host's {@link RealTime} on request ({@link #real}): then it starts at the host's wall-clock
 * time, elapsed time is the host's monotonic time since the start, and advancing to a sleeper's
 * deadline really waits for it.
 */
public final class VirtualClock {
    /** 2024-01-01T00:00:00Z in nanoseconds since the Unix epoch. */
    public static final long DEFAULT_START_NANOS = 1_704_067_200L * 1_000_000_000L;
    /** The resolution {@code clock_res_get} reports: one nanosecond. */
    public static final long RESOLUTION_NANOS = 1;

    private final long startNanos;
    private final RealTime real;
    private final long realOrigin;
    private volatile long elapsedNanos;

    /** A clock reading {@code startNanos} (ns since the Unix epoch) at the start of the run. */
    public VirtualClock(long startNanos) {
        this.startNanos = startNanos;
        this.real = null;
        this.realOrigin = 0;
    }

    private VirtualClock(RealTime real) {
        this.startNanos = real.epochNanos();
        this.real = real;
        this.realOrigin = real.monotonicNanos();
    }

    /** A clock that reads the host's time {@code real} (the user asked for it: {@code --real-clock}). */
    public static VirtualClock real(RealTime real) {
        return new VirtualClock(java.util.Objects.requireNonNull(real, "real"));
    }

    /** Whether this clock reads the host's real time. */
    public boolean isReal() {
        return real != null;
    }

    /** A clock starting at {@link #DEFAULT_START_NANOS}. */
    public VirtualClock() {
        this(DEFAULT_START_NANOS);
    }

    /** Nanoseconds since the Unix epoch. */
    public long realtimeNanos() {
        return startNanos + elapsedNanos();
    }

    /** Monotonic nanoseconds; equal to realtime (both start at the configured start). */
    public long monotonicNanos() {
        return startNanos + elapsedNanos();
    }

    /** Nanoseconds of virtual (or, for a real clock, real) time that passed since the start. */
    public long elapsedNanos() {
        return real == null ? elapsedNanos : Math.max(0, real.monotonicNanos() - realOrigin);
    }

    /** The configured start. */
    public long startNanos() {
        return startNanos;
    }

    /**
     * Moves the monotonic clock forward to {@code monotonicDeadline}; never backwards. A real
     * clock cannot be moved: it waits until the host's time reaches the deadline.
     */
    public synchronized void advanceTo(long monotonicDeadline) {
        if (real != null) {
            for (long left = monotonicDeadline - monotonicNanos(); left > 0; left = monotonicDeadline - monotonicNanos()) {
                real.sleepNanos(left);
            }
            return;
        }
        long target = monotonicDeadline - startNanos;
        if (target > elapsedNanos) {
            elapsedNanos = target;
        }
    }

    /** Moves time forward by {@code nanos} (negative values are ignored; a real clock moves by itself). */
    public synchronized void advanceBy(long nanos) {
        if (nanos > 0 && real == null) {
            elapsedNanos = saturatingAdd(elapsedNanos, nanos);
        }
    }

    /** {@code a + b} clamped to {@link Long#MAX_VALUE}. */
    public static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
