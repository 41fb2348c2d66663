package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.bench.Failure;
import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.bench.ProgramResult;
import dev.reprise.benchmarks.bench.Stage;
import dev.reprise.benchmarks.bench.StageResult;
import dev.reprise.benchmarks.bench.Summary;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.benchmarks.corpus.CorpusManifest;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.reduce.Reducer;
import dev.reprise.reduce.UnsupportedTraceException;
import dev.reprise.replay.ReplayException;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.runtime.MalformedModuleException;
import dev.reprise.replay.verify.Divergence;
import dev.reprise.replay.verify.Expectation;
import dev.reprise.replay.verify.Verifier;
import dev.reprise.replay.verify.VerifyReport;
import dev.reprise.transform.record.RecordingInstrumentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One program through the whole pipeline: load, run the original, instrument, record (host mode
 * for WASI programs, as {@code reprise record} does; shadow under node; then once with {@code --full}),
 * reduce, generate the replay, run it, verify, and measure: timed rounds of whatever ran (before
 * verify, in fresh JVMs, for programs that run in a JVM; see {@link HostDriver#runsInThisJvm}). A
 * failing stage ends the program with that stage and a one-line message (the measure stage still
 * times what ran before), except {@code record-full}, which only feeds the reduction figure: its
 * failure is reported and the pipeline goes on. Never throws.
 */
public final class ProgramPipeline {
    /** The work files of a program, kept for {@code --export}. */
    public static final String REPLAY_FILE = "replay.wasm";

    private final BenchProgram program;
    private final BenchContext ctx;
    private final Figures.Builder fig = new Figures.Builder();
    private final List<StageResult> stages = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Failure failure;
    private boolean replayed;
    private String verification;
    private boolean measured;
    private byte[] loadedModule;
    /** The module's file, the replay's and its expected end: what a {@link ForkedMeasure} needs. */
    private Path moduleFile;
    private Path replayFile;
    private ExpectedEnd expectedEnd;
    private HostDriver driver;
    private HostDriver.TimedRun original;
    private HostDriver.TimedRun recorded;
    private HostDriver.TimedRun replayRun;
    private HostDriver.TimedRun otherEngine;
    /** The recorded trace file, streamed again by the verify stage. */
    private TraceSource recordedTrace;
    private ReducedTrace reducedTrace;

    public ProgramPipeline(BenchProgram program, BenchContext ctx) {
        this.program = program;
        this.ctx = ctx;
    }

    /** The program's work folder. */
    public static Path workDir(BenchContext ctx, BenchProgram p) {
        return ctx.workDir().resolve(p.name());
    }

    /** Runs every stage it can and reports. */
    public ProgramResult run() {
        Path work = workDir(ctx, program);
        Path trace = work.resolve("shadow.trace");
        Path fullTrace = work.resolve("full.trace");
        try {
            pipeline(work, trace, fullTrace);
        } catch (StageFailed stop) {
            // recorded in stages and failure
        }
        try {
            if (original != null && !measured) {
                measure();
            }
        } finally {
            if (!ctx.keepTraces()) {
                deleteQuietly(trace);
                deleteQuietly(fullTrace);
            }
        }
        if (driver != null) {
            notes.addAll(driver.notes());
        }
        ProgramResult.Status status = !replayed ? ProgramResult.Status.FAILED
                : verification != null ? ProgramResult.Status.VERIFIED : ProgramResult.Status.REPLAYED;
        return new ProgramResult(program.index(), program.name(), program.host().json(), program.description(),
                program.source().describe(ctx.corpusDir()), program.licence(), program.provenance(), program.exercises(), status, verification, failure,
                fig.build(), stages, notes);
    }

    private void pipeline(Path work, Path trace, Path fullTrace) {
        HostDriver host = stage(Stage.LOAD, true, () -> {
            Files.createDirectories(work);
            return load(work);
        });
        driver = host;
        original = stage(Stage.RUN, true, () -> host.original(fig));
        byte[] module = loadedModule;
        stage(Stage.INSTRUMENT, true, () -> {
            long t = System.nanoTime();
            byte[] instrumented = new RecordingInstrumentation(host.recordingMode()).apply(module);
            fig.instrumentMs = Timing.msSince(t);
            fig.instrumentedBytes = (long) instrumented.length;
            return null;
        });
        recorded = stage(Stage.RECORD, true, () -> host.record(trace, fig));
        stage(Stage.RECORD_FULL, false, () -> {
            try {
                host.recordFull(fullTrace, fig);
            } finally {
                if (!ctx.keepTraces()) {
                    deleteQuietly(fullTrace);
                }
            }
            return null;
        });
        ReducedTrace reduced = stage(Stage.REDUCE, true, () -> {
            long t = System.nanoTime();
            fig.traceSha256 = Replays.sha256(trace);
            // streamed: the reducer holds its shadow and the reduced trace, never the events
            TraceSource source = TraceSource.of(trace);
            Reducer.Result r = new Reducer().reduceWithStats(source);
            if (!r.complete()) {
                throw new StageFailed("the trace is incomplete (" + r.stats().eventsBefore() + " events)");
            }
            recordedTrace = source;
            reducedTrace = r.trace();
            Path out = work.resolve("run.reduced");
            try (java.io.OutputStream os = Files.newOutputStream(out)) {
                ReducedTraceCodec.write(r.trace(), os);
            }
            fig.reduceMs = Timing.msSince(t);
            fig.reducedEvents = r.stats().eventsAfter();
            fig.reducedBytes = Files.size(out);
            return r.trace();
        });
        Path replay = work.resolve(REPLAY_FILE);
        stage(Stage.REPLAY, true, () -> {
            long t = System.nanoTime();
            byte[] wasm = new ReplayGenerator().generate(module, reduced).wasm();
            fig.replayGenMs = Timing.msSince(t);
            fig.replayBytes = (long) wasm.length;
            Files.write(replay, wasm);
            return null;
        });
        ExpectedEnd end = ExpectedEnd.of(reduced);
        replayFile = replay;
        expectedEnd = end;
        replayRun = stage(Stage.REPLAY_RUN, true, () -> host.replay(replay, end, fig));
        replayed = true;
        if (host.runsInThisJvm()) {
            // before verify: its re-recording and runs of the replay leave the JIT busy for seconds
            // (fib's replay then took 2-3x its original for a dozen rounds; measured first, 1.0x)
            measure();
        }
        stage(Stage.VERIFY, true, () -> {
            verify(host, replay, end);
            return null;
        });
    }

    /**
     * The timed samples ({@link MeasureRounds}): for programs that run in a JVM, each run in
     * {@code --forks} fresh JVMs of its own ({@link ForkedMeasure}), or here with {@code --forks 0};
     * node programs here (each of their runs is a fresh node). No new round starts once the stage
     * has used its time budget (one round always runs), so that slow recordings do not hold a
     * corpus run for hours.
     */
    private void measure() {
        measured = true;
        stage(Stage.MEASURE, false, () -> {
            MeasureRounds.Samples s = ctx.forks() > 0 && driver.runsInThisJvm()
                    ? ForkedMeasure.run(ctx, program, moduleFile, fig.outputSha256, recorded != null,
                            replayRun != null ? replayFile : null, expectedEnd)
                    : MeasureRounds.run(original, recorded, replayRun, otherEngine, driver.runsInThisJvm(), ctx.repeat(),
                            ctx.warmUp(), ctx.measureBudget());
            notes.addAll(s.notes());
            fig.stealPercent = s.stealPercent();
            if (s.stealPercent() != null && s.stealPercent() >= Summary.HIGH_STEAL_PERCENT) {
                notes.add(String.format(java.util.Locale.ROOT, "the hypervisor took %.0f%% of this machine's CPU time while"
                        + " the runs were timed (steal time): their wall-clock times are unreliable, the CPU times hold",
                        s.stealPercent()));
            }
            fig.originalCpuMs = Summary.median(s.originalCpuMs());
            fig.recordCpuMs = Summary.median(s.recordCpuMs());
            fig.replayCpuMs = Summary.median(s.replayCpuMs());
            fig.originalSamplesMs = s.originalMs();
            fig.originalMs = Summary.median(s.originalMs());
            if (!s.recordMs().isEmpty()) {
                fig.recordSamplesMs = s.recordMs();
                fig.recordMs = Summary.median(s.recordMs());
            }
            if (!s.replayMs().isEmpty()) {
                fig.replaySamplesMs = s.replayMs();
                fig.replayMs = Summary.median(s.replayMs());
            }
            if (!s.otherEngineMs().isEmpty()) {
                fig.replayRepriseMs = Summary.median(s.otherEngineMs());
            }
            return null;
        });
    }

    /**
     * {@code reprise verify}'s {@link Verifier}: the replay's provenance (regenerated from the module
     * and the reduced trace, bytes identical), the replay of the instrumented target re-recorded and
     * compared event by event with the trace, and the replay's final memories (under reprise's
     * runtime and node; a multi-threaded replay under reprise's runtime with its recorded schedule,
     * its threads' events compared in the recorded interleaving) against the trace's digests.
     * Where the verifier cannot handle a replay, the self-check stands alone: the replay compares every export
     * result and import argument with the recording and traps at the first difference, so reaching
     * its recorded end on the program's engine (the replay-run stage) reproduced every recorded
     * value; then the other engine must end the same way with the same memory 0.
     */
    private void verify(HostDriver host, Path replay, ExpectedEnd end) throws Exception {
        VerifyReport report = null;
        byte[] replayBytes = Files.readAllBytes(replay);
        try {
            Verifier verifier = ctx.node() != null ? new Verifier(ctx.node()) : new Verifier(false);
            if (host instanceof NodeDriver n && n.repriseCannotRun() != null) {
                verifier = verifier.notRunningUnderTheRuntime(n.repriseCannotRun());
            }
            report = verifier.verify(loadedModule, replayBytes, expectation());
        } catch (ReplayException | UnsupportedTraceException e) {
            notes.add("reprise verify cannot check this replay (" + describe(e) + "): verified by its self-check");
        } catch (MalformedModuleException e) {
            notes.add("reprise verify cannot run this replay under reprise's runtime (" + describe(e)
                    + "): verified by its self-check on node");
        }
        List<TraceEvent.MemoryDigest> recordedFinal = reducedTrace == null ? List.of() : reducedTrace.finalMemories();
        recordedTrace = null;
        reducedTrace = null;
        if (report != null && !report.faithful()) {
            Divergence d = report.divergence();
            throw new StageFailed("reprise verify: " + report.failure()
                    + (d == null ? "" : " (first divergence at " + d.where() + ": " + d.what() + ")"));
        }
        if (report != null) {
            fig.verifiedEvents = report.eventsCompared();
            notes.add(report.verdict());
        }
        // the verifier already ran a WASI program's replay under node; a node program's still runs under reprise
        HostDriver.CrossCheck check = report != null && host instanceof WasiDriver ? null : host.crossCheck(replay, end, fig);
        Replays.Ended other = check == null ? null : check.ended();
        if (check != null) {
            otherEngine = check.timed();
            if (other.ok() && fig.replayMemorySha256 != null && fig.nodeMemorySha256 != null
                    && !fig.replayMemorySha256.equals(fig.nodeMemorySha256)) {
                throw new StageFailed("memory after the replay differs between reprise's runtime ("
                        + fig.replayMemorySha256.substring(0, 12) + ") and node (" + fig.nodeMemorySha256.substring(0, 12) + ")");
            }
            if (!other.ok()) {
                if (other.how().startsWith("node: ")) {
                    notes.add("node could not run the replay (" + other.how().substring(6) + "); checked under reprise's runtime only");
                } else if (other.how().startsWith(Replays.REPRISE_CANNOT_RUN)) {
                    notes.add(other.how() + "; checked under node only");
                } else {
                    throw new StageFailed("the replay did not reproduce the run on the second engine: " + other.how());
                }
            }
        }
        if (report == null) {
            checkFinalMemory(recordedFinal);
        }
        verification = report != null ? "full" : "self-check";
    }

    /**
     * The self-check's last step, where the recording ended with memory digests (WASI recordings,
     * and shadow-mode ones under node): memory 0 after the replay, on each engine that ran it, must
     * be the recorded final memory 0 ({@code reprise verify} compares every memory itself; this
     * covers the replays it cannot run, as SIMD ones under reprise's runtime).
     */
    private void checkFinalMemory(List<TraceEvent.MemoryDigest> recordedFinal) {
        TraceEvent.MemoryDigest want = recordedFinal.stream().filter(d -> d.memory() == 0).findFirst().orElse(null);
        if (want == null) {
            return;
        }
        String hex = java.util.HexFormat.of().formatHex(want.sha256());
        List<String> engines = new ArrayList<>();
        for (String[] run : new String[][] {{"node", fig.nodeMemorySha256}, {"reprise's runtime", fig.replayMemorySha256}}) {
            if (run[1] == null) {
                continue;
            }
            if (!run[1].equals(hex)) {
                throw new StageFailed("memory 0 after the replay under " + run[0] + " (" + run[1].substring(0, 12)
                        + ") is not the recorded final memory 0 (" + hex.substring(0, 12) + ")");
            }
            engines.add(run[0]);
        }
        if (!engines.isEmpty()) {
            notes.add("memory 0 after the replay equals the recorded final memory 0 (" + String.join(", ", engines) + ")");
        }
    }

    /**
     * What {@code reprise verify} expects: the recorded trace file (streamed by the comparison as the
     * replay is re-recorded) and its reduction, not made a second time (the reduce stage's result
     * is the same, the reducer being deterministic).
     */
    private Expectation expectation() {
        return Expectation.of(recordedTrace, reducedTrace);
    }

    private HostDriver load(Path work) throws IOException {
        BenchProgram.Source src = program.source();
        Path moduleFile;
        Path moduleDir;
        if (src.isCommitted()) {
            moduleFile = src.committed();
            if (!Files.isRegularFile(moduleFile)) {
                throw new StageFailed("committed module " + moduleFile + " not found"
                        + (src.build() != null ? " (build it with " + src.build() + ")" : ""));
            }
            moduleDir = moduleFile.getParent();
        } else {
            CorpusManifest.Entry entry = ctx.binaries().entry(src.binary()).orElseThrow(() -> new StageFailed(
                    "binary \"" + src.binary() + "\" is not in binaries.json"));
            if (!ctx.cache().isPresent(entry)) {
                throw new StageFailed("binary \"" + entry.name() + "\" is not in the cache "
                        + ctx.cache().corpusDir() + " (run: reprise corpus fetch --only " + entry.name() + ")");
            }
            if (!ctx.cache().isVerified(entry)) {
                throw new StageFailed("cached binary \"" + entry.name() + "\" does not match its SHA-256"
                        + " (run: reprise corpus fetch --only " + entry.name() + ")");
            }
            moduleFile = ctx.cache().pathOf(entry);
            moduleDir = ctx.cache().filesDir(entry);
        }
        if (program.stdin() != null && !Files.isRegularFile(program.stdin())) {
            throw new StageFailed("stdin file " + program.stdin() + " not found");
        }
        for (BenchProgram.Dir d : program.dirs()) {
            if (!Files.isDirectory(d.host())) {
                throw new StageFailed("directory " + d.host() + " (for " + d.guest() + ") not found");
            }
        }
        loadedModule = Files.readAllBytes(moduleFile);
        this.moduleFile = moduleFile;
        fig.moduleBytes = (long) loadedModule.length;
        return switch (program.host()) {
            case WASI -> program.engine() == BenchProgram.Engine.NODE
                    ? NodeDriver.wasi(program, ctx, loadedModule, moduleFile, work)
                    : new WasiDriver(program, ctx, loadedModule);
            case NODE -> NodeDriver.hosted(program, ctx, loadedModule, moduleFile, moduleDir);
        };
    }

    private <T> T stage(Stage stage, boolean required, Callable<T> body) {
        ctx.progress().stage(program, stage);
        long t = System.nanoTime();
        try {
            T v = body.call();
            stages.add(new StageResult(stage, true, Timing.msSince(t) / 1e3, null));
            return v;
        } catch (Throwable e) {
            String message = describe(e);
            stages.add(new StageResult(stage, false, Timing.msSince(t) / 1e3, message));
            if (failure == null) {
                failure = new Failure(stage, message);
            }
            if (required) {
                throw new StageFailed(message);
            }
            return null;
        }
    }

    /** One line for any failure: the message of a {@link StageFailed}, else the exception's kind and message. */
    static String describe(Throwable e) {
        if (e instanceof StageFailed) {
            return Replays.oneLine(e.getMessage());
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; raise -Xmx)";
        }
        if (e instanceof StackOverflowError) {
            return "stack overflow in reprise (raise -Xss)";
        }
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return Replays.oneLine(m == null || m.isBlank() ? kind : kind + ": " + m);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover trace in the work folder does no harm
        }
    }
}
