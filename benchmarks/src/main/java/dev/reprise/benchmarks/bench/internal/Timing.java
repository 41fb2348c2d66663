package dev.reprise.benchmarks.bench.internal;

/** Wall-clock time for the bench's measurements. */
final class Timing {
    private Timing() {
    }

    /** Milliseconds since {@code startNanos} ({@link System#nanoTime()}). */
    static double msSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
