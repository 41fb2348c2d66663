package dev.reprise.benchmarks;

import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 5's instrumentation time: {@code RecordingInstrumentation} in each mode on large real
 * binaries (default: the 21.5 MB {@code flite} and the 16.7 MB {@code ruby} of the corpus cache),
 * in-process after a warm-up, median of {@code --runs} (wall and thread CPU time), side by side
 * with binaryen's parse + write of the same file ({@code wasm-opt -all IN -o OUT}, no passes, as a
 * process: start-up included, user + system time beside it).
 *
 * <pre>java -Xss16m -Xmx3g -cp benchmarks/target/benchmarks.jar dev.reprise.benchmarks.InstrumentTime [--runs 5] [flite ruby ...]</pre>
 */
public final class InstrumentTime {
    private InstrumentTime() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else {
                files.add(args[i]);
            }
        }
        if (files.isEmpty()) {
            files = List.of("flite", "ruby");
        }
        String wasmOpt = CodecVsWasmOpt.firstLine("wasm-opt", "--version");
        System.out.printf(Locale.ROOT, "# instrumentation time, %s, %d cores, Java %s, %s, load average %s; median of %d%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), wasmOpt, BenchProgram.loadAverage(), runs);
        System.out.println();
        StringBuilder head = new StringBuilder("| file | size MB | wasm-opt parse+write ms (cpu) |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|");
        for (RecordingMode m : RecordingMode.values()) {
            head.append(" ").append(m.text()).append(" ms (cpu) | ").append(m.text()).append(" MB/s | ").append(m.text())
                    .append(" growth |");
            rule.append("---:|---:|---:|");
        }
        System.out.println(head);
        System.out.println(rule);
        Path tmp = Files.createTempDirectory("reprise-instrument-time");
        for (String f : files) {
            Path in = CodecOps.resolve(f);
            byte[] bytes = Files.readAllBytes(in);
            double mb = bytes.length / 1e6;
            Path out = tmp.resolve(in.getFileName() + ".wasm-opt.wasm");
            List<CodecVsWasmOpt.Timing> opt = new ArrayList<>();
            for (int r = 0; r < Math.max(3, runs / 2); r++) {
                opt.add(CodecVsWasmOpt.timeProcess("wasm-opt", "-all", in.toString(), "-o", out.toString()));
            }
            Files.deleteIfExists(out);
            CodecVsWasmOpt.Timing o = CodecVsWasmOpt.Timing.median(opt);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.1f | %.0f (%.0f) |", f, mb, o.wallMs(), o.cpuMs()));
            for (RecordingMode m : RecordingMode.values()) {
                RecordingInstrumentation pass = new RecordingInstrumentation(m);
                long warmUntil = System.nanoTime() + 5_000_000_000L;
                int outSize = 0;
                while (System.nanoTime() < warmUntil) {
                    outSize = pass.apply(bytes).length;
                }
                double[] wall = new double[runs];
                double[] cpu = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long c = threadCpu();
                    long t = System.nanoTime();
                    outSize = pass.apply(bytes).length;
                    wall[r] = (System.nanoTime() - t) / 1e6;
                    cpu[r] = (threadCpu() - c) / 1e6;
                }
                double w = RecordOverhead.median(wall);
                line.append(String.format(Locale.ROOT, " %.0f (%.0f) | %.0f | %+.1f%% |", w, RecordOverhead.median(cpu), mb / (w / 1000),
                        100.0 * (outSize - bytes.length) / bytes.length));
            }
            System.out.println(line);
        }
        Files.deleteIfExists(tmp);
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

}
