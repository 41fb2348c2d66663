package dev.reprise.runtime.check.internal;

import dev.reprise.runtime.sched.DecisionKind;
import dev.reprise.runtime.sched.DecisionSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a decision source and keeps, for each decision, its kind, the options (thread ids or
 * values), the calling thread and the chosen index: enough to count preemptions and to steer
 * a later run by thread ids rather than by indices.
 */
public final class TracingSource implements DecisionSource {
    /** One decision as seen by the checker. */
    public record Step(DecisionKind kind, int[] options, int caller, int chosen) {
        /** True when this decision switches away from a caller that could have continued. */
        public boolean preempts() {
            if (kind != DecisionKind.NEXT_THREAD || options[chosen] == caller) {
                return false;
            }
            for (int o : options) {
                if (o == caller) {
                    return true;
                }
            }
            return false;
        }

        /** The chosen option's value (a thread id, or the selected value). */
        public int value() {
            return options[chosen];
        }
    }

    private final DecisionSource delegate;
    private final List<Step> steps = new ArrayList<>();

    public TracingSource(DecisionSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public int choose(DecisionKind kind, int optionCount) {
        int[] options = new int[optionCount];
        for (int i = 0; i < optionCount; i++) {
            options[i] = i;
        }
        return chooseAmong(kind, options);
    }

    @Override
    public int chooseAmong(DecisionKind kind, int[] options) {
        int caller = Tids.current();
        int c = delegate.chooseAmong(kind, options);
        steps.add(new Step(kind, options.clone(), caller, c));
        return c;
    }

    /** The decisions so far. */
    public List<Step> steps() {
        return steps;
    }

    /** How many decisions preempted a runnable thread. */
    public static int preemptions(List<Step> steps) {
        int n = 0;
        for (Step s : steps) {
            if (s.preempts()) {
                n++;
            }
        }
        return n;
    }

    /** The chosen indices. */
    public static int[] choices(List<Step> steps) {
        int[] out = new int[steps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = steps.get(i).chosen();
        }
        return out;
    }
}
