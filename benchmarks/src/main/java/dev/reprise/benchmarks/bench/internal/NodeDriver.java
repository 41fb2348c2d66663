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
 * manifest's folder, {@code REPRISE_CORPUS_DIR} set to the binary's cache folder), timed as
 * process wall time, start-up included; the recording runs the same host under the JavaScript
 * recorder (every read reported when node has no multi-memory, as node 20); the replay runs on node too ({@code node -e}, zero imports), and under reprise's
 * runtime as the cross-check (timed as well: {@code replayRepriseMs}).
 */
final class NodeDriver implements HostDriver {
    private final BenchProgram program;
    private final BenchContext ctx;
    private final byte[] module;
    private final Path moduleFile;
    private final Path corpusDir;
    private final List<String> notes = new ArrayList<>();

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

    @Override
    public List<String> notes() {
        return notes;
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(program.env());
        env.put("REPRISE_CORPUS_DIR", corpusDir.toString());
        return env;
    }

    @Override
    public TimedRun original(Figures.Builder fig) {
        List<String> cmd = new ArrayList<>(List.of(ctx.node(), program.hostScript().toString(), moduleFile.toString()));
        cmd.addAll(program.args());
        Processes.Outcome first = Processes.run(cmd, ctx.corpusDir(), env(), program.stdin(), ctx.timeout());
        checkExit(first);
        fig.outputSha256 = Replays.sha256(first.stdout());
        return () -> {
            Processes.Outcome o = Processes.run(cmd, ctx.corpusDir(), env(), program.stdin(), ctx.timeout());
            checkExit(o);
            return o.elapsed().toNanos() / 1e6;
        };
    }

    @Override
    public TimedRun record(Path trace, Figures.Builder fig) {
        if (NodeRecording.alwaysFull()) {
            notes.add("node has no multi-memory, so no shadow memory: every recording reported every read"
                    + " (the record overhead is that of --full)");
        }
        NodeRecording.Recorded first = NodeRecording.record(module, moduleFile.getFileName().toString(), program,
                env(), trace, false, ctx.timeout());
        fig.traceEvents = first.events();
        fig.traceBytes = first.traceBytes();
        Path again = trace.resolveSibling("again.trace");
        return () -> {
            NodeRecording.Recorded r = NodeRecording.record(module, moduleFile.getFileName().toString(), program,
                    env(), again, false, ctx.timeout());
            Files.deleteIfExists(again);
            return r.ms();
        };
    }

    @Override
    public void recordFull(Path trace, Figures.Builder fig) {
        if (NodeRecording.alwaysFull()) {
            // the shadow-mode recording already reported every read: the same trace, not recorded twice
            fig.fullTraceEvents = fig.traceEvents;
            fig.fullTraceBytes = fig.traceBytes;
            return;
        }
        NodeRecording.Recorded r = NodeRecording.record(module, moduleFile.getFileName().toString(), program, env(),
                trace, true, ctx.timeout());
        fig.fullTraceEvents = r.events();
        fig.fullTraceBytes = r.traceBytes();
    }

    @Override
    public TimedRun replay(Path replay, ExpectedEnd end, Figures.Builder fig) throws java.io.IOException {
        Replays.Ended first = Replays.onNode(ctx.node(), replay, end, ctx.timeout());
        if (!first.ok()) {
            // for the diagnosis: does the other engine agree?
            try {
                Replays.Ended other = Replays.checkOnReprise(Program.of(Files.readAllBytes(replay),
                        program.name() + ".replay.wasm"), end);
                notes.add("under reprise's runtime the replay " + (other.ok() ? "ended as recorded (" + other.how() + ")"
                        : "failed too: " + other.how()));
            } catch (Exception | StackOverflowError e) {
                notes.add("under reprise's runtime the replay could not run: " + ProgramPipeline.describe(e));
            }
        }
        WasiDriver.requireOk(first, "under node");
        fig.nodeMemorySha256 = first.memorySha256();
        fig.replayEnd = end.describe();
        return () -> {
            long t = System.nanoTime();
            Replays.Ended e = Replays.onNode(ctx.node(), replay, end, ctx.timeout());
            double ms = Timing.msSince(t);
            WasiDriver.requireOk(e, "under node");
            return ms;
        };
    }

    @Override
    public CrossCheck crossCheck(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception {
        Program p = Program.of(Files.readAllBytes(replay), program.name() + ".replay.wasm");
        Replays.Ended first = Replays.checkOnReprise(p, end);
        fig.replayMemorySha256 = first.memorySha256();
        TimedRun timed = !first.ok() ? null : () -> {
            long t = System.nanoTime();
            Replays.Ended e = Replays.onReprise(p, end);
            double ms = Timing.msSince(t);
            WasiDriver.requireOk(e, "under reprise's runtime");
            return ms;
        };
        return new CrossCheck(first, timed);
    }

    private void checkExit(Processes.Outcome o) {
        if (o.timedOut() || o.exitCode() != program.expectExit()) {
            throw new StageFailed("node " + program.hostScript().getFileName() + " " + o.why()
                    + (o.timedOut() ? "" : " (expected " + program.expectExit() + ")"));
        }
    }
}
