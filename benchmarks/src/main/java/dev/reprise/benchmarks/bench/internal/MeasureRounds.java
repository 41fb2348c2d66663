package dev.reprise.benchmarks.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The measure stage's rounds, wherever they run (the bench's JVM or {@link ForkedMeasure}'s fresh
 * one): untimed warm-up rounds for runs in a JVM, then {@code repeat} timed rounds, each running
 * the original, the recording, the replay and the other engine's replay (those that exist) one
 * after the other, so that JIT warm-up and the machine's load fall on all of them alike. The
 * warm-up ({@link WarmUp}) lasts at least the asked time and then until the JIT is quiet. No new
 * round starts once the budget is spent (one round always runs).
 *
 * <pre>
 * MeasureRounds.Samples s = MeasureRounds.run(original, recorded, replay, null, true, 7,
 *         Duration.ofSeconds(3), Duration.ofMinutes(5));
 * double replayRatio = Summary.median(s.replayMs()) / Summary.median(s.originalMs());
 * </pre>
 */
final class MeasureRounds {
    private MeasureRounds() {
    }

    /**
     * The timed samples in milliseconds, per round (empty lists for runs that do not exist), what
     * the report should say about how they were taken, and the share of the machine's CPU time
     * that the hypervisor took while they were ({@link Timing#stealNanos}; null where unknown).
     */
    record Samples(List<Double> originalMs, List<Double> originalCpuMs, List<Double> recordMs,
            List<Double> recordCpuMs, List<Double> replayMs, List<Double> replayCpuMs, List<Double> otherEngineMs,
            List<String> notes, Double stealPercent) {
        Samples withStealPercent(Double percent) {
            return new Samples(originalMs, originalCpuMs, recordMs, recordCpuMs, replayMs, replayCpuMs, otherEngineMs,
                    notes, percent);
        }
    }

    /**
     * Runs the rounds. {@code recorded}, {@code replay} and {@code otherEngine} may be null;
     * {@code warmUp} asks for untimed rounds, for at least {@code warmUpTime} and at least two, then
     * until the JIT is quiet ({@link WarmUp}).
     */
    static Samples run(HostDriver.TimedRun original, HostDriver.TimedRun recorded, HostDriver.TimedRun replay,
            HostDriver.TimedRun otherEngine, boolean warmUp, int repeat, Duration warmUpTime, Duration budget)
            throws Exception {
        Samples s = new Samples(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), null);
        if (warmUp) {
            WarmUp.Result w = WarmUp.run(warmUpTime, () -> {
                original.run();
                if (recorded != null) {
                    recorded.run();
                }
                if (replay != null) {
                    replay.run();
                }
            });
            s.notes().add(w.note());
        }
        Timing.awaitQuietJit(300, 5_000);
        long start = System.nanoTime();
        long steal = Timing.stealNanos();
        for (int i = 0; i < repeat; i++) {
            if (i > 0 && Timing.msSince(start) > budget.toMillis()) {
                s.notes().add("measured " + i + " of " + repeat + " rounds: the measure stage's time budget ("
                        + budget.toSeconds() + " s) was spent");
                break;
            }
            timed(original, s.originalMs(), s.originalCpuMs());
            if (recorded != null) {
                timed(recorded, s.recordMs(), s.recordCpuMs());
            }
            if (replay != null) {
                timed(replay, s.replayMs(), s.replayCpuMs());
            }
            if (otherEngine != null) {
                s.otherEngineMs().add(otherEngine.run().wallMs());
            }
        }
        return s.withStealPercent(Timing.stealPercentSince(steal, start));
    }

    /**
     * One timed run: its wall time into {@code wall}; its CPU time into {@code cpu}: the guest's
     * threads' where the engine measured them, else this JVM's and its ended children's.
     */
    private static void timed(HostDriver.TimedRun run, List<Double> wall, List<Double> cpu) throws Exception {
        long c = Timing.cpuNanos();
        HostDriver.Sample sample = run.run();
        long c2 = Timing.cpuNanos();
        wall.add(sample.wallMs());
        if (!Double.isNaN(sample.cpuMs())) {
            cpu.add(sample.cpuMs());
        } else if (c >= 0 && c2 >= 0) {
            cpu.add((c2 - c) / 1e6);
        }
    }
}
