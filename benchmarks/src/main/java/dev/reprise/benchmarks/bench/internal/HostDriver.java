package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.bench.Figures;
import java.nio.file.Path;

/**
 * The host-specific stages of a program: running the original, recording it, running its
 * replay on the same engine. Each method fills its figures and throws {@link StageFailed} (or
 * anything else) when the stage fails.
 */
interface HostDriver {
    /** Warm-up, then the timed runs of the original; checks the exit code. */
    void runOriginal(Figures.Builder fig) throws Exception;

    /** Warm-up, then the timed recorded runs (shadow mode); the trace of the last run stays in {@code trace}. */
    void record(Path trace, Figures.Builder fig) throws Exception;

    /** One {@code --full} recording into {@code trace}. */
    void recordFull(Path trace, Figures.Builder fig) throws Exception;

    /** Warm-up, then the timed runs of the replay on the program's own engine. */
    void runReplay(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception;

    /** The other engine's run of the replay, for the cross-engine check; null when there is none. */
    Replays.Ended crossCheck(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception;
}
