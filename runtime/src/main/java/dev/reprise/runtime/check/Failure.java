package dev.reprise.runtime.check;

import java.util.Arrays;

/**
 * A failing execution.
 *
 * @param kind why it failed
 * @param exitCode the run's exit code (the guest's, or the runtime's code for a trap or deadlock)
 * @param message trap, deadlock or budget message (empty for a plain non-zero exit)
 * @param schedule the decision choices that reproduce it ({@code --schedule}; decisions after the
 *     list take option 0, so trailing zeros are dropped); minimised when minimisation ran
 * @param preemptions how many decisions of {@code schedule} switch away from a runnable thread
 * @param found the choices of the execution as the search first found it
 * @param execution the index of that execution in the search (in its shard or job)
 */
public record Failure(FailureKind kind, int exitCode, String message, int[] schedule, int preemptions, int[] found,
        long execution) {
    public Failure {
        schedule = schedule.clone();
        found = found.clone();
    }

    @Override
    public int[] schedule() {
        return schedule.clone();
    }

    @Override
    public int[] found() {
        return found.clone();
    }

    /** The schedule as {@code --schedule} takes it: {@code 1,0,2}. */
    public String scheduleText() {
        return join(schedule);
    }

    /** Choices joined by commas. */
    public static String join(int[] choices) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < choices.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(choices[i]);
        }
        return sb.toString();
    }

    /** One line: kind, exit code and message. */
    public String describe() {
        return switch (kind) {
            case TRAP -> "trap: " + message;
            case EXIT -> "exit code " + exitCode;
            case DEADLOCK -> message.lines().findFirst().orElse("deadlock");
            case BUDGET -> "instruction budget exhausted: " + message;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Failure f && kind == f.kind && exitCode == f.exitCode && message.equals(f.message)
                && Arrays.equals(schedule, f.schedule) && Arrays.equals(found, f.found) && execution == f.execution
                && preemptions == f.preemptions;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(schedule) * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return describe() + " schedule=" + scheduleText();
    }
}
