package dev.reprise.runtime.check.internal;

import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.check.Failure;
import dev.reprise.runtime.check.FailureKind;
import dev.reprise.runtime.sched.DecisionKind;
import dev.reprise.runtime.sched.DecisionSource;
import dev.reprise.runtime.sched.FixedPolicy;
import dev.reprise.runtime.sched.ScriptedDecisions;
import java.util.Arrays;
import java.util.List;

/**
 * Shrinks a failing schedule while it still fails the same way (same {@link FailureKind}):
 * first fewer preemptions (a decision that switched away from a runnable thread lets that
 * thread continue instead, later decisions keep their thread ids where they can), then a
 * shorter list (a prefix, with option 0 after it, as {@code --schedule} replays it). The score
 * is (preemptions, length of the list without trailing zeros); a candidate is kept only if it
 * lowers the score. The result is checked by replaying it exactly as the user will.
 */
public final class Minimizer {
    private final Runner runner;
    private final int budget;
    private int runs;

    /** @param budget at most this many executions are spent */
    public Minimizer(Runner runner, int budget) {
        this.runner = runner;
        this.budget = budget;
    }

    /** Executions spent so far. */
    public int runs() {
        return runs;
    }

    private record Candidate(List<TracingSource.Step> steps, RunOutcome outcome) {
        int preemptions() {
            return TracingSource.preemptions(steps);
        }

        int[] schedule() {
            return Tally.trim(TracingSource.choices(steps));
        }

        boolean better(Candidate o) {
            int p = preemptions();
            int q = o.preemptions();
            return p < q || (p == q && schedule().length < o.schedule().length);
        }
    }

    /** The smallest failing schedule found from {@code f} (f itself if nothing smaller fails). */
    public Failure minimize(Failure f) {
        Candidate best = run(new ScriptedDecisions(f.found(), new FixedPolicy()), f.kind());
        if (best == null) {
            return f; // cannot happen for a deterministic program; keep what was found
        }
        boolean improved = true;
        while (improved && runs < budget) {
            improved = false;
            // fewer preemptions
            List<TracingSource.Step> steps = best.steps();
            for (int i = 0; i < steps.size() && runs < budget; i++) {
                if (!steps.get(i).preempts()) {
                    continue;
                }
                int[] intents = values(steps);
                intents[i] = steps.get(i).caller();
                Candidate c = run(new Intents(intents, i), f.kind());
                if (c != null && c.better(best)) {
                    best = c;
                    improved = true;
                    break;
                }
            }
            if (improved) {
                continue;
            }
            // shorter: a prefix of the choices, option 0 after it
            int[] choices = best.schedule();
            for (int p = 0; p < choices.length && runs < budget; p++) {
                Candidate c = run(new ScriptedDecisions(Arrays.copyOf(choices, p), new FixedPolicy()), f.kind());
                if (c != null && c.better(best)) {
                    best = c;
                    improved = true;
                    break;
                }
            }
        }
        int[] schedule = best.schedule();
        Candidate check = run(new ScriptedDecisions(schedule, new FixedPolicy()), f.kind());
        if (check == null || !Arrays.equals(check.schedule(), schedule)) {
            return f;
        }
        RunOutcome o = check.outcome();
        return new Failure(f.kind(), o.exitCode(), o.message(), schedule, check.preemptions(), f.found(),
                f.execution());
    }

    private static int[] values(List<TracingSource.Step> steps) {
        int[] v = new int[steps.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = steps.get(i).value();
        }
        return v;
    }

    private Candidate run(DecisionSource policy, FailureKind kind) {
        runs++;
        TracingSource src = new TracingSource(policy);
        RunOutcome o;
        try {
            o = runner.run(src, null);
        } catch (RuntimeException e) {
            return null;
        }
        if (o.termination() == dev.reprise.runtime.Termination.SCHEDULE_DIVERGED || FailureKind.of(o) != kind) {
            return null;
        }
        return new Candidate(List.copyOf(src.steps()), o);
    }

    /**
     * Follows intended option values (thread ids or selected values) where they are offered; at
     * {@code pivot} and wherever an intent is not offered it lets the caller continue if it can,
     * else takes option 0; after the list, option 0.
     */
    private static final class Intents implements DecisionSource {
        private final int[] intents;
        private final int pivot;
        private int next;

        Intents(int[] intents, int pivot) {
            this.intents = intents;
            this.pivot = pivot;
        }

        @Override
        public int choose(DecisionKind kind, int n) {
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = i;
            }
            return chooseAmong(kind, v);
        }

        @Override
        public int chooseAmong(DecisionKind kind, int[] options) {
            int i = next++;
            int want = i < intents.length ? intents[i] : -1;
            int caller = Tids.current();
            int fallback = 0;
            for (int j = 0; j < options.length; j++) {
                if (kind == DecisionKind.NEXT_THREAD && options[j] == caller) {
                    fallback = j;
                }
            }
            if (i >= intents.length) {
                return 0;
            }
            if (kind == DecisionKind.SELECT) {
                return want < options.length ? want : 0;
            }
            for (int j = 0; j < options.length; j++) {
                if (options[j] == want) {
                    return j;
                }
            }
            return i <= pivot ? 0 : fallback;
        }
    }
}
