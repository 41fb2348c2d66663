package dev.reprise.benchmarks.bench;

import dev.reprise.benchmarks.bench.internal.BenchContext;
import dev.reprise.benchmarks.bench.internal.ProgramPipeline;
import dev.reprise.benchmarks.bench.internal.Processes;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.benchmarks.corpus.CorpusCache;
import dev.reprise.benchmarks.corpus.CorpusManifest;
import dev.reprise.benchmarks.corpus.ProgramsManifest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the whole pipeline over a list of programs ({@link ProgramPipeline} per program) and
 * collects the {@link BenchResults}. One program failing never stops the rest: its first failing
 * stage and message are in its {@link ProgramResult}.
 *
 * <pre>{@code
 * ProgramsManifest m = ProgramsManifest.read(Path.of("benchmarks/corpus/programs.json"));
 * BenchResults r = new BenchRunner(BenchRunner.Config.defaults(Path.of("bench-report")))
 *         .run(m, m.subset(), Shard.ALL, Progress.to(System.err, false));
 * }</pre>
 */
public final class BenchRunner {
    /**
     * How to run.
     *
     * @param repeat timed repeats of each measured run (after the warm-up)
     * @param workDir where each program's work files go ({@code NAME/replay.wasm}, traces)
     * @param cache where fetched binaries are
     * @param node the node executable; null finds {@code node} on the PATH
     * @param timeout limit of each child process
     * @param keepTraces keep the trace files of every program
     * @param measureBudget no new timed round starts once a program's measure stage has run this long
     * @param warmUp programs that run in a JVM (WASI ones) get untimed rounds for at least this
     *               long (and at least two), then until the JIT is quiet, before the timed ones
     * @param forks time each run of such programs (original, recording, replay) in this many fresh
     *              JVMs of its own, as JMH forks; 0: in this JVM, where the code they share was
     *              compiled for whatever ran before them
     */
    public record Config(int repeat, Path workDir, CorpusCache cache, String node, Duration timeout, boolean keepTraces,
            Duration measureBudget, Duration warmUp, int forks) {
        public Config {
            if (repeat < 1) {
                throw new IllegalArgumentException("repeat must be at least 1");
            }
            if (forks < 0) {
                throw new IllegalArgumentException("forks must be at least 0");
            }
        }

        /** No warm-up beyond the two untimed rounds, timed in this JVM. */
        public Config(int repeat, Path workDir, CorpusCache cache, String node, Duration timeout, boolean keepTraces,
                Duration measureBudget) {
            this(repeat, workDir, cache, node, timeout, keepTraces, measureBudget, Duration.ZERO, 0);
        }

        /**
         * Three repeats, the default cache, node from the PATH, 10-minute process timeout, traces
         * deleted, a 5-minute measure budget per program, each run timed in one fresh JVM after 2 s
         * of warm-up.
         */
        public static Config defaults(Path workDir) {
            return new Config(3, workDir, CorpusCache.fromEnvironment(), null, Duration.ofMinutes(10), false,
                    Duration.ofMinutes(5), Duration.ofSeconds(2), 1);
        }
    }

    private final Config config;

    public BenchRunner(Config config) {
        this.config = config;
    }

    /** Runs {@code programs} (from {@code manifest}), this shard of them, and returns the results. */
    public BenchResults run(ProgramsManifest manifest, List<BenchProgram> programs, Shard shard, Progress progress) {
        return run(manifest, programs, shard, progress, partial -> { });
    }

    /**
     * As {@link #run(ProgramsManifest, List, Shard, Progress)}, handing {@code afterEach} the
     * results so far after every program (a report that a killed run leaves behind).
     */
    public BenchResults run(ProgramsManifest manifest, List<BenchProgram> programs, Shard shard, Progress progress,
            java.util.function.Consumer<BenchResults> afterEach) {
        long start = System.nanoTime();
        OffsetDateTime date = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        List<BenchProgram> mine = shard.select(programs);
        String node = config.node() != null ? config.node() : findNode();
        RunMeta.Machine machine = machine(node);
        int[] current = new int[1];
        BenchContext ctx = new BenchContext(config.repeat(), config.workDir(), manifest.baseDir(),
                binaries(manifest), config.cache(), node, config.timeout(), config.keepTraces(), config.measureBudget(),
                config.warmUp(), (p, s) -> progress.stage(current[0], p, s), manifest.file(), config.forks());
        progress.start(mine.size());
        List<ProgramResult> results = new ArrayList<>();
        for (BenchProgram p : mine) {
            current[0]++;
            ProgramResult r = new ProgramPipeline(p, ctx).run();
            results.add(r);
            progress.done(current[0], r);
            if (results.size() < mine.size()) {
                afterEach.accept(BenchResults.of(meta(date, manifest, mine, machine, shard, start), results));
            }
        }
        progress.finish();
        return BenchResults.of(meta(date, manifest, mine, machine, shard, start), results);
    }

    private RunMeta meta(OffsetDateTime date, ProgramsManifest manifest, List<BenchProgram> mine, RunMeta.Machine machine,
            Shard shard, long start) {
        return new RunMeta(date.toString(), dev.reprise.cli.Main.version(), machine, manifest.file().toString(),
                mine.stream().map(BenchProgram::name).toList(), config.repeat(), shard.count() == 1 ? null : shard.toString(),
                (System.nanoTime() - start) / 1e9);
    }

    /** The binaries.json beside the programs manifest, else the one packaged with this module. */
    private static CorpusManifest binaries(ProgramsManifest manifest) {
        Path beside = manifest.baseDir().resolve("binaries.json");
        return Files.isRegularFile(beside) ? CorpusManifest.read(beside) : CorpusManifest.readDefault();
    }

    /** {@code node} if it runs, else null. */
    static String findNode() {
        try {
            Processes.Outcome o = Processes.run(List.of("node", "--version"), Path.of("").toAbsolutePath(), Map.of(),
                    null, Duration.ofSeconds(20));
            return o.exitCode() == 0 ? "node" : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static RunMeta.Machine machine(String node) {
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        String nodeVersion = null;
        if (node != null) {
            Processes.Outcome o = Processes.run(List.of(node, "--version"), Path.of("").toAbsolutePath(), Map.of(), null,
                    Duration.ofSeconds(20));
            nodeVersion = o.exitCode() == 0 ? new String(o.stdout(), StandardCharsets.UTF_8).strip() : null;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = null;
            }
        }
        return new RunMeta.Machine(host, Runtime.getRuntime().availableProcessors(), memory,
                Runtime.getRuntime().maxMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.runtime.version", Runtime.version().toString()) + " ("
                        + System.getProperty("java.vendor") + ")", nodeVersion);
    }
}
