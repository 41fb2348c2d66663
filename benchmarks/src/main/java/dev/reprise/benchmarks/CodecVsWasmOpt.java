package dev.reprise.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Side-by-side speed of reprise's codec and binaryen's {@code wasm-opt -all IN -o OUT} (a read +
 * write round trip with no passes) on the same files, in the same run.
 *
 * <p>For each file: {@code wasm-opt} is run {@code --runs} times as a process (wall time includes
 * process start; user and system CPU time are reported too, wasm-opt may use several threads);
 * reprise's three operations of {@link CodecOps} run in this JVM after a warm-up, each
 * {@code --runs} times, reporting the median wall time and the median CPU time of this thread;
 * the allocation of one {@code visit} is compared with a read that skips every body, which
 * gives the bytes allocated per decoded instruction; and, for fairness, the whole reprise
 * process ({@code java -jar cli/target/reprise.jar rewrite IN -o OUT --reencode}, start-up
 * included) is timed like wasm-opt.
 *
 * <pre>
 * mvn -q -pl cli,benchmarks -am package -DskipTests
 * java -Xss16m -Xmx2g -cp benchmarks/target/benchmarks.jar dev.reprise.benchmarks.CodecVsWasmOpt ruby esbuild pyodide
 * </pre>
 *
 * Options: {@code --runs N} (default 5 for processes, in-process runs are twice that),
 * {@code --warmup-seconds S} (default 5 per operation and file), {@code --cli-jar PATH}
 * (default {@code cli/target/reprise.jar}; the column is skipped when it is absent),
 * {@code --wasm-opt PATH} (default {@code wasm-opt}). Files are corpus names or paths.
 */
public final class CodecVsWasmOpt {
    private static final double MB = 1e6;

    private int runs = 5;
    private double warmupSeconds = 5;
    private Path cliJar = Path.of("cli", "target", "reprise.jar");
    private String wasmOpt = "wasm-opt";
    private final List<String> files = new ArrayList<>();

    /** Median wall and CPU (user + sys) milliseconds, and user milliseconds alone. */
    record Timing(double wallMs, double cpuMs, double userMs) {
        static Timing median(List<Timing> ts) {
            return new Timing(med(ts.stream().mapToDouble(Timing::wallMs).toArray()),
                    med(ts.stream().mapToDouble(Timing::cpuMs).toArray()),
                    med(ts.stream().mapToDouble(Timing::userMs).toArray()));
        }
    }

    record Row(String file, int bytes, long instructions, Timing wasmOpt, Timing copy, Timing visit, Timing reencode,
               Timing cli, double allocPerInsn, long visitAlloc, long skipAlloc) {
    }

    public static void main(String[] args) throws Exception {
        CodecVsWasmOpt c = new CodecVsWasmOpt();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> c.runs = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> c.warmupSeconds = Double.parseDouble(args[++i]);
                case "--cli-jar" -> c.cliJar = Path.of(args[++i]);
                case "--wasm-opt" -> c.wasmOpt = args[++i];
                case "-h", "--help" -> {
                    System.out.println("usage: CodecVsWasmOpt [--runs N] [--warmup-seconds S] [--cli-jar PATH] "
                            + "[--wasm-opt PATH] [FILE...]   (default files: ruby esbuild pyodide)");
                    return;
                }
                default -> c.files.add(args[i]);
            }
        }
        if (c.files.isEmpty()) {
            c.files.addAll(List.of("ruby", "esbuild", "pyodide"));
        }
        c.run();
    }

    private void run() throws IOException, InterruptedException {
        for (String f : files) {
            try {
                CodecOps.resolve(f); // fail early, with the fetch-corpus hint
            } catch (IllegalStateException e) {
                System.err.println("CodecVsWasmOpt: " + e.getMessage());
                System.exit(66);
            }
        }
        System.out.println("# reprise codec vs wasm-opt, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.println("# JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        System.out.println("# " + firstLine(wasmOpt, "--version") + "; load average at start: " + loadAverage());
        System.out.println("# runs: " + runs + " per process, " + 2 * runs + " per in-process operation after "
                + warmupSeconds + " s warm-up; times are medians");
        boolean cli = Files.isRegularFile(cliJar);
        if (!cli) {
            System.out.println("# " + cliJar + " is absent: build it (mvn -q -pl cli -am package -DskipTests) for the process column");
        }
        Path tmp = Files.createTempDirectory("reprise-vs-wasm-opt");
        List<Row> rows = new ArrayList<>();
        try {
            for (String f : files) {
                rows.add(measure(f, tmp, cli));
            }
        } finally {
            try (var s = Files.list(tmp)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
        System.out.println("# load average at end: " + loadAverage());
        System.out.println();
        printTables(rows, cli);
    }

    private Row measure(String name, Path tmp, boolean cli) throws IOException, InterruptedException {
        Path in = CodecOps.resolve(name);
        byte[] wasm = CodecOps.load(name);
        if (!Arrays.equals(wasm, CodecOps.copyThrough(wasm))) {
            throw new IllegalStateException(name + ": copy-through output differs from the input");
        }
        long instructions = CodecOps.instructions(wasm);
        System.out.printf(Locale.ROOT, "# %s: %,d bytes, %,d instructions%n", name, wasm.length, instructions);

        Path out = tmp.resolve(name + ".wasm-opt.wasm");
        List<Timing> wo = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            wo.add(timeProcess(wasmOpt, "-all", in.toString(), "-o", out.toString()));
        }
        Timing wasmOptT = Timing.median(wo);
        System.out.printf(Locale.ROOT, "#   wasm-opt: %.0f ms wall, %.0f ms user%n", wasmOptT.wallMs, wasmOptT.userMs);

        Timing copy = inProcess("copy-through", wasm, w -> CodecOps.copyThrough(w).length);
        Timing visit = inProcess("visit", wasm, CodecOps::visit);
        Timing reencode = inProcess("re-encode", wasm, w -> CodecOps.reencode(w).length);

        // Allocation: a visit against a read that skips every body (same sections, no instruction decoded).
        long visitAlloc = Long.MAX_VALUE;
        long skipAlloc = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            visitAlloc = Math.min(visitAlloc, allocated(wasm, CodecOps::visit));
            skipAlloc = Math.min(skipAlloc, allocated(wasm, CodecOps::skipBodies));
        }
        double perInsn = (double) (visitAlloc - skipAlloc) / instructions;
        System.out.printf(Locale.ROOT, "#   allocation: visit %,d B, bodies skipped %,d B, difference per instruction %.4f B%n",
                visitAlloc, skipAlloc, perInsn);

        Timing cliT = null;
        if (cli) {
            Path cliOut = tmp.resolve(name + ".reprise.wasm");
            List<Timing> ct = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ct.add(timeProcess(javaBinary(), "-Xss16m", "-jar", cliJar.toString(), "rewrite", in.toString(),
                        "-o", cliOut.toString(), "--reencode"));
            }
            cliT = Timing.median(ct);
            System.out.printf(Locale.ROOT, "#   reprise rewrite --reencode (process): %.0f ms wall, %.0f ms user%n",
                    cliT.wallMs, cliT.userMs);
        }
        return new Row(name, wasm.length, instructions, wasmOptT, copy, visit, reencode, cliT, perInsn, visitAlloc, skipAlloc);
    }

    private Timing inProcess(String label, byte[] wasm, ToLongFunction<byte[]> op) {
        com.sun.management.ThreadMXBean mx = threadBean();
        long sink = 0;
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warm = 0;
        while (warm < 5 || System.nanoTime() < warmEnd) {
            sink += op.applyAsLong(wasm);
            warm++;
        }
        System.gc();
        List<Timing> ts = new ArrayList<>();
        for (int i = 0; i < 2 * runs; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long u0 = mx.getCurrentThreadUserTime();
            long t0 = System.nanoTime();
            sink += op.applyAsLong(wasm);
            long t1 = System.nanoTime();
            ts.add(new Timing((t1 - t0) / 1e6, (mx.getCurrentThreadCpuTime() - c0) / 1e6,
                    (mx.getCurrentThreadUserTime() - u0) / 1e6));
        }
        Timing t = Timing.median(ts);
        System.out.printf(Locale.ROOT, "#   %s: %.1f ms wall, %.1f ms cpu (%d warm-up runs, sink %d)%n",
                label, t.wallMs, t.cpuMs, warm, sink & 0xFF);
        return t;
    }

    private static long allocated(byte[] wasm, ToLongFunction<byte[]> op) {
        com.sun.management.ThreadMXBean mx = threadBean();
        long id = Thread.currentThread().getId();
        long a0 = mx.getThreadAllocatedBytes(id);
        op.applyAsLong(wasm);
        return mx.getThreadAllocatedBytes(id) - a0;
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    /** Runs a command under bash's {@code time}: real, user and system seconds of the whole process. */
    static Timing timeProcess(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                "TIMEFORMAT='%R %U %S'; { time \"$@\" >/dev/null 2>&3 ; } 3>/dev/null 2>&1", "timed"));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int rc = p.waitFor();
        String[] lines = outText.split("\n");
        String[] f = lines[lines.length - 1].trim().split("\\s+");
        if (rc != 0 || f.length != 3) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + rc + "): " + outText);
        }
        double real = Double.parseDouble(f[0]) * 1000;
        double user = Double.parseDouble(f[1]) * 1000;
        double sys = Double.parseDouble(f[2]) * 1000;
        return new Timing(real, user + sys, user);
    }

    private void printTables(List<Row> rows, boolean cli) {
        System.out.println("Wall clock (medians; wasm-opt and reprise process include process start, the three "
                + "reprise operations are in-process after warm-up):");
        System.out.println();
        System.out.println("| file | size | wasm-opt ms (user ms) | copy-through ms | MB/s | visit ms | MB/s "
                + "| re-encode ms | MB/s | wasm-opt / re-encode |" + (cli ? " reprise process --reencode ms (user ms) |" : ""));
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + (cli ? "---:|" : ""));
        for (Row r : rows) {
            double mb = r.bytes / MB;
            System.out.printf(Locale.ROOT, "| %s | %.1f MB | %.0f (%.0f) | %.1f | %.0f | %.1f | %.0f | %.1f | %.0f | %.1fx |%s%n",
                    r.file, mb, r.wasmOpt.wallMs, r.wasmOpt.userMs,
                    r.copy.wallMs, mb / (r.copy.wallMs / 1000),
                    r.visit.wallMs, mb / (r.visit.wallMs / 1000),
                    r.reencode.wallMs, mb / (r.reencode.wallMs / 1000),
                    r.wasmOpt.wallMs / r.reencode.wallMs,
                    r.cli == null ? "" : String.format(Locale.ROOT, " %.0f (%.0f) |", r.cli.wallMs, r.cli.userMs));
        }
        System.out.println();
        System.out.println("CPU time (medians; wasm-opt: user + sys of the process, all threads; reprise: this thread):");
        System.out.println();
        System.out.println("| file | wasm-opt cpu ms | copy-through cpu ms | MB/s | visit cpu ms | MB/s | re-encode cpu ms "
                + "| MB/s | wasm-opt / re-encode (cpu) | instructions | visit alloc B (bodies skipped B) | B / instruction |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            double mb = r.bytes / MB;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.0f | %.1f | %.0f | %.1f | %.0f | %.1fx | %,d | %,d (%,d) | %.4f |%n",
                    r.file, r.wasmOpt.cpuMs,
                    r.copy.cpuMs, mb / (r.copy.cpuMs / 1000),
                    r.visit.cpuMs, mb / (r.visit.cpuMs / 1000),
                    r.reencode.cpuMs, mb / (r.reencode.cpuMs / 1000),
                    r.wasmOpt.cpuMs / r.reencode.cpuMs, r.instructions, r.visitAlloc, r.skipAlloc, r.allocPerInsn);
        }
    }

    private static double med(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }

    static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return s.isEmpty() ? command[0] : s.lines().findFirst().orElse(command[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(command[0] + " not found (install binaryen)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return command[0];
        }
    }
}
