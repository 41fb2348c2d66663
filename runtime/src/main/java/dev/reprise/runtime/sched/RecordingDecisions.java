package dev.reprise.runtime.sched;

import java.util.ArrayList;
import java.util.List;

/** Wraps a decision source and keeps every (kind, option count, choice) it made, in order. */
public final class RecordingDecisions implements DecisionSource {
    private final DecisionSource delegate;
    private final List<Decision> decisions = new ArrayList<>();

    public RecordingDecisions(DecisionSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized int choose(DecisionKind kind, int optionCount) {
        int c = delegate.choose(kind, optionCount);
        decisions.add(new Decision(kind, optionCount, c));
        return c;
    }

    @Override
    public synchronized int chooseAmong(DecisionKind kind, int[] options) {
        int c = delegate.chooseAmong(kind, options);
        decisions.add(new Decision(kind, options.length, c));
        return c;
    }

    /** A copy of the decisions made so far. */
    public synchronized List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** Just the choices, e.g. for {@code --schedule}. */
    public synchronized int[] choices() {
        return decisions.stream().mapToInt(Decision::choice).toArray();
    }

    /** How many decisions were made so far. */
    public synchronized int size() {
        return decisions.size();
    }

    /** The wrapped source. */
    public DecisionSource delegate() {
        return delegate;
    }
}
