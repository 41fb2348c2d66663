package dev.reprise.benchmarks;

import dev.reprise.runtime.Engine;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CPU-heavy WASI programs of {@code benchmarks/programs} under reprise's runtime and
 * under node:wasi in the same run and prints a table: node and reprise as whole processes
 * (median of 5, start-up included), reprise start-up (parse + compile, in-process), reprise
 * steady-state run (in-process, after warm-up, median of 5), and reprise with preemption points
 * forced on (the cost of the scheduler's checks).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.reprise.benchmarks.RuntimeVsNode [programs dir]</pre>
 */
public final class RuntimeVsNode {
    private static final String[][] PROGRAMS = {{"fib", "35"}, {"mandelbrot", "1200"}, {"matmul", "400"}, {"hash", "32"}};
    private static final int RUNS = 5;

    private RuntimeVsNode() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args.length > 0 ? args[0] : "benchmarks/programs");
        System.out.println("| program | node process ms | reprise process ms | reprise start-up ms | reprise run ms | run / node | with preemption points ms | preemption cost |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String[] p : PROGRAMS) {
            Path wasm = dir.resolve(p[0] + ".wasm");
            byte[] bytes = Files.readAllBytes(wasm);
            double node = median(processRuns(List.of(dev.reprise.record.host.NodeRecorder.nodeExecutable(), "--no-warnings", dir.resolve("run-node.mjs").toString(), wasm.toString(), p[1])));
            double process = median(processRuns(List.of("java", "-jar", "cli/target/reprise.jar", "run", wasm.toString(), "--", p[1])));
            long t0 = System.nanoTime();
            Program plain = Program.of(bytes, p[0] + ".wasm", Program.PREEMPT_OFF);
            plain.machineFactory(Engine.COMPILER);
            double startup = (System.nanoTime() - t0) / 1e6;
            double run = median(runs(plain, p[1]));
            Program preempt = Program.of(bytes, p[0] + ".wasm", dev.reprise.transform.PreemptionPass.DEFAULT_BUDGET);
            double withPreempt = median(runs(preempt, p[1]));
            System.out.printf("| %s %s | %.0f | %.0f | %.0f | %.0f | %.2fx | %.0f | %+.1f%% |%n", p[0], p[1], node, process, startup, run, run / node,
                    withPreempt, (withPreempt / run - 1) * 100);
        }
        System.out.println("failed process runs (retried): " + crashes);
    }

    private static double[] runs(Program program, String arg) {
        RunOptions options = RunOptions.builder().arg(arg).stdout(new ByteArrayOutputStream()).build();
        check(Sandbox.run(program, options)); // warm-up
        check(Sandbox.run(program, options));
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            check(Sandbox.run(program, options));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static void check(RunOutcome o) {
        if (o.exitCode() != 0) {
            throw new IllegalStateException("run failed: " + o.termination() + " " + o.message());
        }
    }

    /** Process runs that failed (e.g. node 20 segfaults at exit on hash 32), retried up to 3 times each. */
    private static int crashes;

    private static double[] processRuns(List<String> cmd) throws Exception {
        double[] ms = new double[RUNS];
        for (int i = 0, attempts = 0; i < RUNS; attempts++) {
            long t = System.nanoTime();
            Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(pr.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!pr.waitFor(300, TimeUnit.SECONDS) || pr.exitValue() != 0) {
                crashes++;
                System.err.println("run failed (exit " + pr.exitValue() + "), retrying: " + String.join(" ", cmd));
                if (attempts >= 3 * RUNS) {
                    throw new IllegalStateException("failed: " + String.join(" ", cmd) + ": " + out.strip());
                }
                continue;
            }
            ms[i++] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
