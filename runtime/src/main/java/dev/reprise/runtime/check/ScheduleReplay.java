package dev.reprise.runtime.check;

import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Termination;
import dev.reprise.runtime.sched.FixedPolicy;
import dev.reprise.runtime.sched.ScriptedDecisions;

/**
 * Runs one schedule (a {@code --schedule} list, decisions after it take option 0) and says
 * whether it fits the program: a choice out of range, or a program that ends before the list is
 * used up, is a divergence naming the decision index.
 *
 * @param outcome the run
 * @param divergence null when the schedule fits; otherwise the message
 */
public record ScheduleReplay(RunOutcome outcome, String divergence) {

    /** Replays {@code schedule} with {@code options} (their decision source is replaced). */
    public static ScheduleReplay run(Program program, RunOptions options, int[] schedule) {
        ScriptedDecisions script = new ScriptedDecisions(schedule, new FixedPolicy());
        RunOutcome o = dev.reprise.runtime.Sandbox.run(program, options.toBuilder().decisions(() -> script).build());
        if (o.termination() == Termination.SCHEDULE_DIVERGED) {
            return new ScheduleReplay(o, o.message());
        }
        if (script.consumed() < schedule.length) {
            return new ScheduleReplay(o, "schedule diverged at decision " + script.consumed() + ": the program ended after "
                    + script.consumed() + " decision(s) but the schedule has " + schedule.length);
        }
        return new ScheduleReplay(o, null);
    }

    /** True when the schedule fits the program. */
    public boolean fits() {
        return divergence == null;
    }
}
