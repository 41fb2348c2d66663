package dev.reprise.runtime;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * The host's real time, given to a run explicitly when the user asks for it ({@code --real-clock};
 * {@link VirtualClock#real}); the runtime never reads the host clock otherwise.
 */
public interface RealTime {
    /** Wall-clock time, ns since the Unix epoch. */
    long epochNanos();

    /** Monotonic time in ns from an arbitrary origin. */
    long monotonicNanos();

    /** Blocks the calling thread for about {@code nanos} ns. */
    void sleepNanos(long nanos);

    /** {@link Instant#now()}, {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}. */
    static RealTime system() {
        return new RealTime() {
            @Override
            public long epochNanos() {
                Instant now = Instant.now();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) {
                LockSupport.parkNanos(nanos);
            }
        };
    }
}
