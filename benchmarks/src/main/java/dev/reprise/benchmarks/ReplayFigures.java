package dev.reprise.benchmarks;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.reduce.Reducer;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.ReplayOptions;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.SectionId;
import dev.reprise.wasm.SectionInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Issue 6's figures for WASI programs, side by side in one run: replay overhead (replay run time /
 * original run time) on reprise's runtime (Endive compiler, in-process, the two timed in alternation
 * after the recordings, median of 11 after at least 2 warm-up rounds and 3 s) and on node (median of 5 timed {@code _start}s inside one node process, see
 * {@code time-start.mjs}); events of the reduced default recording against the events of a
 * {@code --full} recording (Wasm-R3's reduction figure); reduce and replay
 * generation times; replay module size and its code relative to the target's; and the ablation
 * of Wasm-R3's evaluation (without reduction, without merging, without splitting: reduced trace
 * size, replay module size, replay time on reprise's runtime).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.reprise.benchmarks.ReplayFigures fib=32 hash=16 /path/flite.wasm="-t hello"</pre>
 *
 * Each argument is NAME=ARGS: NAME is a program of {@code benchmarks/programs} or a path to a
 * WASI command; ARGS are its space-separated arguments.
 */
public final class ReplayFigures {
    private static final int RUNS = 11;
    /** Timed {@code _start}s in one node process (each a fresh instance: node 20 crashed at 12 instances of hash's 4 MB memory). */
    private static final int NODE_RUNS = 5;
    /** The least warm-up of the alternating original/replay timing, in milliseconds. */
    private static final long WARMUP_MS = 3000;
    /** Unreduced replays of longer --full traces take minutes and gigabytes to compile: skipped. */
    private static final int MAX_UNREDUCED = 2_000_000;
    private static final ReplayOptions NO_SPLIT = new ReplayOptions(ReplayOptions.DEFAULTS.passiveThreshold(),
            Integer.MAX_VALUE, Integer.MAX_VALUE, true);

    private ReplayFigures() {
    }

    /** One program's figures. */
    private record Row(String name, double plainMs, double replayMs, double nodePlainMs, double nodeReplayMs,
            long fullEvents, long reducedEvents, double reduceMs, double generateMs, long moduleBytes,
            long replayBytes, long targetCode, long replayCode, Ablation noReduction, Ablation noMerge,
            Ablation noSplit, Ablation all) {
    }

    /** One ablation variant: reduced trace bytes, replay module bytes, replay run time. */
    private record Ablation(long traceBytes, long replayBytes, double replayMs) {
    }

    public static void main(String[] args) throws Exception {
        String[] programs = args.length > 0 ? args : new String[] {"fib=32", "mandelbrot=600", "matmul=200", "hash=16"};
        Path dir = Paths.get("benchmarks/programs");
        Path work = Files.createTempDirectory("reprise-replay-figures");
        Path timer = work.resolve("time-start.mjs");
        try (var in = ReplayFigures.class.getResourceAsStream("time-start.mjs")) {
            Files.write(timer, in.readAllBytes());
        }
        boolean node = nodeAvailable();
        List<Row> rows = new ArrayList<>();
        for (String p : programs) {
            String[] kv = p.split("=", 2);
            Path candidate = dir.resolve(kv[0] + ".wasm");
            Path wasm = Files.exists(candidate) ? candidate : Paths.get(kv[0]);
            List<String> progArgs = kv.length > 1 && !kv[1].isBlank() ? Arrays.asList(kv[1].split(" ")) : List.of();
            System.err.println("replay-figures: " + p + " (" + java.time.LocalTime.now().withNano(0) + ")");
            rows.add(measure(wasm, progArgs, work, timer, node));
        }
        print(rows, node);
    }

    private static Row measure(Path wasm, List<String> args, Path work, Path timer, boolean node) throws Exception {
        byte[] bytes = Files.readAllBytes(wasm);
        String name = wasm.getFileName().toString();
        RunOptions options = RunOptions.builder().args(args)
                .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream()).build();
        Path shadowTrace = work.resolve(name + ".trace");
        Path fullTrace = work.resolve(name + ".full.trace");
        check(WasiRecorder.record(bytes, name, options, shadowTrace, RecordingMode.HOST).outcome()); // the default mode
        check(WasiRecorder.record(bytes, name, options, fullTrace, true).outcome());
        Trace shadow = TraceReader.readAll(shadowTrace);
        Trace full = TraceReader.readAll(fullTrace);

        long t0 = System.nanoTime();
        Reducer.Result result = new Reducer().reduceWithStats(shadow);
        double reduceMs = (System.nanoTime() - t0) / 1e6;
        ReducedTrace reduced = result.trace();
        t0 = System.nanoTime();
        byte[] replay = new ReplayGenerator().generate(bytes, reduced).wasm();
        double generateMs = (System.nanoTime() - t0) / 1e6;
        Path replayFile = work.resolve(name + ".replay.wasm");
        Files.write(replayFile, replay);
        // the original and the replay timed in alternation, after the recordings: both see the same JIT
        // profile of the engine's shared memory helpers (timing the original first, alone, favoured it)
        Program original = Program.of(bytes, name);
        Program replayProgram = Program.of(replay, "replay.wasm");
        double[] pair = alternating(() -> check(Sandbox.run(original, options)),
                () -> check(Sandbox.run(replayProgram, options)));
        double plain = pair[0];
        double replayMs = pair[1];

        double nodePlain = Double.NaN;
        double nodeReplay = Double.NaN;
        if (node) {
            nodePlain = nodeMedian(timer, "wasi", wasm, args);
            nodeReplay = nodeMedian(timer, "replay", replayFile, List.of());
        }

        t0 = System.nanoTime();
        ReducedTrace fullReduced = new Reducer().reduce(full);
        double fullReduceMs = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        new ReplayGenerator().generate(bytes, fullReduced);
        double fullGenerateMs = (System.nanoTime() - t0) / 1e6;
        System.err.printf(Locale.ROOT, "replay-figures: --full trace of %,d events: reduce %.0f ms, generate %.0f ms%n",
                full.events().size(), fullReduceMs, fullGenerateMs);
        Ablation noReduction = full.events().size() > MAX_UNREDUCED ? null
                : ablate(bytes, new Reducer().shadow(false).reduce(full), ReplayOptions.DEFAULTS, options);
        Ablation noMerge = ablate(bytes, new Reducer().merge(false).reduce(shadow), ReplayOptions.DEFAULTS, options);
        Ablation noSplit = ablate(bytes, reduced, NO_SPLIT, options);
        Ablation all = new Ablation(ReducedTraceCodec.write(reduced).length, replay.length, replayMs);
        return new Row(name + (args.isEmpty() ? "" : " " + String.join(" ", args)), plain, replayMs, nodePlain,
                nodeReplay, full.events().size(), result.stats().eventsAfter(), reduceMs, generateMs,
                bytes.length, replay.length, codeBytes(bytes), codeBytes(replay) - codeBytes(bytes), noReduction,
                noMerge, noSplit, all);
    }

    private static Ablation ablate(byte[] module, ReducedTrace trace, ReplayOptions layout, RunOptions options)
            throws Exception {
        byte[] replay = new ReplayGenerator(layout).generate(module, trace).wasm();
        double ms = median(() -> check(Sandbox.run(Program.of(replay, "replay.wasm"), options)));
        return new Ablation(ReducedTraceCodec.write(trace).length, replay.length, ms);
    }

    private static long codeBytes(byte[] module) {
        for (SectionInfo s : new ModuleReader(module).sections()) {
            if (s.id() == SectionId.CODE) {
                return s.payloadSize();
            }
        }
        return 0;
    }

    private static void print(List<Row> rows, boolean node) {
        System.out.println("| program | original ms | replay ms | replay overhead | node original ms | node replay ms "
                + "| node overhead | --full events | reduced events | reduction | reduce ms | generate ms "
                + "| module KB | replay KB | replay code / target code |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<Double> endive = new ArrayList<>();
        List<Double> onNode = new ArrayList<>();
        List<Double> reductions = new ArrayList<>();
        for (Row r : rows) {
            double reduction = 100.0 * (r.fullEvents - r.reducedEvents) / Math.max(1, r.fullEvents);
            endive.add(r.replayMs / r.plainMs);
            reductions.add(reduction);
            if (node) {
                onNode.add(r.nodeReplayMs / r.nodePlainMs);
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.3fx | %s | %s | %s | %,d | %,d | %.3f%% | %.0f | %.0f | %,d | %,d | %.2f%% |%n",
                    r.name, r.plainMs, r.replayMs, r.replayMs / r.plainMs, fmt(r.nodePlainMs), fmt(r.nodeReplayMs),
                    node ? String.format(Locale.ROOT, "%.3fx", r.nodeReplayMs / r.nodePlainMs) : "-",
                    r.fullEvents, r.reducedEvents, reduction, r.reduceMs, r.generateMs, r.moduleBytes / 1024,
                    r.replayBytes / 1024, 100.0 * r.replayCode / Math.max(1, r.targetCode));
        }
        System.out.printf(Locale.ROOT, "%nreplay overhead, reprise runtime: median %.3fx, worst %.3fx%n", median(endive), max(endive));
        if (node) {
            System.out.printf(Locale.ROOT, "replay overhead, node: median %.3fx, worst %.3fx%n", median(onNode), max(onNode));
        }
        System.out.printf(Locale.ROOT, "reduced events vs --full trace events, removed: median %.3f%%, min %.3f%%%n", median(reductions),
                reductions.stream().mapToDouble(Double::doubleValue).min().orElse(0));
        System.out.println();
        System.out.println("Ablation: reduced trace KB / replay module KB / replay ms on reprise's runtime. All on and "
                + "without merging/splitting: from the default (host) recording; without reduction: every read of "
                + "the --full recording replayed");
        System.out.println("| program | all on | without reduction | without merging | without splitting |");
        System.out.println("|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.name, cell(r.all), cell(r.noReduction),
                    cell(r.noMerge), cell(r.noSplit));
        }
    }

    private static String cell(Ablation a) {
        if (a == null) {
            return "(--full trace over " + MAX_UNREDUCED / 1_000_000 + "M events: skipped)";
        }
        return String.format(Locale.ROOT, "%,d / %,d / %.1f", a.traceBytes / 1024, a.replayBytes / 1024, a.replayMs);
    }

    private static String fmt(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? Double.NaN : a[a.length / 2];
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private interface Run {
        void run() throws Exception;
    }

    /**
     * Medians of {@code a} and {@code b} run in alternation ({@code a b a b ...}) after a warm-up
     * of at least 2 rounds and {@value #WARMUP_MS} ms (a short program's replay code, like its
     * original, must be compiled by the JIT before it is timed).
     */
    private static double[] alternating(Run a, Run b) throws Exception {
        double[] ta = new double[RUNS];
        double[] tb = new double[RUNS];
        long warmStart = System.nanoTime();
        for (int round = 0; round < 2 || (System.nanoTime() - warmStart) / 1e6 < WARMUP_MS; round++) {
            a.run();
            b.run();
        }
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            a.run();
            ta[i] = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            b.run();
            tb[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[] {ta[RUNS / 2], tb[RUNS / 2]};
    }

    private static double median(Run r) throws Exception {
        r.run();
        r.run();
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    private static void check(RunOutcome o) {
        if (o.exitCode() != 0) {
            throw new IllegalStateException("run failed: " + o.termination() + " " + o.message());
        }
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder(dev.reprise.record.host.NodeRecorder.nodeExecutable(), "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static double nodeMedian(Path timer, String mode, Path wasm, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(dev.reprise.record.host.NodeRecorder.nodeExecutable(), "--no-warnings", timer.toString(), mode,
                String.valueOf(NODE_RUNS), wasm.toAbsolutePath().toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("node " + mode + " " + wasm + " failed: " + out);
        }
        String[] lines = out.split("\n");
        return Double.parseDouble(lines[lines.length - 1].trim());
    }
}
