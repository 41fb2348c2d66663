package dev.reprise.runtime.check;

import dev.reprise.runtime.Program;
import dev.reprise.runtime.check.internal.BfsExplorer;
import dev.reprise.runtime.check.internal.DfsExplorer;
import dev.reprise.runtime.check.internal.Minimizer;
import dev.reprise.runtime.check.internal.RandomExplorer;
import dev.reprise.runtime.check.internal.Runner;
import dev.reprise.runtime.check.internal.Tally;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Explores the decision tree of a program: every decision of the deterministic runtime (which
 * runnable thread runs at a switch point, which waiters a notify wakes, the value of
 * {@code model_checker_select}) is a branch point. A failure is a trap (including a failed
 * {@code reprise.assert} and {@code unreachable}), a non-zero exit, a deadlock or an exhausted
 * instruction budget; each comes with the decision list that reproduces it
 * ({@code reprise run PROG --schedule ...}), shrunk unless minimisation is off.
 *
 * <pre>{@code
 * CheckReport r = ModelChecker.check(Program.load(path), CheckOptions.builder().build());
 * if (r.failed()) System.out.println(r.failures().get(0).scheduleText());
 * }</pre>
 *
 * The program is parsed and compiled once and shared by every execution (and job). The
 * exploration order depends only on the program and the options, never on the wall clock
 * (which only decides when a time limit stops the search).
 */
public final class ModelChecker {
    private static final int MINIMIZE_BUDGET = 400;
    private static final int MINIMIZE_AT_MOST = 5;

    private ModelChecker() {
    }

    /** Runs the search. */
    public static CheckReport check(Program program, CheckOptions options) {
        Runner runner = new Runner(program, options.run());
        Tally tally = new Tally(options);
        if (options.strategy() == Strategy.DFS) {
            dfs(runner, tally, options);
        } else if (options.strategy() == Strategy.BFS) {
            new BfsExplorer(runner, tally).explore();
        } else {
            tally.limit(Limit.RANDOMISED);
            RandomExplorer explorer = new RandomExplorer(runner, tally);
            parallel(options.jobs(), explorer::work);
        }
        if (options.minimize()) {
            Minimizer m = new Minimizer(runner, MINIMIZE_BUDGET);
            List<Failure> found = tally.failures();
            java.util.Set<List<Integer>> seen = new java.util.HashSet<>();
            for (int i = 0; i < Math.min(found.size(), MINIMIZE_AT_MOST); i++) {
                Failure small = m.minimize(found.get(i));
                if (seen.add(java.util.Arrays.stream(small.schedule()).boxed().toList())) {
                    tally.replace(found.get(i), small);
                } else {
                    tally.remove(found.get(i)); // shrinks to a failure already reported
                }
            }
            tally.minimization(m.runs());
        }
        return tally.report();
    }

    private static void dfs(Runner runner, Tally tally, CheckOptions o) {
        int bound = o.preemptionBound();
        int from = bound < 0 ? -1 : 0;
        for (int b = from; b <= bound || b == -1; b++) {
            tally.takeBoundHit();
            if (o.jobs() == 1 && o.shardCount() == 1) {
                new DfsExplorer(runner, tally, o.reduction(), b, List.of()).explore();
            } else {
                splitAndExplore(runner, tally, o, b);
            }
            boolean hit = tally.takeBoundHit();
            if (b == -1 || tally.stopped()) {
                if (hit) {
                    tally.limit(Limit.PREEMPTION_BOUND);
                }
                return;
            }
            if (!hit) {
                return; // a larger bound would explore nothing new
            }
            if (b == bound) {
                tally.limit(Limit.PREEMPTION_BOUND);
            }
        }
    }

    /** Deals the prefixes at the split depth to shards (k mod N) and explores this shard's with the jobs. */
    private static void splitAndExplore(Runner runner, Tally tally, CheckOptions o, int bound) {
        List<DfsExplorer.Item> mine = new ArrayList<>();
        AtomicInteger k = new AtomicInteger();
        new DfsExplorer(runner, tally, o.reduction(), bound, List.of()).split(o.splitDepth(), item -> {
            if (k.getAndIncrement() % o.shardCount() == o.shardIndex()) {
                mine.add(item);
            }
        }).explore();
        AtomicInteger next = new AtomicInteger();
        parallel(o.jobs(), () -> {
            int i;
            while (!tally.stopped() && (i = next.getAndIncrement()) < mine.size()) {
                DfsExplorer.Item item = mine.get(i);
                if (item instanceof DfsExplorer.Prefix p) {
                    new DfsExplorer(runner, tally, o.reduction(), bound, p.nodes()).explore();
                } else if (tally.mayStart()) {
                    if (item instanceof DfsExplorer.Leaf leaf) {
                        tally.completed(leaf.outcome(), leaf.choices(), leaf.preemptions(), tally.executions() - 1);
                    } else if (item instanceof DfsExplorer.Abandoned a) {
                        tally.depth(a.depth());
                        if (a.reason() == dev.reprise.runtime.check.internal.Prune.Reason.DEPTH) {
                            tally.cut();
                        } else {
                            tally.pruned();
                        }
                    }
                }
            }
        });
    }

    private static void parallel(int jobs, Runnable work) {
        if (jobs == 1) {
            work.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "reprise-check-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                fs.add(pool.submit(work));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("a check worker failed: " + c, c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
