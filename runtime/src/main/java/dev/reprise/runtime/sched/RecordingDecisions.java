package dev.reprise.runtime.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a decision source and keeps every (kind, option count, choice) it made, in order; an
 * optional listener hears each decision as it is made, on the thread holding the scheduler's
 * baton (so {@link Scheduler#currentThreadId()} names the thread that decided). The scheduler
 * and {@code replay.expect_schedule} look through it to the source it wraps.
 */
public final class RecordingDecisions implements DecisionSource {
    private final DecisionSource delegate;
    private final List<Decision> decisions = new ArrayList<>();
    private final java.util.function.Consumer<Decision> listener;

    public RecordingDecisions(DecisionSource delegate) {
        this(delegate, d -> { });
    }

    /** Also tells {@code listener} of every decision as it is made. */
    public RecordingDecisions(DecisionSource delegate, java.util.function.Consumer<Decision> listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    @Override
    public synchronized int choose(DecisionKind kind, int optionCount) {
        int c = delegate.choose(kind, optionCount);
        add(new Decision(kind, optionCount, c));
        return c;
    }

    @Override
    public synchronized int chooseAmong(DecisionKind kind, int[] options) {
        int c = delegate.chooseAmong(kind, options);
        add(new Decision(kind, options.length, c));
        return c;
    }

    private void add(Decision d) {
        decisions.add(d);
        listener.accept(d);
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

    /** The source under any number of recording wrappers. */
    public static DecisionSource unwrap(DecisionSource source) {
        DecisionSource s = source;
        while (s instanceof RecordingDecisions r) {
            s = r.delegate;
        }
        return s;
    }
}
