package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.replay.ReplaySchedule;
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
 * recordings ({@link WasiRecorder}) and the replay all run on the same engine. The cross-check
 * runs the replay under node.
 */
final class WasiDriver implements HostDriver {
    private final BenchProgram program;
    private final BenchContext ctx;
    private final byte[] module;
    private final RunOptions options;
    private String outputSha256;
    private ReplaySchedule schedule;
    private final java.util.List<String> notes = new java.util.ArrayList<>();

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

    @Override
    public java.util.List<String> notes() {
        return notes;
    }

    private String moduleName() {
        return program.name() + ".wasm";
    }

    /**
     * What the recording and a multi-threaded replay must print, when {@link #original} does not
     * run in this JVM (a {@link ForkedMeasure} timing one of them); null leaves it unchecked.
     */
    void expectOutput(String sha256) {
        outputSha256 = sha256;
    }

    @Override
    public TimedRun original(Figures.Builder fig) {
        Program plain = Program.of(module, moduleName());
        RunOutcome first = Sandbox.run(plain, options);
        checkExit(first, "the original run");
        outputSha256 = Replays.sha256(first.stdout());
        fig.outputSha256 = outputSha256;
        return () -> {
            long t = System.nanoTime();
            RunOutcome o = Sandbox.run(plain, options);
            double ms = Timing.msSince(t);
            checkExit(o, "the original run");
            return Sample.of(ms, o);
        };
    }

    @Override
    public TimedRun record(Path trace, Figures.Builder fig) throws Exception {
        WasiRecorder.Prepared prepared = WasiRecorder.prepare(module, moduleName(), recordingMode());
        WasiRecorder.RecordResult first = prepared.record(options, trace);
        checkRecorded(first, "the recorded run");
        fig.traceEvents = first.events();
        fig.traceBytes = Files.size(trace);
        Path again = trace.resolveSibling("again.trace");
        return () -> {
            long t = System.nanoTime();
            WasiRecorder.RecordResult r = prepared.record(options, again);
            double ms = Timing.msSince(t);
            checkRecorded(r, "the recorded run");
            Files.deleteIfExists(again);
            return Sample.of(ms, r.outcome());
        };
    }

    @Override
    public boolean runsInThisJvm() {
        return true;
    }

    /** Host mode, the default of {@code reprise record}: boundary hooks, the sandbox's writes seen in its memories. */
    @Override
    public RecordingMode recordingMode() {
        return RecordingMode.HOST;
    }

    @Override
    public void recordFull(Path trace, Figures.Builder fig) throws Exception {
        WasiRecorder.RecordResult r = WasiRecorder.record(module, moduleName(), options, trace, true);
        checkRecorded(r, "the --full recording");
        fig.fullTraceEvents = r.events();
        fig.fullTraceBytes = Files.size(trace);
    }

    @Override
    public TimedRun replay(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception {
        byte[] bytes = Files.readAllBytes(replay);
        String name = program.name() + ".replay.wasm";
        schedule = ReplaySchedule.read(bytes);
        if (schedule != null) {
            // a multi-threaded replay: it keeps the runtime's imports and runs under its recorded schedule
            Program scheduled = schedule.program(bytes, name);
            Replays.Ended first = Replays.onRepriseScheduled(scheduled, schedule, program.expectExit(), outputSha256);
            requireOk(first, "under reprise's runtime");
            fig.replayMemorySha256 = first.memorySha256();
            fig.replayEnd = "exit " + program.expectExit() + " (scheduled)";
            notes.add("a multi-threaded replay: it keeps the runtime's imports (wasi.thread-spawn, the scheduler) and"
                    + " runs under its recorded schedule, so only reprise's runtime runs it");
            return () -> {
                long t = System.nanoTime();
                Replays.Ended e = Replays.onRepriseScheduled(scheduled, schedule, program.expectExit(), outputSha256);
                double ms = Timing.msSince(t);
                requireOk(e, "under reprise's runtime");
                return new Sample(ms, e.cpuMs());
            };
        }
        Program p = Program.of(bytes, name);
        Replays.Ended first = Replays.checkOnReprise(p, end);
        requireOk(first, "under reprise's runtime");
        fig.replayMemorySha256 = first.memorySha256();
        fig.replayEnd = end.describe();
        return () -> {
            long t = System.nanoTime();
            Replays.Ended e = Replays.onReprise(p, end);
            double ms = Timing.msSince(t);
            requireOk(e, "under reprise's runtime");
            return new Sample(ms, e.cpuMs());
        };
    }

    @Override
    public CrossCheck crossCheck(Path replay, ExpectedEnd end, Figures.Builder fig) {
        if (ctx.node() == null || schedule != null) {
            return null;
        }
        Replays.Ended e = Replays.onNode(ctx.node(), replay, end, ctx.timeout());
        fig.nodeMemorySha256 = e.memorySha256();
        return new CrossCheck(e, null);
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
