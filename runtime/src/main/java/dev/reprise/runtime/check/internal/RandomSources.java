package dev.reprise.runtime.check.internal;

import dev.reprise.runtime.sched.DecisionKind;
import dev.reprise.runtime.sched.DecisionSource;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The decision sources of the randomised strategies; each execution gets its own seeded source. */
public final class RandomSources {
    private RandomSources() {
    }

    /** The seed of execution {@code i} of a search seeded with {@code seed}. */
    public static long seedOf(long seed, long i) {
        return new SplittableRandom(seed).split().nextLong() ^ (i * 0x9E3779B97F4A7C15L);
    }

    /** Uniform choice at every decision. */
    public static DecisionSource uniform(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return (kind, n) -> r.nextInt(n);
    }

    /**
     * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010):
     * every thread gets a random priority when first seen (all at least {@code d}); the highest-
     * priority runnable thread runs; at {@code d-1} change points drawn uniformly from the first
     * {@code k} decisions the running thread's priority drops to {@code d-1-i}. A bug of depth d
     * is found with probability at least 1/(n k^(d-1)). Value and wake-order choices are uniform.
     */
    public static DecisionSource pct(long seed, int d, int k) {
        return new Pct(seed, d, k);
    }

    private static final class Pct implements DecisionSource {
        private final SplittableRandom r;
        private final int d;
        private final int[] changePoints;
        private final Map<Integer, Integer> priority = new HashMap<>();
        private int step;

        Pct(long seed, int d, int k) {
            this.r = new SplittableRandom(seed);
            this.d = d;
            this.changePoints = new int[d - 1];
            for (int i = 0; i < changePoints.length; i++) {
                changePoints[i] = 1 + r.nextInt(Math.max(k, 1));
            }
        }

        @Override
        public int choose(DecisionKind kind, int n) {
            return r.nextInt(n);
        }

        private int priorityOf(int tid) {
            return priority.computeIfAbsent(tid, t -> d + r.nextInt(1 << 20));
        }

        @Override
        public int chooseAmong(DecisionKind kind, int[] options) {
            step++;
            if (kind != DecisionKind.NEXT_THREAD) {
                return r.nextInt(options.length);
            }
            int caller = Tids.current();
            for (int i = 0; i < changePoints.length; i++) {
                if (changePoints[i] == step) {
                    priority.put(caller, d - 1 - i);
                }
            }
            int best = 0;
            for (int i = 1; i < options.length; i++) {
                int p = priorityOf(options[i]);
                int q = priorityOf(options[best]);
                if (p > q || (p == q && options[i] < options[best])) {
                    best = i;
                }
            }
            return best;
        }
    }
}
