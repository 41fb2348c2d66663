package dev.reprise.benchmarks;

import dev.reprise.runtime.Engine;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.check.CheckOptions;
import dev.reprise.runtime.check.CheckReport;
import dev.reprise.runtime.check.ModelChecker;
import dev.reprise.runtime.check.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Figures of the model checker on the fixtures of {@code runtime/src/test/resources/fixtures/check}:
 * executions per second (plain runs and checker executions, compiler and interpreter, after a
 * warm-up), executions to exhaust each fixture with and without reduction, and time and
 * executions to the first bug for dfs, random and pct. Run from the repository root:
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -Xss16m -Xmx2g -cp benchmarks/target/benchmarks.jar dev.reprise.benchmarks.CheckBench [FIXTURE_DIR] [--speed-only]
 * </pre>
 */
public final class CheckBench {
    private CheckBench() {
    }

    public static void main(String[] args) {
        boolean speedOnly = args.length > 0 && args[args.length - 1].equals("--speed-only");
        int n = speedOnly ? args.length - 1 : args.length;
        Path dir = Path.of(n > 0 ? args[0] : "runtime/src/test/resources/fixtures/check");
        if (!Files.isDirectory(dir)) {
            System.err.println("CheckBench: no fixture directory " + dir + " (run from the repository root or pass it)");
            System.exit(66);
        }
        speed(dir);
        if (speedOnly) {
            return;
        }
        exhaust(dir);
        firstBug(dir);
    }

    private static Program load(Path dir, String name) {
        return Program.load(dir.resolve(name + ".wasm"));
    }

    private static void speed(Path dir) {
        Program racy = load(dir, "racy_counter");
        System.out.println("== executions per second (racy_counter: 2 threads, 130 interleavings without reduction)");
        for (Engine e : Engine.values()) {
            RunOptions ro = RunOptions.builder().engine(e).build();
            long end = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < end) { // warm-up
                ModelChecker.check(racy, CheckOptions.builder().run(ro).reduction(false).stopAtFirst(false).minimize(false)
                        .build());
                Sandbox.run(racy, ro);
            }
            int n = 3000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Sandbox.run(racy, ro);
            }
            double plain = n / ((System.nanoTime() - t0) / 1e9);
            long execs = 0;
            long t1 = System.nanoTime();
            while (execs < 3000) {
                execs += ModelChecker.check(racy, CheckOptions.builder().run(ro).reduction(false).stopAtFirst(false)
                        .minimize(false).build()).executions();
            }
            double noRed = execs / ((System.nanoTime() - t1) / 1e9);
            execs = 0;
            long t2 = System.nanoTime();
            while (execs < 3000) {
                execs += ModelChecker.check(racy, CheckOptions.builder().run(ro).stopAtFirst(false).minimize(false)
                        .build()).executions();
            }
            double red = execs / ((System.nanoTime() - t2) / 1e9);
            execs = 0;
            long t3 = System.nanoTime();
            while (execs < 3000) {
                execs += ModelChecker.check(racy, CheckOptions.builder().run(ro).reduction(false).stopAtFirst(false)
                        .minimize(false).jobs(2).splitDepth(3).build()).executions();
            }
            double jobs = execs / ((System.nanoTime() - t3) / 1e9);
            System.out.printf(Locale.ROOT, "%-11s plain Sandbox.run %,6.0f/s | dfs --no-reduction %,6.0f/s | dfs with "
                    + "footprints %,6.0f/s | --no-reduction --jobs 2 %,6.0f/s%n", e.name().toLowerCase(Locale.ROOT), plain,
                    noRed, red, jobs);
        }
    }

    private static void exhaust(Path dir) {
        System.out.println("== executions to exhaust (dfs, --all, no minimisation)");
        System.out.printf(Locale.ROOT, "%-14s %12s %10s %12s %10s %8s%n", "fixture", "reduction", "time", "no-reduction",
                "time", "ratio");
        for (String f : new String[] {"racy_counter", "mutex_counter", "lost_wakeup", "abba", "three_threads"}) {
            Program p = load(dir, f);
            CheckReport r = ModelChecker.check(p, CheckOptions.builder().stopAtFirst(false).minimize(false).build());
            CheckReport n = ModelChecker.check(p, CheckOptions.builder().reduction(false).stopAtFirst(false).minimize(false)
                    .build());
            System.out.printf(Locale.ROOT, "%-14s %,12d %9.2fs %,12d %9.2fs %7.1fx  (complete: %s/%s, failures %d/%d)%n", f,
                    r.executions(), r.elapsedNanos() / 1e9, n.executions(), n.elapsedNanos() / 1e9,
                    (double) n.executions() / r.executions(), r.complete(), n.complete(), r.failures().size(),
                    n.failures().size());
        }
    }

    private static void firstBug(Path dir) {
        System.out.println("== time to the first bug (no minimisation; random/pct: mean over seeds 0..9)");
        for (String f : new String[] {"racy_counter", "lost_wakeup", "abba"}) {
            Program p = load(dir, f);
            for (Strategy s : Strategy.values()) {
                int seeds = s == Strategy.DFS ? 1 : 10;
                long execs = 0;
                long nanos = 0;
                int found = 0;
                for (int seed = 0; seed < seeds; seed++) {
                    CheckReport r = ModelChecker.check(p, CheckOptions.builder().strategy(s).seed(seed).minimize(false)
                            .maxExecutions(20_000).build());
                    execs += r.executions();
                    nanos += r.elapsedNanos();
                    found += r.failed() ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%-14s %-7s found %d/%d, %,8.1f executions, %8.1f ms%n", f,
                        s.name().toLowerCase(Locale.ROOT), found, seeds, (double) execs / seeds, nanos / 1e6 / seeds);
            }
        }
    }
}
