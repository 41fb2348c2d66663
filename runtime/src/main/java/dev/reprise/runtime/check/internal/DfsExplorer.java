package dev.reprise.runtime.check.internal;

import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.sched.DecisionKind;
import dev.reprise.runtime.sched.DecisionSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stateless depth-first search over the decision tree: each execution replays the current
 * path, then takes the first eligible option at every new decision; afterwards the deepest
 * node with an untried eligible option moves to it. With reduction, sleep sets (Godefroid)
 * prune thread choices whose step commutes with everything done since an equivalent choice
 * was explored: a thread is put to sleep after its subtree is done and wakes when a step
 * touches what its own step touched (footprints from {@link FootprintRecorder}); an execution
 * in which every runnable thread sleeps is abandoned. Value choices (SELECT) and wake-order
 * choices (WAKE_WAITER) are always all explored.
 *
 * <p>In split mode the search stops at a fixed depth and hands each prefix (and each execution
 * that ended above that depth) to a sink, in a deterministic order, for jobs and shards.
 */
public final class DfsExplorer {
    /** What the split-mode search hands out, in order. */
    public sealed interface Item permits Prefix, Leaf, Abandoned {
    }

    /** A path to explore further (nodes copied). */
    public record Prefix(List<Node> nodes) implements Item {
    }

    /** An execution that completed above the split depth. */
    public record Leaf(RunOutcome outcome, int[] choices, int preemptions) implements Item {
    }

    /** An execution abandoned above the split depth. */
    public record Abandoned(Prune.Reason reason, int depth) implements Item {
    }

    private final Runner runner;
    private final Tally tally;
    private final boolean reduction;
    private final int bound;
    private final int maxDepth;
    private final List<Node> stack;
    private final int floor;
    private int splitAt = -1;
    private Consumer<Item> sink;

    /**
     * @param prefix the path to start from (copied; empty for the root)
     * @param bound preemption bound, -1 for none
     */
    public DfsExplorer(Runner runner, Tally tally, boolean reduction, int bound, List<Node> prefix) {
        this.runner = runner;
        this.tally = tally;
        this.reduction = reduction;
        this.bound = bound;
        this.maxDepth = tally.options().maxDepth();
        this.stack = new ArrayList<>();
        for (Node n : prefix) {
            stack.add(n.copy());
        }
        this.floor = prefix.size();
    }

    /** Split mode: stop at {@code depth} decisions and hand every prefix and shallow execution to {@code sink}. */
    public DfsExplorer split(int depth, Consumer<Item> sink) {
        this.splitAt = depth;
        this.sink = sink;
        return this;
    }

    /** Explores the subtree below the starting path until it is done or the search stops. */
    public void explore() {
        do {
            if (sink == null && !tally.mayStart()) {
                return;
            }
            if (sink != null && tally.stopped()) {
                return;
            }
            runOnce();
        } while (backtrack());
    }

    private boolean backtrack() {
        while (stack.size() > floor) {
            Node top = stack.get(stack.size() - 1);
            top.done[top.current] = true;
            int next = top.nextEligible(0, bound, tally::boundHit);
            if (next >= 0) {
                top.current = next;
                return true;
            }
            stack.remove(stack.size() - 1);
        }
        return false;
    }

    private void runOnce() {
        FootprintRecorder rec = reduction ? new FootprintRecorder() : null;
        Source src = new Source(rec);
        RunOutcome o;
        try {
            o = runner.run(src, rec);
        } catch (Prune p) {
            if (sink != null) {
                if (p.reason() != Prune.Reason.SPLIT) {
                    sink.accept(new Abandoned(p.reason(), src.index));
                }
                return;
            }
            tally.depth(src.index);
            if (p.reason() == Prune.Reason.DEPTH) {
                tally.cut();
            } else {
                tally.pruned();
            }
            return;
        }
        if (src.index != stack.size()) {
            throw new IllegalStateException("the program is not deterministic: an execution replaying " + stack.size()
                    + " decisions ended after " + src.index);
        }
        if (rec != null && !stack.isEmpty()) {
            Node top = stack.get(stack.size() - 1);
            StepFootprints last = rec.close();
            if (top.childFootprint[top.current] == null) {
                // the last step ended the run (every thread stops): dependent on everything
                top.childFootprint[top.current] = Footprint.GLOBAL;
            }
            if (top.childSleep(last) == null) {
                // a sleeping thread had to run: this execution is equivalent to one already explored
                if (sink != null) {
                    sink.accept(new Abandoned(Prune.Reason.SLEEP_BLOCKED, stack.size()));
                } else {
                    tally.depth(stack.size());
                    tally.pruned();
                }
                return;
            }
        }
        int[] choices = new int[stack.size()];
        for (int i = 0; i < choices.length; i++) {
            choices[i] = stack.get(i).current;
        }
        int preemptions = stack.isEmpty() ? 0 : stack.get(stack.size() - 1).preemptionsAfter();
        if (sink != null) {
            sink.accept(new Leaf(o, choices, preemptions));
        } else {
            tally.completed(o, choices, preemptions, tally.executions() - 1);
        }
    }

    /** The decision source of one execution. */
    private final class Source implements DecisionSource {
        private final FootprintRecorder rec;
        int index;

        Source(FootprintRecorder rec) {
            this.rec = rec;
        }

        @Override
        public int choose(DecisionKind kind, int optionCount) {
            int[] values = new int[optionCount];
            for (int i = 0; i < optionCount; i++) {
                values[i] = i;
            }
            return chooseAmong(kind, values);
        }

        @Override
        public int chooseAmong(DecisionKind kind, int[] options) {
            int d = index++;
            if (d < stack.size()) {
                Node n = stack.get(d);
                if (n.kind != kind || !Arrays.equals(n.options, options)) {
                    throw new IllegalStateException("the program is not deterministic: decision " + d + " was " + n.kind
                            + Arrays.toString(n.options) + ", now " + kind + Arrays.toString(options));
                }
                if (rec != null) {
                    rec.reset();
                }
                return n.current;
            }
            int caller = rec != null ? rec.currentTid() : Tids.current(); // before close: asking registers the caller
            StepFootprints seg = rec != null ? rec.close() : StepFootprints.NONE;
            Node parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
            if (parent != null && rec != null && parent.childFootprint[parent.current] == null) {
                parent.childFootprint[parent.current] = seg.of(parent.options[parent.current]);
            }
            if (d == splitAt) {
                List<Node> copy = new ArrayList<>();
                for (Node n : stack) {
                    copy.add(n.copy());
                }
                sink.accept(new Prefix(copy));
                throw new Prune(Prune.Reason.SPLIT);
            }
            if (d >= maxDepth) {
                throw new Prune(Prune.Reason.DEPTH);
            }
            Node.Sleeper[] sleep = parent == null || !reduction ? new Node.Sleeper[0] : parent.childSleep(seg);
            if (sleep == null) {
                throw new Prune(Prune.Reason.SLEEP_BLOCKED);
            }
            Node n = new Node(kind, options.clone(), caller, sleep, parent == null ? 0 : parent.preemptionsAfter());
            int first = n.nextEligible(0, bound, tally::boundHit);
            if (first < 0) {
                throw new Prune(Prune.Reason.SLEEP_BLOCKED);
            }
            n.current = first;
            stack.add(n);
            return first;
        }
    }
}
