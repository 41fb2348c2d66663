package dev.reprise.runtime.sched;

/** One decision taken during a run: its kind, how many options there were and the choice. */
public record Decision(DecisionKind kind, int optionCount, int choice) {
    @Override
    public String toString() {
        return kind + ":" + choice + "/" + optionCount;
    }
}
