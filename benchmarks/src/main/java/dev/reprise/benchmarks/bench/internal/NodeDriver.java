package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.replay.ReplaySchedule;
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
 * process wall time, start-up included, and in the process's CPU time ({@link NodeCpuClock});
 * the recording runs the same host under the JavaScript
 * recorder (shadow mode under a node with multi-memory, as the pinned node 24; every read
 * reported when node has none, as node 20); the replay runs on node too ({@code node -e}, zero imports; its memory digest is taken on the
 * first run only, not in the timed ones), and under reprise's
 * runtime as the cross-check (timed as well: {@code replayRepriseMs}).
 *
 * <p>WASI programs whose manifest entry says {@code "engine": "node"} run the same way under the
 * bench's own host script ({@code wasi-host.mjs}: node:wasi with the program's arguments,
 * environment and folders, the folders copied into the work folder first so that the corpus's
 * inputs never change); reprise's runtime cannot run them (the entry's {@code engineReason}), so
 * there is no cross-check under it.
 */
final class NodeDriver implements HostDriver {
    private final BenchProgram program;
    private final BenchContext ctx;
    private final byte[] module;
    private final Path moduleFile;
    private final Path corpusDir;
    private final Path hostScript;
    private final Map<String, String> hostEnv;
    private final boolean repriseRuns;
    private final List<String> notes = new ArrayList<>();
    private NodeCpuClock cpuClock;
    /** A replay that only reprise's runtime runs (recorded in several realms): its first end and its timed run. */
    private CrossCheck handedOff;

    private NodeDriver(BenchProgram program, BenchContext ctx, byte[] module, Path moduleFile, Path corpusDir,
            Path hostScript, Map<String, String> hostEnv, boolean repriseRuns) {
        if (ctx.node() == null) {
            throw new StageFailed("node is not on the PATH (needed for " + (repriseRuns ? "host" : "engine") + " \"node\")");
        }
        if (!Files.isRegularFile(hostScript)) {
            throw new StageFailed("host script " + hostScript + " not found");
        }
        this.program = program;
        this.ctx = ctx;
        this.module = module;
        this.moduleFile = moduleFile;
        this.corpusDir = corpusDir;
        this.hostScript = hostScript;
        this.hostEnv = hostEnv;
        this.repriseRuns = repriseRuns;
    }

    /** A node-hosted program, run by its manifest's host script. */
    static NodeDriver hosted(BenchProgram program, BenchContext ctx, byte[] module, Path moduleFile, Path corpusDir) {
        Map<String, String> env = new LinkedHashMap<>(program.env());
        env.put("REPRISE_CORPUS_DIR", corpusDir.toString());
        return new NodeDriver(program, ctx, module, moduleFile, corpusDir, program.hostScript(), env, true);
    }

    /**
     * A WASI program run under node:wasi ({@code "engine": "node"}): the bench's host script is
     * written into {@code work}, and the program's folders are copied there too.
     */
    static NodeDriver wasi(BenchProgram program, BenchContext ctx, byte[] module, Path moduleFile, Path work)
            throws java.io.IOException {
        Path script = work.resolve("wasi-host.mjs");
        try (java.io.InputStream in = NodeDriver.class.getResourceAsStream("wasi-host.mjs")) {
            if (in == null) {
                throw new IllegalStateException("wasi-host.mjs missing from the bench's resources");
            }
            Files.write(script, in.readAllBytes());
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, String> preopens = new LinkedHashMap<>();
        int i = 0;
        for (BenchProgram.Dir d : program.dirs()) {
            Path copy = work.resolve("dir-" + i++);
            copyTree(d.host(), copy);
            preopens.put(d.guest(), copy.toAbsolutePath().toString());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REPRISE_WASI_ARGV0", program.name() + ".wasm");
        env.put("REPRISE_WASI_ENV", json.writeValueAsString(program.env()));
        env.put("REPRISE_WASI_PREOPENS", json.writeValueAsString(preopens));
        env.put("NODE_NO_WARNINGS", "1");
        NodeDriver d = new NodeDriver(program, ctx, module, moduleFile, moduleFile.getParent(), script, env, false);
        d.notes.add("runs under node:wasi (engine \"node\"), not reprise's runtime: " + program.engineReason()
                + "; so reprise verify re-records and runs the replay under node only (no cross-check under reprise's runtime)");
        return d;
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Why reprise's runtime does not run this program (a WASI program on engine node: its manifest's reason), or null: it does. */
    String repriseCannotRun() {
        return repriseRuns ? null : "engine node: " + program.engineReason();
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    private Map<String, String> env() {
        return hostEnv;
    }

    /** The timed processes' CPU clock (its preload is written into the program's work folder on first use). */
    private NodeCpuClock cpuClock() throws java.io.IOException {
        if (cpuClock == null) {
            cpuClock = new NodeCpuClock(ProgramPipeline.workDir(ctx, program));
        }
        return cpuClock;
    }

    @Override
    public TimedRun original(Figures.Builder fig) {
        List<String> cmd = new ArrayList<>(List.of(ctx.node(), hostScript.toString(), moduleFile.toString()));
        cmd.addAll(program.args());
        Processes.Outcome first = Processes.run(cmd, ctx.corpusDir(), env(), program.stdin(), ctx.timeout());
        checkExit(first);
        fig.outputSha256 = Replays.sha256(first.stdout());
        return () -> {
            NodeCpuClock clock = cpuClock();
            Processes.Outcome o = Processes.run(cmd, ctx.corpusDir(), clock.env(env()), program.stdin(), ctx.timeout());
            checkExit(o);
            return new Sample(o.elapsed().toNanos() / 1e6, clock.lastMs());
        };
    }

    @Override
    public TimedRun record(Path trace, Figures.Builder fig) {
        if (NodeRecording.alwaysFull(ctx.node())) {
            notes.add("node has no multi-memory, so no shadow memory: every recording reported every read"
                    + " (the record overhead is that of --full)");
        }
        NodeRecording.Recorded first = NodeRecording.record(ctx.node(), module, moduleFile.getFileName().toString(), program,
                hostScript, env(), trace, false, ctx.timeout());
        fig.traceEvents = first.events();
        fig.traceBytes = first.traceBytes();
        Path again = trace.resolveSibling("again.trace");
        return () -> {
            NodeCpuClock clock = cpuClock();
            NodeRecording.Recorded r = NodeRecording.record(ctx.node(), module, moduleFile.getFileName().toString(), program,
                    hostScript, clock.env(env()), again, false, ctx.timeout());
            Files.deleteIfExists(again);
            return new Sample(r.ms(), clock.lastMs());
        };
    }

    @Override
    public void recordFull(Path trace, Figures.Builder fig) {
        if (NodeRecording.alwaysFull(ctx.node())) {
            // the shadow-mode recording already reported every read: the same trace, not recorded twice
            fig.fullTraceEvents = fig.traceEvents;
            fig.fullTraceBytes = fig.traceBytes;
            return;
        }
        NodeRecording.Recorded r = NodeRecording.record(ctx.node(), module, moduleFile.getFileName().toString(), program,
                hostScript, env(), trace, true, ctx.timeout());
        fig.fullTraceEvents = r.events();
        fig.fullTraceBytes = r.traceBytes();
    }

    @Override
    public TimedRun replay(Path replay, ExpectedEnd end, Figures.Builder fig) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(replay);
        ReplaySchedule schedule = ReplaySchedule.read(bytes);
        if (schedule != null) {
            return handedOff(schedule, bytes, end, fig);
        }
        Replays.Ended first = Replays.onNode(ctx.node(), replay, end, ctx.timeout());
        if (!first.ok() && repriseRuns) {
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
            NodeCpuClock clock = cpuClock();
            Map<String, String> timedEnv = clock.env(Map.of());
            long t = System.nanoTime();
            Replays.Ended e = Replays.onNode(ctx.node(), replay, end, ctx.timeout(), false, timedEnv);
            double ms = Timing.msSince(t);
            WasiDriver.requireOk(e, "under node");
            return new Sample(ms, clock.lastMs());
        };
    }

    /**
     * A replay recorded in several realms (Emscripten pthreads under node): it imports reprise's
     * scheduler and follows the recorded baton log, so node cannot run it. It runs under reprise's
     * runtime here and again as the "cross-check" (timed there, as {@code replayRepriseMs}); with
     * no replay on the original's engine there is no same-engine replay overhead (null returned).
     */
    private TimedRun handedOff(ReplaySchedule schedule, byte[] replay, ExpectedEnd end, Figures.Builder fig) {
        Program scheduled;
        Replays.Ended first;
        try {
            scheduled = schedule.program(replay, program.name() + ".replay.wasm");
            first = Replays.onRepriseHandedOff(scheduled, schedule, end);
        } catch (dev.reprise.runtime.MalformedModuleException e) {
            // vips: Endive 1.0.0's compiler has no SIMD
            throw new StageFailed(Replays.REPRISE_CANNOT_RUN + " (" + ProgramPipeline.describe(e) + "), and node cannot"
                    + " run it either: it follows the recorded baton log with reprise's scheduler");
        }
        WasiDriver.requireOk(first, "under reprise's runtime (following its baton log)");
        fig.replayMemorySha256 = first.memorySha256();
        fig.replayEnd = first.how();
        notes.add("recorded in several realms (Emscripten pthreads): the replay imports reprise's scheduler and follows"
                + " the recorded baton log (" + schedule.batonLog().entries().size() + " entries), so it runs under reprise's runtime"
                + " only; its time is the replay time under reprise's runtime, and there is no replay overhead on node");
        handedOff = new CrossCheck(first, () -> {
            long t = System.nanoTime();
            Replays.Ended e = Replays.onRepriseHandedOff(scheduled, schedule, end);
            double ms = Timing.msSince(t);
            WasiDriver.requireOk(e, "under reprise's runtime (following its baton log)");
            return new Sample(ms, e.cpuMs());
        });
        return null;
    }

    @Override
    public CrossCheck crossCheck(Path replay, ExpectedEnd end, Figures.Builder fig) throws Exception {
        if (handedOff != null) {
            return handedOff;
        }
        if (!repriseRuns) {
            return null;
        }
        Program p = Program.of(Files.readAllBytes(replay), program.name() + ".replay.wasm");
        Replays.Ended first;
        try {
            first = Replays.checkOnReprise(p, end);
        } catch (dev.reprise.runtime.MalformedModuleException e) {
            // e.g. Endive 1.0.0 has no SIMD: the engine's limit, not the replay's fault
            return new CrossCheck(new Replays.Ended(false, Replays.REPRISE_CANNOT_RUN + " ("
                    + ProgramPipeline.describe(e) + ")", null), null);
        }
        fig.replayMemorySha256 = first.memorySha256();
        TimedRun timed = !first.ok() ? null : () -> {
            long t = System.nanoTime();
            Replays.Ended e = Replays.onReprise(p, end);
            double ms = Timing.msSince(t);
            WasiDriver.requireOk(e, "under reprise's runtime");
            return new Sample(ms, e.cpuMs());
        };
        return new CrossCheck(first, timed);
    }

    private void checkExit(Processes.Outcome o) {
        if (o.timedOut() || o.exitCode() != program.expectExit()) {
            throw new StageFailed("node " + hostScript.getFileName() + " " + o.why()
                    + (o.timedOut() ? "" : " (expected " + program.expectExit() + ")"));
        }
    }
}
