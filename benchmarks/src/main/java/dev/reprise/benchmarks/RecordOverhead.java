package dev.reprise.benchmarks;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.TraceStats;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.transform.record.RecordingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 5's recording overhead: recorded run time / uninstrumented run time on the same engine
 * (Endive's compiler, in-process), per program, for the host, shadow and
 * full modes; trace bytes and events written per second of recorded run; the median and the worst
 * ratio per mode. Instrumentation and compilation happen once per mode, outside the timing, as
 * for the uninstrumented program; each timed recording writes its trace to a file. By default
 * ({@code --forks N}, N &gt; 0) each mode and the plain run are timed in N fresh JVMs of their own,
 * each warmed up for {@code --warmup} rounds and at least {@code --warmup-ms} (the recorder's
 * code, like the engine's, is then compiled by the JIT); with {@code --forks 0} all modes share
 * one JVM and are timed round-robin (plain, host, shadow, full, plain, ...) after warm-up rounds. Each run follows a
 * {@code System.gc()}, median of {@code --runs}, wall-clock and process CPU time (the machine may
 * be shared: CPU time is the steadier figure); every recorded run's output must equal the plain
 * run's.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.reprise.benchmarks.RecordOverhead [--runs 5] [--warmup 2]
 *     [--warmup-ms 3000] [--forks 2] [--modes host,shadow,full] [--max-full-ms 20000] [PROGRAM[=ARGS] ...]</pre>
 *
 * Programs are the WASI entries of {@code benchmarks/corpus/programs.json} (committed programs and
 * corpus binaries with their arguments, directories, stdin and environment; compute kernels get
 * the larger arguments of {@link #LONGER} so that a run lasts long enough to time), or paths to
 * WASI commands; {@code =ARGS} replaces the arguments. Without programs: every WASI entry whose
 * binary is present. Full mode is skipped for a program once one of its full runs took longer
 * than {@code --max-full-ms}.
 */
public final class RecordOverhead {
    /** Arguments for the compute kernels that make a plain run last a few hundred milliseconds. */
    static final Map<String, List<String>> LONGER = Map.of("fib", List.of("35"), "mandelbrot", List.of("600"),
            "matmul", List.of("200"), "hash", List.of("16"), "simd", List.of("2000000"));

    private int runs = 5;
    private int forks = 2;
    private String child;
    private int warmup = 2;
    /** Forked measurement: each child warms up for at least this long (and {@code warmup} rounds). */
    private long warmupMs = 3000;
    private long maxFullMs = 20_000;
    private List<RecordingMode> modes = List.of(RecordingMode.HOST, RecordingMode.SHADOW, RecordingMode.FULL);

    private RecordOverhead() {
    }

    /** One mode's figures for one program: median wall and process CPU milliseconds, what it wrote. */
    record ModeResult(double ms, double cpuMs, long events, long traceBytes, Map<String, Long> eventsPerKind) {
    }

    /** One program's figures. */
    record Row(String name, String kind, double plainMs, double plainCpuMs, Map<RecordingMode, ModeResult> modes) {
        Double ratio(RecordingMode m) {
            ModeResult r = modes.get(m);
            return r == null ? null : r.ms() / plainMs;
        }

        /** Null when the plain run's CPU time is too short for the process CPU clock's resolution (10 ms ticks on some kernels). */
        Double cpuRatio(RecordingMode m) {
            ModeResult r = modes.get(m);
            return r == null || plainCpuMs < MIN_CPU_MS ? null : r.cpuMs() / plainCpuMs;
        }
    }

    /** Plain runs shorter than this in CPU time get no CPU ratio: the process CPU clock may tick every 10 ms. */
    static final double MIN_CPU_MS = 50;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println("usage: java -cp benchmarks.jar dev.reprise.benchmarks.RecordOverhead [--runs N] [--warmup N]"
                    + " [--warmup-ms MS] [--forks N] [--modes host,shadow,full] [--max-full-ms MS] [PROGRAM[=ARGS] ...]\n"
                    + "Times each program plain and recorded in each mode (see the class Javadoc); programs are names from"
                    + " benchmarks/corpus/programs.json or paths to WASI commands.");
            return;
        }
        RecordOverhead o = new RecordOverhead();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> o.runs = Integer.parseInt(args[++i]);
                case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                case "--warmup-ms" -> o.warmupMs = Long.parseLong(args[++i]);
                case "--max-full-ms" -> o.maxFullMs = Long.parseLong(args[++i]);
                case "--modes" -> o.modes = Arrays.stream(args[++i].split(",")).map(RecordingMode::of).toList();
                case "--forks" -> o.forks = Integer.parseInt(args[++i]);
                case "--child" -> o.child = args[++i];
                default -> names.add(args[i]);
            }
        }
        List<BenchProgram> programs = BenchProgram.wasiPrograms(names, LONGER);
        if (o.child != null) {
            ForkedMeasurement.child(programs.get(0), o.child.equals("plain") ? null : RecordingMode.of(o.child), o.runs,
                    o.warmup, o.warmupMs);
            return;
        }
        System.out.printf(Locale.ROOT, "# recording overhead, %s, %d cores, Java %s, load average %s; median of %d after %d warm-up"
                + " rounds%s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), BenchProgram.loadAverage(), o.runs, o.warmup,
                o.forks > 0 ? String.format(Locale.ROOT, " and at least %d ms per JVM, %d JVMs per mode", o.warmupMs, o.forks)
                        : String.format(Locale.ROOT, " and at least %d ms, all modes in one JVM, interleaved", o.warmupMs));
        List<Row> rows = new ArrayList<>();
        for (BenchProgram p : programs) {
            System.out.printf("# %s %s%n", p.name(), String.join(" ", p.args()));
            try {
                rows.add(o.forks > 0 ? o.measureForked(p, names.isEmpty() ? p.name() : requestFor(names, p)) : o.measure(p));
            } catch (RuntimeException e) {
                // e.g. SIMD, which Endive 1.0.0's compiler rejects: the program is left out, saying why
                System.out.printf("#   skipped: %s%n", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
        o.print(rows);
    }

    private static String requestFor(List<String> names, BenchProgram p) {
        return names.stream().filter(n -> n.split("=", 2)[0].equals(p.name()) || n.endsWith(p.name() + ".wasm")
                || n.contains("/" + p.name() + ".wasm")).findFirst().orElse(p.name());
    }

    /**
     * Each mode (and the plain run) in fresh JVMs, {@code forks} times round-robin: the engine's
     * shared memory-access call sites then see one memory class per process, as in a real
     * {@code reprise run} or {@code reprise record}, instead of a profile polluted by the others.
     */
    private Row measureForked(BenchProgram p, String request) throws Exception {
        List<String> all = new ArrayList<>(List.of("plain"));
        modes.forEach(m -> all.add(m.text()));
        Map<String, List<ForkedMeasurement.ChildResult>> byMode = new java.util.LinkedHashMap<>();
        for (int f = 0; f < forks; f++) {
            for (String mode : List.copyOf(all)) {
                ForkedMeasurement.ChildResult r = ForkedMeasurement.fork(request, mode, runs, warmup, warmupMs);
                byMode.computeIfAbsent(mode, k -> new ArrayList<>()).add(r);
                if (mode.equals("full") && r.medianMs() > maxFullMs) {
                    System.out.printf(Locale.ROOT, "#   full mode took %.0f ms: not timed further%n", r.medianMs());
                    all.remove(mode);
                }
            }
        }
        String plainOut = byMode.get("plain").get(0).outputSha();
        double plainMs = ForkedMeasurement.median(byMode.get("plain"), false);
        double plainCpuMs = ForkedMeasurement.median(byMode.get("plain"), true);
        Map<RecordingMode, ModeResult> results = new EnumMap<>(RecordingMode.class);
        for (RecordingMode m : modes) {
            List<ForkedMeasurement.ChildResult> rs = byMode.get(m.text());
            for (ForkedMeasurement.ChildResult r : rs) {
                if (!r.outputSha().equals(plainOut)) {
                    throw new IllegalStateException(p.name() + " (" + m.text() + "): the recorded run printed something else"
                            + " than the plain run");
                }
            }
            ForkedMeasurement.ChildResult last = rs.get(rs.size() - 1);
            ModeResult mr = new ModeResult(ForkedMeasurement.median(rs, false), ForkedMeasurement.median(rs, true),
                    last.events(), last.traceBytes(), last.eventsPerKind());
            results.put(m, mr);
            System.out.printf(Locale.ROOT, "#   %s: %.1f ms (plain %.1f), cpu %.0f ms (plain %.0f), %,d events, %,d bytes; %s%n",
                    m.text(), mr.ms(), plainMs, mr.cpuMs(), plainCpuMs, mr.events(), mr.traceBytes(), mr.eventsPerKind());
        }
        return new Row(p.name(), p.kind(), plainMs, plainCpuMs, results);
    }

    private Row measure(BenchProgram p) throws Exception {
        Path traces = Files.createTempDirectory("reprise-overhead");
        Program plain = Program.of(p.bytes(), p.name());
        Map<RecordingMode, WasiRecorder.Prepared> prepared = new EnumMap<>(RecordingMode.class);
        for (RecordingMode m : modes) {
            prepared.put(m, WasiRecorder.prepare(p.bytes(), p.name(), m));
        }
        String expected = null;
        Map<RecordingMode, double[]> times = new EnumMap<>(RecordingMode.class);
        Map<RecordingMode, double[]> cpuTimes = new EnumMap<>(RecordingMode.class);
        double[] plainTimes = new double[runs];
        double[] plainCpu = new double[runs];
        Map<RecordingMode, long[]> events = new EnumMap<>(RecordingMode.class);
        List<RecordingMode> active = new ArrayList<>(modes);
        long warmStart = System.nanoTime();
        int warmed = 0;
        for (int round = 0; round < runs; ) {
            // warm-up: --warmup rounds and at least --warmup-ms, so that the recorder's code is compiled too
            boolean timing = warmed >= warmup && (System.nanoTime() - warmStart) / 1e6 >= warmupMs;
            System.gc(); // no run pays for the garbage of the one before it (full mode leaves hundreds of MB)
            long c = OS.getProcessCpuTime();
            long t = System.nanoTime();
            RunOutcome base = Sandbox.run(plain, p.options());
            double ms = (System.nanoTime() - t) / 1e6;
            double cpu = (OS.getProcessCpuTime() - c) / 1e6;
            String out = check(p, "plain", base, null);
            expected = expected == null ? out : expected;
            if (timing) {
                plainTimes[round] = ms;
                plainCpu[round] = cpu;
            }
            for (RecordingMode m : List.copyOf(active)) {
                Path trace = traces.resolve(p.name() + "." + m.text() + ".trace");
                Files.deleteIfExists(trace); // a recording writes a new file; replacing the last round's is not its cost
                System.gc();
                c = OS.getProcessCpuTime();
                t = System.nanoTime();
                WasiRecorder.RecordResult r = prepared.get(m).record(p.options(), trace);
                ms = (System.nanoTime() - t) / 1e6;
                cpu = (OS.getProcessCpuTime() - c) / 1e6;
                check(p, m.text(), r.outcome(), expected);
                if (timing) {
                    times.computeIfAbsent(m, k -> new double[runs])[round] = ms;
                    cpuTimes.computeIfAbsent(m, k -> new double[runs])[round] = cpu;
                    events.computeIfAbsent(m, k -> new long[1])[0] = r.events();
                }
                if (m == RecordingMode.FULL && ms > maxFullMs) {
                    System.out.printf(Locale.ROOT, "#   full mode took %.0f ms: not timed further%n", ms);
                    active.remove(m);
                    times.remove(m);
                    cpuTimes.remove(m);
                }
            }
            if (timing) {
                round++;
            } else {
                warmed++;
            }
        }
        double plainMs = median(plainTimes);
        double plainCpuMs = median(plainCpu);
        Map<RecordingMode, ModeResult> results = new EnumMap<>(RecordingMode.class);
        for (RecordingMode m : modes) {
            if (!times.containsKey(m)) {
                continue;
            }
            Path trace = traces.resolve(p.name() + "." + m.text() + ".trace");
            Map<String, Long> perKind = new java.util.LinkedHashMap<>();
            try (TraceReader reader = TraceReader.open(trace)) {
                TraceStats.of(reader).eventsPerKind().forEach((k, n) -> perKind.put(k.jsonName(), n));
            }
            results.put(m, new ModeResult(median(times.get(m)), median(cpuTimes.get(m)), events.get(m)[0], Files.size(trace),
                    perKind));
            System.out.printf(Locale.ROOT, "#   %s: %.1f ms (plain %.1f), cpu %.0f ms (plain %.0f), %,d events, %,d bytes; %s%n",
                    m.text(), median(times.get(m)), plainMs, median(cpuTimes.get(m)), plainCpuMs, events.get(m)[0],
                    Files.size(trace), perKind);
        }
        for (RecordingMode m : modes) {
            Files.deleteIfExists(traces.resolve(p.name() + "." + m.text() + ".trace"));
        }
        Files.deleteIfExists(traces);
        return new Row(p.name(), p.kind(), plainMs, plainCpuMs, results);
    }

    private static String check(BenchProgram p, String mode, RunOutcome o, String expected) {
        if (o.exitCode() != p.expectedExit()) {
            throw new IllegalStateException(p.name() + " (" + mode + "): exit " + o.exitCode() + ", " + o.termination() + " "
                    + o.message());
        }
        String out = o.stdoutText();
        if (expected != null && !expected.equals(out)) {
            throw new IllegalStateException(p.name() + " (" + mode + "): the recorded run printed something else than the"
                    + " plain run");
        }
        return out;
    }

    private void print(List<Row> rows) {
        StringBuilder head = new StringBuilder("| program | kind | plain ms (cpu) |");
        StringBuilder rule = new StringBuilder("|---|---|---:|");
        for (RecordingMode m : modes) {
            head.append(" ").append(m.text()).append(" ms (cpu) | ").append(m.text()).append(" x (cpu x) |");
            rule.append("---:|---:|");
        }
        for (RecordingMode m : modes) {
            head.append(" ").append(m.text()).append(" trace KB/s | ").append(m.text()).append(" events/s |");
            rule.append("---:|---:|");
        }
        System.out.println();
        System.out.println(head);
        System.out.println(rule);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %.0f (%.0f) |", r.name(), r.kind(),
                    r.plainMs(), r.plainCpuMs()));
            for (RecordingMode m : modes) {
                ModeResult mr = r.modes().get(m);
                line.append(mr == null ? " - | - |" : String.format(Locale.ROOT, " %.0f (%.0f) | %.2fx (%s) |", mr.ms(), mr.cpuMs(),
                        r.ratio(m), r.cpuRatio(m) == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", r.cpuRatio(m))));
            }
            for (RecordingMode m : modes) {
                ModeResult mr = r.modes().get(m);
                line.append(mr == null ? " - | - |" : String.format(Locale.ROOT, " %,.0f | %,.0f |",
                        mr.traceBytes() / 1024.0 / (mr.ms() / 1000), mr.events() / (mr.ms() / 1000)));
            }
            System.out.println(line);
        }
        System.out.println();
        System.out.println("| mode | programs | median overhead (wall) | worst (wall) | median (cpu) | worst (cpu) | Wasm-R3 (paper) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (RecordingMode m : modes) {
            List<Row> with = rows.stream().filter(r -> r.modes().containsKey(m)).toList();
            if (with.isEmpty()) {
                continue;
            }
            Row worst = with.stream().max((a, b) -> Double.compare(a.ratio(m), b.ratio(m))).orElseThrow();
            List<Row> timed = with.stream().filter(r -> r.cpuRatio(m) != null).toList();
            String cpu = "n/a | n/a";
            if (!timed.isEmpty()) {
                Row worstCpu = timed.stream().max((a, b) -> Double.compare(a.cpuRatio(m), b.cpuRatio(m))).orElseThrow();
                cpu = String.format(Locale.ROOT, "%.2fx | %.2fx (%s)", median(timed.stream().mapToDouble(r -> r.cpuRatio(m))
                        .toArray()), worstCpu.cpuRatio(m), worstCpu.name());
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.2fx | %.2fx (%s) | %s | 3.8x median, 16.8x worst |%n",
                    m.text(), with.size(), median(with.stream().mapToDouble(r -> r.ratio(m)).toArray()), worst.ratio(m),
                    worst.name(), cpu);
        }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
