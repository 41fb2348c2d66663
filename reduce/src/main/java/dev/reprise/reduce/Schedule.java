package dev.reprise.reduce;

import dev.reprise.record.trace.DecisionKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a multi-threaded run was scheduled: every decision of the deterministic scheduler in
 * order, and the run settings that decide where decision points fall and how virtual time
 * moves ({@code preemptBudget}: preemption points between two {@code reprise.preempt} calls,
 * 0 when the recorded module got none; {@code clockStepNanos}: virtual time per preemption;
 * {@code clockStartNanos}: the clock at start). A replay runs under exactly these.
 *
 * <p>A run recorded in several JavaScript realms (a module with a shared memory under node, one
 * thread at a time) has {@code realmEntries}: per thread, per top-level export call the host made
 * on it, how many times the thread took the baton while outside the module before that call,
 * besides the first time, which starts it (its instantiation); the last number counts those after
 * its last call. Its decisions are the baton's log ({@link DecisionKind#RESUME},
 * {@link DecisionKind#TIMED_OUT}, {@link DecisionKind#NOTIFIED}) with the thread of each, which
 * a replay follows instead of choosing ({@link #realms()}).
 */
public record Schedule(List<Decision> decisions, long clockStartNanos, long clockStepNanos, int preemptBudget,
        Map<Integer, List<Integer>> realmEntries) {
    /** No decisions, default clock (single-threaded traces). */
    public static final Schedule NONE = new Schedule(List.of(), 0, 0, 0);

    /**
     * One decision: of which kind, among how many options, which one (0-based), and on which thread
     * ({@code tid}; -1 when the trace does not say: runs under reprise's scheduler, whose decisions
     * are taken by the thread that holds the baton).
     */
    public record Decision(DecisionKind kind, int options, int choice, int tid) {
        /** Checks the choice. */
        public Decision {
            Objects.requireNonNull(kind, "kind");
            if (choice < 0 || options < 0 || (options > 0 && choice >= options)) {
                throw new IllegalArgumentException("choice " + choice + " of " + options + " options");
            }
            if (tid < -1) {
                throw new IllegalArgumentException("decision on thread " + tid);
            }
        }

        /** A decision of reprise's scheduler (no thread recorded). */
        public Decision(DecisionKind kind, int options, int choice) {
            this(kind, options, choice, -1);
        }
    }

    /** Copies the list and the entries (sorted by thread). */
    public Schedule {
        decisions = List.copyOf(decisions);
        TreeMap<Integer, List<Integer>> entries = new TreeMap<>();
        realmEntries.forEach((tid, list) -> entries.put(tid, List.copyOf(list)));
        realmEntries = java.util.Collections.unmodifiableMap(entries);
    }

    /** A schedule of reprise's scheduler (no realms). */
    public Schedule(List<Decision> decisions, long clockStartNanos, long clockStepNanos, int preemptBudget) {
        this(decisions, clockStartNanos, clockStepNanos, preemptBudget, Map.of());
    }

    /** Whether the run was recorded in several JavaScript realms: its replay follows the baton's log. */
    public boolean realms() {
        return !realmEntries.isEmpty();
    }

    /** The choices alone, as {@code reprise run --schedule} and {@code ScriptedDecisions} take them. */
    public int[] choices() {
        return decisions.stream().mapToInt(Decision::choice).toArray();
    }
}
