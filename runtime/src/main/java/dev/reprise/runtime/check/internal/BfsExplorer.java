package dev.reprise.runtime.check.internal;

import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.sched.FixedPolicy;
import dev.reprise.runtime.sched.ScriptedDecisions;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Breadth-first search over the decision tree, in the order deterministic-wasm explores: the
 * default schedule first, then every schedule that deviates from it at one decision, then at
 * two, and so on. Each execution follows a prefix of decisions and takes option 0 afterwards;
 * every later decision with n options queues its n - 1 alternatives. Every leaf of the tree is
 * run exactly once. No partial-order reduction (use dfs for that); shard I of N runs the
 * executions with {@code index mod N == I}.
 */
public final class BfsExplorer {
    private final Runner runner;
    private final Tally tally;

    public BfsExplorer(Runner runner, Tally tally) {
        this.runner = runner;
        this.tally = tally;
    }

    /** Works until the tree is exhausted, the budget is spent or the search stops. */
    public void explore() {
        var o = tally.options();
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        queue.add(new int[0]);
        long index = 0;
        while (!queue.isEmpty() && !tally.stopped()) {
            int[] prefix = queue.poll();
            boolean mine = index++ % o.shardCount() == o.shardIndex();
            if (mine && !tally.mayStart()) {
                return;
            }
            TracingSource src = new TracingSource(new ScriptedDecisions(prefix, new FixedPolicy()));
            RunOutcome out;
            try {
                out = runner.run(src, null);
            } catch (Prune p) {
                if (mine) {
                    tally.depth(src.steps().size());
                    tally.cut();
                }
                continue;
            }
            List<TracingSource.Step> steps = src.steps();
            for (int j = prefix.length; j < steps.size(); j++) {
                if (j >= o.maxDepth()) {
                    tally.limit(dev.reprise.runtime.check.Limit.MAX_DEPTH);
                    break;
                }
                int n = steps.get(j).options().length;
                for (int k = 1; k < n; k++) {
                    int[] child = Arrays.copyOf(TracingSource.choices(steps), j + 1);
                    child[j] = k;
                    queue.add(child);
                }
            }
            if (mine) {
                tally.completed(out, TracingSource.choices(steps), TracingSource.preemptions(steps), index - 1);
            }
        }
    }
}
