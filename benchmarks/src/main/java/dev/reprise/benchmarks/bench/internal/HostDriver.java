package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.bench.Figures;
import java.nio.file.Path;

/**
 * The host-specific parts of a program's pipeline: running the original, recording it, running
 * its replay on the same engine. Each step runs once (checking the result and warming up: the
 * first run also compiles the module, or loads it from the compiled-class cache) and hands back a
 * {@link TimedRun} that the pipeline's measure stage repeats, interleaved with the others, for the
 * timed samples. Failures are {@link StageFailed} (or anything else).
 */
interface HostDriver {
    /** One run of something measured: runs it, checks it, returns its times. */
    @FunctionalInterface
    interface TimedRun {
        Sample run() throws Exception;
    }

    /**
     * One timed run: its wall milliseconds, and its CPU milliseconds where they were measured (the
     * guest's threads under reprise's runtime, to the nanosecond; a node process's own, to the
     * microsecond: {@link NodeCpuClock}), else NaN: the pipeline then counts the CPU time of this
     * JVM and its ended child processes, in 10 ms ticks.
     */
    record Sample(double wallMs, double cpuMs) {
        /** A run under reprise's runtime: {@code o}'s guest CPU time, when known. */
        static Sample of(double ms, dev.reprise.runtime.RunOutcome o) {
            return new Sample(ms, Replays.cpuMs(o));
        }
    }

    /** Runs the original once and checks its exit code; returns the repeatable run. */
    TimedRun original(Figures.Builder fig) throws Exception;

    /** Records once in {@link #recordingMode()} into {@code trace}; returns the repeatable recording. */
    TimedRun record(Path trace, Figures.Builder fig) throws Exception;

    /**
     * The mode {@link #record} instruments for (and the instrument stage measures): shadow here
     * (a JavaScript host's writes cannot be seen from outside the module; node without
     * multi-memory forces full); WASI programs are recorded in host mode, as {@code reprise record} does.
     */
    default dev.reprise.transform.record.RecordingMode recordingMode() {
        return dev.reprise.transform.record.RecordingMode.SHADOW;
    }

    /** One {@code --full} recording into {@code trace} (not timed: only its size matters). */
    void recordFull(Path trace, Figures.Builder fig) throws Exception;

    /** Runs the replay once on the program's engine and checks its end; returns the repeatable run. */
    TimedRun replay(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception;

    /**
     * Runs the replay on the other engine (node for WASI programs, reprise's runtime for node
     * ones) for the cross-check; null when there is none. May also return a timed run of it.
     */
    CrossCheck crossCheck(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception;

    /**
     * Whether the original, the recording and the replay run in a JVM (reprise's runtime) rather
     * than each in a fresh process (node). Such runs are timed in fresh JVMs of their own
     * ({@link ForkedMeasure}) or, with {@code --forks 0}, in this one; either way after untimed
     * warm-up runs, and before the verify stage, whose runs leave the JIT compiling for seconds.
     */
    default boolean runsInThisJvm() {
        return false;
    }

    /** What the report should say about how this program was run (e.g. a forced recording mode). */
    default java.util.List<String> notes() {
        return java.util.List.of();
    }

    /** The other engine's end, and its repeatable run when it is worth timing (else null). */
    record CrossCheck(Replays.Ended ended, TimedRun timed) {
    }
}
