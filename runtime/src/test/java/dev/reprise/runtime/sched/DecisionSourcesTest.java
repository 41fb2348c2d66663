package dev.reprise.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionSourcesTest {
    @Test
    void fixedPolicyAlwaysPicksTheFirstOption() {
        assertEquals(0, new FixedPolicy().choose(DecisionKind.NEXT_THREAD, 5));
    }

    @Test
    void seededPolicyIsReproducibleAndInRange() {
        SeededRandomPolicy a = new SeededRandomPolicy(9);
        SeededRandomPolicy b = new SeededRandomPolicy(9);
        for (int i = 0; i < 200; i++) {
            int n = 2 + i % 5;
            int c = a.choose(DecisionKind.NEXT_THREAD, n);
            assertEquals(c, b.choose(DecisionKind.NEXT_THREAD, n));
            assertTrue(c >= 0 && c < n);
        }
    }

    @Test
    void scriptedDecisionsReplayThenFallBackOrDiverge() {
        ScriptedDecisions s = new ScriptedDecisions(ScriptedDecisions.parse("1, 0,2"), new FixedPolicy());
        assertEquals(1, s.choose(DecisionKind.NEXT_THREAD, 2));
        assertEquals(0, s.choose(DecisionKind.WAKE_WAITER, 2));
        assertEquals(2, s.choose(DecisionKind.SELECT, 3));
        assertEquals(0, s.choose(DecisionKind.SELECT, 3));
        ScriptedDecisions strict = new ScriptedDecisions(new int[] {3}, null);
        ScheduleDivergedException e = assertThrows(ScheduleDivergedException.class,
                () -> strict.choose(DecisionKind.NEXT_THREAD, 2));
        assertEquals(0, e.decisionIndex());
        assertTrue(e.getMessage().contains("decision 0"), e.getMessage());
        ScriptedDecisions empty = new ScriptedDecisions(new int[0], null);
        assertThrows(ScheduleDivergedException.class, () -> empty.choose(DecisionKind.SELECT, 2));
        assertThrows(IllegalArgumentException.class, () -> ScriptedDecisions.parse("1,x"));
        assertThrows(IllegalArgumentException.class, () -> ScriptedDecisions.parse("-1"));
        assertArrayEquals(new int[0], ScriptedDecisions.parse(" "));
    }

    @Test
    void recordingKeepsEveryDecision() {
        RecordingDecisions r = new RecordingDecisions(new ScriptedDecisions(new int[] {1, 2}, null));
        r.choose(DecisionKind.NEXT_THREAD, 2);
        r.choose(DecisionKind.SELECT, 3);
        assertEquals(List.of(new Decision(DecisionKind.NEXT_THREAD, 2, 1), new Decision(DecisionKind.SELECT, 3, 2)),
                r.decisions());
        assertArrayEquals(new int[] {1, 2}, r.choices());
    }
}
