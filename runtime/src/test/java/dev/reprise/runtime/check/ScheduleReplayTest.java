package dev.reprise.runtime.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.runtime.Fixtures;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.Termination;
import org.junit.jupiter.api.Test;

/** A schedule that does not fit the program says at which decision it diverged. */
class ScheduleReplayTest {
    private final Program racy = Program.load(Fixtures.path("check/racy_counter.wasm"));

    @Test
    void aFittingScheduleRuns() {
        ScheduleReplay r = ScheduleReplay.run(racy, RunOptions.defaults(), new int[] {0, 0, 0, 1});
        assertNull(r.divergence());
        assertEquals(Termination.TRAPPED, r.outcome().termination());
    }

    @Test
    void aChoiceOutOfRangeNamesTheDecision() {
        ScheduleReplay r = ScheduleReplay.run(racy, RunOptions.defaults(), new int[] {0, 7});
        assertTrue(r.divergence().contains("decision 1"), r.divergence());
        assertTrue(r.divergence().contains("out of range"), r.divergence());
    }

    @Test
    void aProgramThatEndsEarlyNamesTheDecision() {
        ScheduleReplay r = ScheduleReplay.run(racy, RunOptions.defaults(), new int[30]);
        assertTrue(r.divergence().startsWith("schedule diverged at decision "), r.divergence());
        assertTrue(r.divergence().contains("but the schedule has 30"), r.divergence());
    }
}
