package dev.reprise.runtime.check;

import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How to check a program.
 *
 * @param run the run options of every execution (args, env, dirs, seed, engine...); their
 *     decision source, stdout and stderr are replaced by the checker's own
 * @param strategy dfs (default), random or pct
 * @param reduction sleep-set partial-order reduction (dfs only); off = every interleaving
 * @param preemptionBound dfs: explore only schedules with at most this many preemptions
 *     (switching away from a runnable thread), iteratively from 0 up (CHESS); -1 = unbounded
 * @param maxDepth executions longer than this many decisions are cut (and the search is then
 *     incomplete)
 * @param maxExecutions stop after this many executions (0 = unbounded for dfs, 10,000 for the
 *     randomised strategies)
 * @param timeLimit stop launching executions after this long (null = none); it only decides when
 *     to stop, never what is explored
 * @param seed seed of the random and pct strategies
 * @param pctDepth the bug depth d of pct (d-1 priority change points)
 * @param stopAtFirst stop at the first failure (default) or collect them all
 * @param jobs worker threads exploring disjoint subtrees in parallel
 * @param shardIndex which shard this process explores (0-based)
 * @param shardCount into how many shards the tree is split (1 = no sharding)
 * @param splitDepth dfs with jobs or shards: the depth of the decision prefixes that are dealt
 *     out (prefix k goes to shard k mod shardCount)
 * @param minimize shrink a failing schedule (fewer preemptions, shorter) before reporting it
 * @param progress receives a progress line about once a second (null = none)
 * @param onExecution called after each completed execution with its outcome (tests, statistics;
 *     may be called from several threads with jobs > 1)
 */
public record CheckOptions(RunOptions run, Strategy strategy, boolean reduction, int preemptionBound, int maxDepth,
        long maxExecutions, Duration timeLimit, long seed, int pctDepth, boolean stopAtFirst, int jobs, int shardIndex,
        int shardCount, int splitDepth, boolean minimize, Consumer<String> progress, Consumer<RunOutcome> onExecution) {

    public CheckOptions {
        if (run == null) {
            run = RunOptions.defaults();
        }
        if (strategy == null) {
            strategy = Strategy.DFS;
        }
        if (preemptionBound < -1) {
            throw new IllegalArgumentException("the preemption bound must be -1 (none) or at least 0");
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("--max-depth must be at least 1");
        }
        if (maxExecutions < 0) {
            throw new IllegalArgumentException("--max-executions must not be negative");
        }
        if (pctDepth < 1) {
            throw new IllegalArgumentException("the pct depth must be at least 1");
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1");
        }
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
            throw new IllegalArgumentException("bad shard " + shardIndex + "/" + shardCount
                    + " (expected I/N with 0 <= I < N)");
        }
        if (splitDepth < 0) {
            throw new IllegalArgumentException("the split depth must not be negative");
        }
    }

    /** Defaults: dfs with reduction, unbounded, stop at the first failure, minimise. */
    public static Builder builder() {
        return new Builder();
    }

    /** The execution budget in effect (the randomised strategies default to 10,000). */
    public long effectiveMaxExecutions() {
        if (maxExecutions == 0 && strategy != Strategy.DFS) {
            return 10_000;
        }
        return maxExecutions;
    }

    /** Builder for {@link CheckOptions}. */
    public static final class Builder {
        private RunOptions run = RunOptions.defaults();
        private Strategy strategy = Strategy.DFS;
        private boolean reduction = true;
        private int preemptionBound = -1;
        private int maxDepth = 100_000;
        private long maxExecutions;
        private Duration timeLimit;
        private long seed;
        private int pctDepth = 3;
        private boolean stopAtFirst = true;
        private int jobs = 1;
        private int shardIndex;
        private int shardCount = 1;
        private int splitDepth = 6;
        private boolean minimize = true;
        private Consumer<String> progress;
        private Consumer<RunOutcome> onExecution;

        public Builder run(RunOptions r) {
            run = r;
            return this;
        }

        public Builder strategy(Strategy s) {
            strategy = s;
            return this;
        }

        public Builder reduction(boolean on) {
            reduction = on;
            return this;
        }

        public Builder preemptionBound(int k) {
            preemptionBound = k;
            return this;
        }

        public Builder maxDepth(int n) {
            maxDepth = n;
            return this;
        }

        public Builder maxExecutions(long n) {
            maxExecutions = n;
            return this;
        }

        public Builder timeLimit(Duration d) {
            timeLimit = d;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder pctDepth(int d) {
            pctDepth = d;
            return this;
        }

        public Builder stopAtFirst(boolean b) {
            stopAtFirst = b;
            return this;
        }

        public Builder jobs(int n) {
            jobs = n;
            return this;
        }

        public Builder shard(int index, int count) {
            shardIndex = index;
            shardCount = count;
            return this;
        }

        public Builder splitDepth(int d) {
            splitDepth = d;
            return this;
        }

        public Builder minimize(boolean b) {
            minimize = b;
            return this;
        }

        public Builder progress(Consumer<String> p) {
            progress = p;
            return this;
        }

        public Builder onExecution(Consumer<RunOutcome> c) {
            onExecution = c;
            return this;
        }

        public CheckOptions build() {
            return new CheckOptions(run, strategy, reduction, preemptionBound, maxDepth, maxExecutions, timeLimit, seed,
                    pctDepth, stopAtFirst, jobs, shardIndex, shardCount, splitDepth, minimize, progress, onExecution);
        }
    }
}
