package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.runtime.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Node-hosted programs: the original is {@code node HOST.mjs MODULE.wasm ARGS...} (in the
 * manifest's folder, {@code REPRISE_CORPUS_DIR} set to the folder of the binary), timed as
 * process wall time, start-up included, after one warm-up run; the replay runs on node too
 * ({@code node -e}, zero imports), and once more under reprise's runtime as the cross-check.
 */
final class NodeDriver implements HostDriver {
    private final BenchProgram program;
    private final BenchContext ctx;
    private final byte[] module;
    private final Path moduleFile;
    private final Path corpusDir;

    NodeDriver(BenchProgram program, BenchContext ctx, byte[] module, Path moduleFile, Path corpusDir) {
        if (ctx.node() == null) {
            throw new StageFailed("node is not on the PATH (needed for host \"node\")");
        }
        if (!Files.isRegularFile(program.hostScript())) {
            throw new StageFailed("host script " + program.hostScript() + " not found");
        }
        this.program = program;
        this.ctx = ctx;
        this.module = module;
        this.moduleFile = moduleFile;
        this.corpusDir = corpusDir;
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(program.env());
        env.put("REPRISE_CORPUS_DIR", corpusDir.toString());
        return env;
    }

    private List<String> command(Path wasm) {
        List<String> cmd = new ArrayList<>(List.of(ctx.node(), program.hostScript().toString(), wasm.toString()));
        cmd.addAll(program.args());
        return cmd;
    }

    @Override
    public void runOriginal(Figures.Builder fig) throws Exception {
        Timing.Samples<Processes.Outcome> s = Timing.measure(ctx.repeat(), true,
                () -> Processes.run(command(moduleFile), ctx.corpusDir(), env(), program.stdin(), ctx.timeout()),
                this::checkExit);
        List<Double> ms = s.ms();   // same as the process wall times, measured around the whole process
        fig.originalMs = dev.reprise.benchmarks.bench.Summary.median(ms);
        fig.originalSamplesMs = ms;
        fig.outputSha256 = Replays.sha256(s.warmup().stdout());
    }

    @Override
    public void record(Path trace, Figures.Builder fig) {
        List<Double> ms = new ArrayList<>();
        NodeRecording.Recorded last = null;
        for (int i = 0; i <= ctx.repeat(); i++) {
            last = NodeRecording.record(module, moduleFile.getFileName().toString(), program.hostScript(),
                    program.args(), trace, false, ctx.timeout());
            if (i > 0) {
                ms.add(last.ms());
            }
        }
        fig.recordMs = dev.reprise.benchmarks.bench.Summary.median(ms);
        fig.recordSamplesMs = ms;
        fig.traceEvents = last.events();
        fig.traceBytes = last.traceBytes();
    }

    @Override
    public void recordFull(Path trace, Figures.Builder fig) {
        NodeRecording.Recorded r = NodeRecording.record(module, moduleFile.getFileName().toString(),
                program.hostScript(), program.args(), trace, true, ctx.timeout());
        fig.fullTraceEvents = r.events();
        fig.fullTraceBytes = r.traceBytes();
    }

    @Override
    public void runReplay(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception {
        Timing.Samples<Replays.Ended> s = Timing.measure(ctx.repeat(), true,
                () -> Replays.onNode(ctx.node(), replay, end, ctx.timeout()),
                e -> WasiDriver.requireOk(e, "under node"));
        fig.replayMs = s.median();
        fig.replaySamplesMs = s.ms();
        fig.nodeMemorySha256 = s.warmup().memorySha256();
        fig.replayEnd = end.describe();
    }

    @Override
    public Replays.Ended crossCheck(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception {
        Program p = Program.of(Files.readAllBytes(replay), program.name() + ".replay.wasm");
        Timing.Samples<Replays.Ended> s = Timing.measure(ctx.repeat(), true, () -> Replays.onReprise(p, end), e -> { });
        fig.replayRepriseMs = s.median();
        fig.replayMemorySha256 = s.warmup().memorySha256();
        return s.warmup();
    }

    private void checkExit(Processes.Outcome o) {
        if (o.timedOut() || o.exitCode() != program.expectExit()) {
            throw new StageFailed("node " + program.hostScript().getFileName() + " " + o.why()
                    + (o.timedOut() ? "" : " (expected " + program.expectExit() + ")"));
        }
    }
}
