package dev.reprise.reduce;

import dev.reprise.record.trace.DecisionKind;
import java.util.List;
import java.util.Objects;

/**
 * How a multi-threaded run was scheduled: every decision of the deterministic scheduler in
 * order, and the run settings that decide where decision points fall and how virtual time
 * moves ({@code preemptBudget}: preemption points between two {@code reprise.preempt} calls,
 * 0 when the recorded module got none; {@code clockStepNanos}: virtual time per preemption;
 * {@code clockStartNanos}: the clock at start). A replay runs under exactly these.
 */
public record Schedule(List<Decision> decisions, long clockStartNanos, long clockStepNanos, int preemptBudget) {
    /** No decisions, default clock (single-threaded traces). */
    public static final Schedule NONE = new Schedule(List.of(), 0, 0, 0);

    /** One decision: of which kind, among how many options, which one (0-based). */
    public record Decision(DecisionKind kind, int options, int choice) {
        /** Checks the choice. */
        public Decision {
            Objects.requireNonNull(kind, "kind");
            if (choice < 0 || options < 0 || (options > 0 && choice >= options)) {
                throw new IllegalArgumentException("choice " + choice + " of " + options + " options");
            }
        }
    }

    /** Copies the list. */
    public Schedule {
        decisions = List.copyOf(decisions);
    }

    /** The choices alone, as {@code reprise run --schedule} and {@code ScriptedDecisions} take them. */
    public int[] choices() {
        return decisions.stream().mapToInt(Decision::choice).toArray();
    }
}
