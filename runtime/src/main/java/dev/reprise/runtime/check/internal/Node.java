package dev.reprise.runtime.check.internal;

import dev.reprise.runtime.sched.DecisionKind;
import java.util.Arrays;

/**
 * One decision point on the current path of the depth-first search: its options, the sleep
 * set on arrival (threads whose next step was already explored from an equivalent state and
 * that nothing since has touched), which options were tried, and the footprint of each tried
 * thread's first step (it joins the sleep set of the later siblings).
 */
public final class Node {
    /** A sleeping thread and the footprint of the step it would take. */
    public record Sleeper(int tid, Footprint footprint) {
    }

    final DecisionKind kind;
    final int[] options;
    final int caller;
    final Sleeper[] sleep;
    final int preemptionsBefore;
    final boolean[] done;
    final Footprint[] childFootprint;
    int current;

    Node(DecisionKind kind, int[] options, int caller, Sleeper[] sleep, int preemptionsBefore) {
        this.kind = kind;
        this.options = options;
        this.caller = caller;
        this.sleep = sleep;
        this.preemptionsBefore = preemptionsBefore;
        this.done = new boolean[options.length];
        this.childFootprint = new Footprint[options.length];
    }

    private Node(Node o) {
        kind = o.kind;
        options = o.options;
        caller = o.caller;
        sleep = o.sleep;
        preemptionsBefore = o.preemptionsBefore;
        done = o.done.clone();
        childFootprint = o.childFootprint.clone();
        current = o.current;
    }

    /** An independent copy (for work items handed to another job or shard). */
    public Node copy() {
        return new Node(this);
    }

    boolean threadChoice() {
        return kind == DecisionKind.NEXT_THREAD;
    }

    boolean asleep(int tid) {
        for (Sleeper s : sleep) {
            if (s.tid() == tid) {
                return true;
            }
        }
        return false;
    }

    boolean preempts(int index) {
        if (!threadChoice() || options[index] == caller) {
            return false;
        }
        for (int o : options) {
            if (o == caller) {
                return true;
            }
        }
        return false;
    }

    /** Preemptions on the path including this node's current choice. */
    int preemptionsAfter() {
        return preemptionsBefore + (preempts(current) ? 1 : 0);
    }

    /**
     * The first option at or after {@code from} that is untried, awake and within the bound;
     * -1 if none. Calls {@code onBound} when the bound excluded one.
     */
    int nextEligible(int from, int bound, Runnable onBound) {
        for (int i = from; i < options.length; i++) {
            if (done[i] || (threadChoice() && asleep(options[i]))) {
                continue;
            }
            if (bound >= 0 && preemptionsBefore + (preempts(i) ? 1 : 0) > bound) {
                onBound.run();
                continue;
            }
            return i;
        }
        return -1;
    }

    /** The thread that runs first after this node's current choice. */
    int chosenThread() {
        return threadChoice() ? options[current] : caller;
    }

    /**
     * The sleep set the child reached through {@code seg} starts with: this node's sleepers
     * and (for a thread choice) the siblings already explored, minus those a step of
     * {@code seg} touched before they ran. Returns null when a sleeping thread had to run
     * (the scheduler handed it the baton as the only runnable thread): every runnable thread
     * was asleep, so everything from here on is equivalent to something already explored.
     */
    Sleeper[] childSleep(StepFootprints seg) {
        Sleeper[] out = new Sleeper[sleep.length + options.length];
        int n = 0;
        int chosen = chosenThread();
        for (Sleeper s : sleep) {
            int r = fate(s, seg, chosen);
            if (r < 0) {
                return null;
            }
            if (r > 0) {
                out[n++] = s;
            }
        }
        if (threadChoice()) {
            for (int i = 0; i < options.length; i++) {
                if (done[i] && i != current) {
                    Sleeper s = new Sleeper(options[i], childFootprint[i] == null ? Footprint.GLOBAL : childFootprint[i]);
                    int r = fate(s, seg, chosen);
                    if (r < 0) {
                        return null;
                    }
                    if (r > 0) {
                        out[n++] = s;
                    }
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** 1: still asleep after seg; 0: woken (touched, or it is the chosen thread); -1: ran while asleep. */
    private static int fate(Sleeper s, StepFootprints seg, int chosen) {
        int[] tids = seg.tids();
        Footprint[] fps = seg.footprints();
        for (int i = 0; i < tids.length; i++) {
            if (tids[i] == s.tid()) {
                return s.tid() == chosen ? 0 : -1;
            }
            if (fps[i].dependent(s.footprint())) {
                return 0;
            }
        }
        return 1;
    }

    @Override
    public String toString() {
        return kind + Arrays.toString(options) + "@" + current + " caller=" + caller + " sleep=" + Arrays.toString(sleep);
    }
}
