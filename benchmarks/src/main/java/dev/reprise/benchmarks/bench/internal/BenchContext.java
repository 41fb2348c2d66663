package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.bench.Stage;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.benchmarks.corpus.CorpusCache;
import dev.reprise.benchmarks.corpus.CorpusManifest;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What every program's pipeline shares.
 *
 * @param repeat timed repeats of each measured run
 * @param workDir where each program gets a folder (traces, the replay module)
 * @param corpusDir the manifest's folder (host scripts run there)
 * @param binaries the pinned binaries that {@code "source": {"binary": NAME}} names
 * @param cache where fetched binaries are
 * @param node the node executable, or null when node is absent
 * @param timeout limit of each child process (node runs)
 * @param keepTraces keep the trace files in the work folder (they are deleted otherwise)
 * @param measureBudget no new timed round starts once a program's measure stage has run this long
 * @param warmUp untimed rounds run at least this long before the timed ones (programs run in this JVM)
 * @param progress told when a program enters a stage
 * @param manifestFile the programs manifest (a {@link ForkedMeasure} reads its program there)
 * @param forks time each run of programs that run in a JVM in this many fresh JVMs ({@link ForkedMeasure}); 0: here
 */
public record BenchContext(int repeat, Path workDir, Path corpusDir, CorpusManifest binaries, CorpusCache cache,
        String node, Duration timeout, boolean keepTraces, Duration measureBudget, Duration warmUp,
        StageListener progress, Path manifestFile, int forks) {

    /** Told when a program enters a stage. */
    @FunctionalInterface
    public interface StageListener {
        void stage(BenchProgram program, Stage stage);
    }
}
