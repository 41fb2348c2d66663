package dev.reprise.benchmarks;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Recording overhead: recorded run time / uninstrumented run time, same engine (compiler),
 * in-process after warm-up (instrumentation and compilation done once, outside the timing, as
 * for the uninstrumented program), median of 5, for the default shadow mode and {@code --full};
 * plus trace size and events per second. Programs: NAME=ARG pairs from benchmarks/programs.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.reprise.benchmarks.RecordOverhead fib=35 mandelbrot=1200</pre>
 */
public final class RecordOverhead {
    private static final int RUNS = 5;

    private RecordOverhead() {
    }

    public static void main(String[] args) throws Exception {
        String[] programs = args.length > 0 ? args : new String[] {"fib=32", "mandelbrot=600", "matmul=200", "hash=16"};
        Path dir = Paths.get("benchmarks/programs");
        Path traces = Files.createTempDirectory("reprise-overhead");
        System.out.println("| program | plain ms | recorded ms | overhead | --full ms | --full overhead | trace bytes | events | --full events |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String p : programs) {
            String[] kv = p.split("=", 2);
            Path candidate = dir.resolve(kv[0] + ".wasm");
            Path wasm = Files.exists(candidate) ? candidate : Paths.get(kv[0]);
            byte[] bytes = Files.readAllBytes(wasm);
            RunOptions options = RunOptions.builder().args(kv.length > 1 ? Arrays.asList(kv[1].split(" ")) : java.util.List.of())
                    .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream()).build();
            Program plain = Program.of(bytes, wasm.getFileName().toString());
            double base = median(() -> check(Sandbox.run(plain, options)));
            Path trace = traces.resolve(kv[0] + ".trace");
            long[] events = new long[2];
            WasiRecorder.Prepared shadow = WasiRecorder.prepare(bytes, wasm.getFileName().toString(), false);
            WasiRecorder.Prepared every = WasiRecorder.prepare(bytes, wasm.getFileName().toString(), true);
            double rec = median(() -> events[0] = check(shadow.record(options, trace)));
            long traceBytes = Files.size(trace);
            double full = median(() -> events[1] = check(every.record(options, trace)));
            System.out.printf("| %s | %.0f | %.0f | %.2fx | %.0f | %.2fx | %,d | %,d | %,d |%n", p, base, rec, rec / base, full, full / base,
                    traceBytes, events[0], events[1]);
        }
    }

    private interface Run {
        void run() throws Exception;
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

    private static long check(RunOutcome o) {
        if (o.exitCode() != 0) {
            throw new IllegalStateException("run failed: " + o.termination() + " " + o.message());
        }
        return 0;
    }

    private static long check(WasiRecorder.RecordResult r) {
        check(r.outcome());
        return r.events();
    }
}
