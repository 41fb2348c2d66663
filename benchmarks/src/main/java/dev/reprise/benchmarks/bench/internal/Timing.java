package dev.reprise.benchmarks.bench.internal;

import java.util.ArrayList;
import java.util.List;

/** Repeated wall-clock measurements: one warm-up run (not timed), then {@code repeat} timed runs. */
public final class Timing {
    private Timing() {
    }

    /** One timed action; returns what the run produced (checked by the caller). */
    @FunctionalInterface
    public interface Run<T> {
        T run() throws Exception;
    }

    /** The timed runs: every sample in milliseconds, and what the warm-up and the last run produced. */
    public record Samples<T>(List<Double> ms, T warmup, T last) {
        /** The median sample. */
        public double median() {
            return dev.reprise.benchmarks.bench.Summary.median(ms);
        }
    }

    /**
     * Runs {@code run} once untimed when {@code warmup}, then {@code repeat} times timed; {@code check}
     * sees every result and throws to fail the measurement.
     */
    public static <T> Samples<T> measure(int repeat, boolean warmup, Run<T> run, java.util.function.Consumer<T> check)
            throws Exception {
        T first = null;
        if (warmup) {
            first = run.run();
            check.accept(first);
        }
        List<Double> ms = new ArrayList<>();
        T last = first;
        for (int i = 0; i < repeat; i++) {
            long t = System.nanoTime();
            last = run.run();
            ms.add((System.nanoTime() - t) / 1e6);
            check.accept(last);
            if (first == null) {
                first = last;
            }
        }
        return new Samples<>(List.copyOf(ms), first, last);
    }

    /** Milliseconds since {@code startNanos}. */
    public static double msSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
