package dev.reprise.runtime.check.internal;

import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.check.Strategy;
import dev.reprise.runtime.sched.DecisionSource;
import dev.reprise.runtime.sched.FixedPolicy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the randomised strategies: execution {@code i} draws its decisions from a source seeded
 * by (seed, i), so a search is reproducible whatever the number of jobs; shard I of N takes the
 * executions with {@code i mod N == I}.
 */
public final class RandomExplorer {
    private final Runner runner;
    private final Tally tally;
    private final AtomicLong next = new AtomicLong();
    private final int pctSteps;

    /** Sets up the search; pct first runs the FIFO schedule once to estimate the number of steps k. */
    public RandomExplorer(Runner runner, Tally tally) {
        this.runner = runner;
        this.tally = tally;
        if (tally.options().strategy() == Strategy.PCT) {
            TracingSource probe = new TracingSource(new FixedPolicy());
            runner.run(probe, null);
            pctSteps = Math.max(1, probe.steps().size());
        } else {
            pctSteps = 0;
        }
    }

    /** The estimate of k used by pct. */
    public int pctSteps() {
        return pctSteps;
    }

    /** Works until the budget is spent or the search stops; safe to call from several threads. */
    public void work() {
        var o = tally.options();
        while (!tally.stopped()) {
            long i = next.getAndIncrement();
            if (i % o.shardCount() != o.shardIndex()) {
                continue;
            }
            if (!tally.mayStart()) {
                return;
            }
            long seed = RandomSources.seedOf(o.seed(), i);
            DecisionSource base = o.strategy() == Strategy.PCT ? RandomSources.pct(seed, o.pctDepth(), pctSteps)
                    : RandomSources.uniform(seed);
            TracingSource src = new TracingSource(new DepthBound(base, o.maxDepth()));
            RunOutcome out;
            try {
                out = runner.run(src, null);
            } catch (Prune p) {
                tally.depth(src.steps().size());
                tally.cut();
                continue;
            }
            tally.completed(out, TracingSource.choices(src.steps()), TracingSource.preemptions(src.steps()), i);
        }
    }

    /** Abandons an execution that reaches the depth bound. */
    private record DepthBound(DecisionSource delegate, int maxDepth, int[] count) implements DecisionSource {
        DepthBound(DecisionSource delegate, int maxDepth) {
            this(delegate, maxDepth, new int[1]);
        }

        @Override
        public int choose(dev.reprise.runtime.sched.DecisionKind kind, int n) {
            return delegate.choose(kind, n);
        }

        @Override
        public int chooseAmong(dev.reprise.runtime.sched.DecisionKind kind, int[] options) {
            if (count[0]++ >= maxDepth) {
                throw new Prune(Prune.Reason.DEPTH);
            }
            return delegate.chooseAmong(kind, options);
        }
    }
}
