package dev.reprise.benchmarks.command;

import dev.reprise.benchmarks.bench.BenchResults;
import dev.reprise.benchmarks.bench.BenchRunner;
import dev.reprise.benchmarks.bench.Progress;
import dev.reprise.benchmarks.bench.Shard;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.benchmarks.corpus.CorpusCache;
import dev.reprise.benchmarks.corpus.CorpusFetchException;
import dev.reprise.benchmarks.corpus.CorpusManifest;
import dev.reprise.benchmarks.corpus.InvalidManifestException;
import dev.reprise.benchmarks.corpus.NodeEngine;
import dev.reprise.benchmarks.corpus.NpmRegistry;
import dev.reprise.benchmarks.corpus.ProgramsManifest;
import dev.reprise.benchmarks.report.Exporter;
import dev.reprise.benchmarks.report.ReportWriter;
import dev.reprise.cli.ExitCode;
import dev.reprise.cli.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reprise bench}: the whole pipeline over a corpus of programs, with a report. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = MergeCommand.class,
        description = {"Run record, reduce and replay over a corpus of programs; write a report.",
                "For each program: run the original, instrument, record (host mode; shadow "
                + "under node; timed; once more with --full for the unreduced trace), reduce, "
                + "generate the replay, run it on the same engine, verify. Run times are medians "
                + "of --repeat runs (programs run by reprise's runtime: each run in --forks fresh "
                + "JVMs, after --warm-up; node starts afresh each run).",
                "One program failing never stops the rest. Writes REPORT/results.json and "
                + "REPORT/index.html (opens offline). Without --corpus: the built-in subset of "
                + "benchmarks/corpus/programs.json (five to eight minutes).",
                "Node: --node-exe, else the node pinned in binaries.json (\"engines\"; cached, "
                + "or fetched when a selected program runs under node), else node on the PATH. A "
                + "node with multi-memory (the pinned node 24) records node-hosted programs in "
                + "shadow mode, node 20 in full mode."},
        footerHeading = "%nExit status:%n",
        footer = {"  0    every program ran through every stage",
                "  1    a program failed a stage (see the report)",
                "  64   bad usage (unknown program, bad --shard)",
                "  65   the manifest is malformed (file:line: field: problem)",
                "  66   the manifest cannot be read",
                "  73   the report cannot be written"})
final class BenchCommand implements Callable<Integer> {
    /** The default manifest, relative to the repository (the launcher passes it as reprise.home). */
    static final String DEFAULT_CORPUS = "benchmarks/corpus/programs.json";

    @Option(names = "--corpus", paramLabel = "FILE", description = "the program manifest (default: the built-in subset of "
            + DEFAULT_CORPUS + ")")
    Path corpus;

    @Option(names = "--only", paramLabel = "NAME,...", split = ",",
            description = "run only these programs (of the whole manifest, unless --subset)")
    List<String> only;

    @Option(names = "--subset", description = "only the manifest's built-in subset (the default without --corpus)")
    boolean subset;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "timed runs per measurement (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "bench-report",
            description = "where results.json and index.html go (default: ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--shard", paramLabel = "I/N", description = "run programs I, I+N, I+2N, ... (0-based) of the selection")
    String shard;

    @Option(names = "--export", paramLabel = "DIR",
            description = "write each verified replay.wasm with a JSON of provenance and expected checksums")
    Path export;

    @Option(names = "--keep-traces", description = "keep the trace files in REPORT/work/NAME/")
    boolean keepTraces;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "limit of each node process (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--node-exe", paramLabel = "PATH",
            description = "the node executable (default: the pinned node when cached or fetchable, else node on the PATH)")
    String nodeExe;

    @Option(names = "--measure-budget", paramLabel = "SECONDS", defaultValue = "300",
            description = "per program, no new timed round starts after this long (default: ${DEFAULT-VALUE})")
    int measureBudgetSeconds;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "2",
            description = "per program run by reprise's runtime (WASI), untimed rounds for at least this long before"
                    + " the timed ones, in each JVM that times it, then on until the JIT is quiet (at most 30 s more;"
                    + " default: ${DEFAULT-VALUE}; 0: two rounds, no wait)")
    int warmUpSeconds;

    @Option(names = "--forks", paramLabel = "N", defaultValue = "1",
            description = "per program run by reprise's runtime, time each of its runs (original, recording, replay)"
                    + " in N fresh JVMs of its own, as JMH forks, and pool their samples (default: ${DEFAULT-VALUE});"
                    + " 0 times them all in this JVM, where the runtime's shared code was compiled for the programs"
                    + " before")
    int forks;

    @Override
    public Integer call() {
        if (repeat < 1) {
            throw new UserError(ExitCode.USAGE, "--repeat must be at least 1");
        }
        if (timeoutSeconds < 1 || measureBudgetSeconds < 1) {
            throw new UserError(ExitCode.USAGE, "--timeout and --measure-budget must be at least 1");
        }
        if (warmUpSeconds < 0) {
            throw new UserError(ExitCode.USAGE, "--warm-up must be at least 0");
        }
        if (forks < 0) {
            throw new UserError(ExitCode.USAGE, "--forks must be at least 0");
        }
        Shard sh;
        try {
            sh = shard == null ? Shard.ALL : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage());
        }
        ProgramsManifest manifest = readManifest(corpus == null ? defaultCorpus() : corpus);
        List<BenchProgram> programs;
        try {
            programs = only != null ? manifest.select(only)
                    : subset || corpus == null ? manifest.subset() : manifest.programs();
        } catch (InvalidManifestException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage());
        }
        if (only != null && subset) {
            programs = programs.stream().filter(p -> p.subset() && p.source().isCommitted()).toList();
        }
        if (programs.isEmpty()) {
            throw new UserError(ExitCode.USAGE, manifest.file() + ": no program selected");
        }
        createDirectories(report);
        CorpusCache cache = CorpusCache.fromEnvironment();
        String node = nodeExe != null ? nodeExe : pinnedNode(manifest, programs, cache);
        BenchRunner.Config config = new BenchRunner.Config(repeat, report.resolve("work"), cache,
                node, Duration.ofSeconds(timeoutSeconds), keepTraces, Duration.ofSeconds(measureBudgetSeconds),
                Duration.ofSeconds(warmUpSeconds), forks);
        if (dev.reprise.runtime.HugeMethods.leftInterpreted()) {
            System.err.println("bench: this JVM leaves wasm functions over 8,000 bytes of JVM bytecode interpreted (HotSpot's"
                    + " DontCompileHugeMethods), which slows programs with large functions 5-8x; ./reprise passes "
                    + dev.reprise.runtime.HugeMethods.JVM_OPTION);
        }
        Progress progress = Progress.to(System.err, System.console() != null);
        // the report so far after each program: a killed or crashed run leaves what it measured
        BenchResults results = new BenchRunner(config).run(manifest, programs, sh, progress,
                partial -> ReportWriter.write(report, partial));
        ReportWriter.write(report, results);
        List<String> exported = new ArrayList<>();
        if (export != null) {
            createDirectories(export);
            exported = Exporter.export(results, config.workDir(), export);
        }
        System.out.print(ReportWriter.headline(results));
        if (export != null) {
            System.out.printf("exported %d verified replay module(s) to %s%n", exported.size(), export);
        }
        System.out.println("report: " + report.resolve("index.html") + " (data: " + report.resolve(BenchResults.FILE) + ")");
        return results.summary().failed() == 0 ? ExitCode.OK : ExitCode.FOUND;
    }

    /**
     * The pinned node's path when some selected program runs under node and the engine is cached
     * or can be fetched now; else null (the runner then uses {@code node} on the PATH), with one
     * line on stderr saying why.
     */
    static String pinnedNode(ProgramsManifest manifest, List<BenchProgram> programs, CorpusCache cache) {
        boolean needsNode = programs.stream().anyMatch(p -> p.host() == BenchProgram.Host.NODE
                || p.engine() == BenchProgram.Engine.NODE);
        if (!needsNode) {
            return null;
        }
        Path beside = manifest.baseDir().resolve("binaries.json");
        CorpusManifest binaries;
        try {
            binaries = Files.isRegularFile(beside) ? CorpusManifest.read(beside) : CorpusManifest.readDefault();
        } catch (InvalidManifestException | UncheckedIOException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage());
        }
        NodeEngine engine = NodeEngine.forThisPlatform(binaries, cache).orElse(null);
        if (engine == null) {
            System.err.println("bench: no node engine is pinned for " + NodeEngine.platform() + ": using node on the PATH");
            return null;
        }
        try {
            return engine.fetch(new NpmRegistry(null), System.err).toString();
        } catch (CorpusFetchException e) {
            System.err.println("bench: cannot fetch the pinned node (" + e.getMessage() + "): using node on the PATH");
            return null;
        }
    }

    /** {@code $reprise.home/benchmarks/corpus/programs.json}, else the same path below the working folder. */
    static Path defaultCorpus() {
        Path p = defaultCorpusOrNull();
        if (p != null) {
            return p;
        }
        throw new UserError(ExitCode.NO_INPUT, DEFAULT_CORPUS + " not found: run from the repository (./reprise bench)"
                + " or give --corpus FILE");
    }

    /** The default manifest if it can be found, else null. */
    static Path defaultCorpusOrNull() {
        String home = System.getProperty("reprise.home");
        if (home != null && Files.isRegularFile(Path.of(home, DEFAULT_CORPUS))) {
            return Path.of(home, DEFAULT_CORPUS);
        }
        return Files.isRegularFile(Path.of(DEFAULT_CORPUS)) ? Path.of(DEFAULT_CORPUS) : null;
    }

    static ProgramsManifest readManifest(Path file) {
        try {
            return ProgramsManifest.read(file);
        } catch (InvalidManifestException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError(ExitCode.NO_INPUT, e.getMessage());
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(ExitCode.CANNOT_WRITE, dir + ": cannot create the folder: " + e.getMessage());
        }
    }
}
