package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.runtime.DirMapping;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.StdinSource;
import dev.reprise.runtime.Termination;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * WASI programs under reprise's runtime (compiler engine), in this JVM: the original, the
 * recordings ({@link WasiRecorder}) and the replay all run on the same engine, each after one
 * warm-up run (which also compiles the module to JVM bytecode, or loads it from the compiled-class
 * cache), so the medians compare steady states. The cross-check runs the replay under node.
 */
final class WasiDriver implements HostDriver {
    private final BenchProgram program;
    private final BenchContext ctx;
    private final byte[] module;
    private final RunOptions options;
    private String outputSha256;

    WasiDriver(BenchProgram program, BenchContext ctx, byte[] module) throws java.io.IOException {
        this.program = program;
        this.ctx = ctx;
        this.module = module;
        RunOptions.Builder b = RunOptions.builder().args(program.args()).env(program.env());
        if (program.stdin() != null) {
            b.stdin(StdinSource.of(Files.readAllBytes(program.stdin())));
        }
        for (BenchProgram.Dir d : program.dirs()) {
            // never written back: the guest's writes stay in the sandbox, the corpus inputs never change
            b.dir(new DirMapping(d.guest(), d.host(), false));
        }
        this.options = b.build();
    }

    private String moduleName() {
        return program.name() + ".wasm";
    }

    @Override
    public void runOriginal(Figures.Builder fig) throws Exception {
        Program plain = Program.of(module, moduleName());
        Timing.Samples<RunOutcome> s = Timing.measure(ctx.repeat(), true, () -> Sandbox.run(plain, options),
                o -> checkExit(o, "the original run"));
        fig.originalMs = s.median();
        fig.originalSamplesMs = s.ms();
        outputSha256 = Replays.sha256(s.warmup().stdout());
        fig.outputSha256 = outputSha256;
    }

    @Override
    public void record(Path trace, Figures.Builder fig) throws Exception {
        WasiRecorder.Prepared shadow = WasiRecorder.prepare(module, moduleName(), false);
        Timing.Samples<WasiRecorder.RecordResult> s = Timing.measure(ctx.repeat(), true,
                () -> shadow.record(options, trace), r -> checkRecorded(r, "the recorded run"));
        fig.recordMs = s.median();
        fig.recordSamplesMs = s.ms();
        fig.traceEvents = s.last().events();
        fig.traceBytes = Files.size(trace);
    }

    @Override
    public void recordFull(Path trace, Figures.Builder fig) throws Exception {
        WasiRecorder.RecordResult r = WasiRecorder.record(module, moduleName(), options, trace, true);
        checkRecorded(r, "the --full recording");
        fig.fullTraceEvents = r.events();
        fig.fullTraceBytes = Files.size(trace);
    }

    @Override
    public void runReplay(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception {
        Program p = Program.of(Files.readAllBytes(replay), program.name() + ".replay.wasm");
        Timing.Samples<Replays.Ended> s = Timing.measure(ctx.repeat(), true, () -> Replays.onReprise(p, end),
                e -> requireOk(e, "under reprise's runtime"));
        fig.replayMs = s.median();
        fig.replaySamplesMs = s.ms();
        fig.replayMemorySha256 = s.warmup().memorySha256();
        fig.replayEnd = end.describe();
    }

    @Override
    public Replays.Ended crossCheck(Path replay, ExpectedEnd end, Figures.Builder fig) {
        if (ctx.node() == null) {
            return null;
        }
        Replays.Ended e = Replays.onNode(ctx.node(), replay, end, ctx.timeout());
        fig.nodeMemorySha256 = e.memorySha256();
        return e;
    }

    static void requireOk(Replays.Ended e, String where) {
        if (!e.ok()) {
            throw new StageFailed("the replay did not reproduce the run " + where + ": " + e.how());
        }
    }

    private void checkExit(RunOutcome o, String what) {
        if (o.termination() != Termination.RETURNED && o.termination() != Termination.EXITED) {
            String where = o.guestStack().isEmpty() ? "" : " in " + o.guestStack().get(0);
            throw new StageFailed(what + " ended with " + o.termination().name().toLowerCase(java.util.Locale.ROOT)
                    + where + ": " + Replays.oneLine(o.message()));
        }
        if (o.exitCode() != program.expectExit()) {
            String err = Replays.oneLine(o.stderrText());
            throw new StageFailed(what + " exited with " + o.exitCode() + " (expected " + program.expectExit() + ")"
                    + (err.isEmpty() ? "" : ": " + err));
        }
    }

    private void checkRecorded(WasiRecorder.RecordResult r, String what) {
        checkExit(r.outcome(), what);
        if (outputSha256 != null && !outputSha256.equals(Replays.sha256(r.outcome().stdout()))) {
            throw new StageFailed(what + " printed something else than the original run");
        }
        if (r.events() <= 0) {
            throw new StageFailed(what + " wrote no events");
        }
    }
}
