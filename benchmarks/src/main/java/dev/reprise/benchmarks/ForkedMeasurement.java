package dev.reprise.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.TraceStats;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.transform.record.RecordingMode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RecordOverhead}'s process-per-mode measurement: the parent starts a fresh JVM (same
 * classpath and JVM options) that runs one program in one mode (plain or a recording mode) for
 * the warm-up and timed rounds and prints one JSON line with its times, what it wrote and a
 * digest of the program's output, so that the parent can check every mode printed the same.
 *
 * <pre>
 * ChildResult r = ForkedMeasurement.fork("matmul", "host", 5, 3, 3000);   // java ... RecordOverhead --child host matmul
 * </pre>
 */
final class ForkedMeasurement {
    private static final String PREFIX = "#child ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** One child's figures: wall and CPU milliseconds per timed round, the trace it wrote last. */
    record ChildResult(double[] ms, double[] cpuMs, long events, long traceBytes, Map<String, Long> eventsPerKind,
                       String outputSha) {
        double medianMs() {
            return RecordOverhead.median(ms);
        }
    }

    private ForkedMeasurement() {
    }

    /** The median over the timed rounds of all the children. */
    static double median(List<ChildResult> results, boolean cpu) {
        return RecordOverhead.median(results.stream().flatMapToDouble(r -> java.util.Arrays.stream(cpu ? r.cpuMs() : r.ms()))
                .toArray());
    }

    /** Runs {@code request} (a {@link BenchProgram} request) in {@code mode} in a fresh JVM. */
    static ChildResult fork(String request, String mode, int runs, int warmup, long warmupMs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RecordOverhead.class.getName(), "--child", mode,
                "--runs", String.valueOf(runs), "--warmup", String.valueOf(warmup), "--warmup-ms", String.valueOf(warmupMs),
                request));
        Path log = Files.createTempFile("reprise-overhead-child", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int exit = p.waitFor();
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith(PREFIX)) {
                    return JSON.readValue(line.substring(PREFIX.length()), ChildResult.class);
                }
            }
            String why = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("no output");
            throw new IllegalStateException(mode + " run exited with " + exit + ": " + why);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * The child's side: measures {@code program} in {@code mode} ({@code null}: plain) and prints
     * the result line. Warm-up lasts {@code warmup} rounds and at least {@code warmupMs}
     * milliseconds, so that a short program's recorder code is compiled by the JIT before the
     * timed rounds, as the engine's code of the plain run is.
     */
    static void child(BenchProgram program, RecordingMode mode, int runs, int warmup, long warmupMs) throws Exception {
        Program plain = Program.of(program.bytes(), program.name());
        WasiRecorder.Prepared prepared = mode == null ? null : WasiRecorder.prepare(program.bytes(), program.name(), mode);
        Path dir = Files.createTempDirectory("reprise-overhead");
        Path trace = dir.resolve(program.name() + ".trace");
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        try {
            long warmStart = System.nanoTime();
            for (int round = 0; round < warmup || (System.nanoTime() - warmStart) / 1e6 < warmupMs; round++) {
                once(program, plain, prepared, trace);
            }
            Once last = null;
            for (int round = 0; round < runs; round++) {
                last = once(program, plain, prepared, trace);
                ms[round] = last.wall;
                cpu[round] = last.cpu;
            }
            Map<String, Long> perKind = new LinkedHashMap<>();
            long bytes = 0;
            if (prepared != null) {
                try (TraceReader reader = TraceReader.open(trace)) {
                    TraceStats.of(reader).eventsPerKind().forEach((k, n) -> perKind.put(k.jsonName(), n));
                }
                bytes = Files.size(trace);
            }
            String output = last == null ? null : last.outputSha;
            long events = last == null ? 0 : last.events;
            System.out.println(PREFIX + JSON.writeValueAsString(new ChildResult(ms, cpu, events, bytes, perKind, output)));
        } finally {
            Files.deleteIfExists(trace);
            Files.deleteIfExists(dir);
        }
    }

    /** One run's wall and CPU milliseconds, the events it recorded and the digest of what it printed. */
    private record Once(double wall, double cpu, long events, String outputSha) {
    }

    private static Once once(BenchProgram program, Program plain, WasiRecorder.Prepared prepared, Path trace) throws Exception {
        Files.deleteIfExists(trace); // a recording writes a new file; replacing the last round's is not its cost
        System.gc();
        long c = OS.getProcessCpuTime();
        long t = System.nanoTime();
        RunOutcome outcome;
        long events = 0;
        if (prepared == null) {
            outcome = Sandbox.run(plain, program.options());
        } else {
            WasiRecorder.RecordResult r = prepared.record(program.options(), trace);
            outcome = r.outcome();
            events = r.events();
        }
        double wall = (System.nanoTime() - t) / 1e6;
        double used = (OS.getProcessCpuTime() - c) / 1e6;
        if (outcome.exitCode() != program.expectedExit()) {
            throw new IllegalStateException(program.name() + ": exit " + outcome.exitCode() + ", "
                    + outcome.termination() + " " + outcome.message());
        }
        return new Once(wall, used, events, sha256(outcome.stdoutText()));
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
