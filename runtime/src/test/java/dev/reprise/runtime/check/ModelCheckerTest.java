package dev.reprise.runtime.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.runtime.Fixtures;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.Termination;
import dev.reprise.runtime.sched.FixedPolicy;
import dev.reprise.runtime.sched.ScriptedDecisions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The checker on the fixtures under fixtures/check: bugs found, correct programs exhausted, replays exact. */
class ModelCheckerTest {
    static Program program(String name) {
        return Program.load(Fixtures.path("check/" + name + ".wasm"));
    }

    static RunOutcome replay(Program p, int[] schedule) {
        return Sandbox.run(p, RunOptions.builder().decisions(() -> new ScriptedDecisions(schedule, new FixedPolicy()))
                .build());
    }

    @Test
    void racyCounterLostUpdateIsFoundAndItsScheduleReplays() {
        Program p = program("racy_counter");
        assertEquals(Termination.RETURNED, Sandbox.run(p, RunOptions.defaults()).termination(),
                "the FIFO schedule does not lose an update");
        CheckReport r = ModelChecker.check(p, CheckOptions.builder().build());
        assertTrue(r.failed(), r.summary());
        Failure f = r.failures().get(0);
        assertEquals(FailureKind.TRAP, f.kind());
        assertTrue(f.message().contains("lost update"), f.message());
        assertTrue(r.limits().contains(Limit.FIRST_FAILURE));
        RunOutcome again = replay(p, f.schedule());
        assertEquals(Termination.TRAPPED, again.termination());
        assertEquals(f.message(), again.message());
        RunOutcome asFound = replay(p, f.found());
        assertEquals(Termination.TRAPPED, asFound.termination());
        assertTrue(f.schedule().length <= trimmedLength(f.found()), "minimised list is not longer");
        assertTrue(f.preemptions() <= 1, "a lost update needs one preemption: " + f);
    }

    /** Length of a list without trailing zeros (decisions after a schedule take option 0). */
    static int trimmedLength(int[] a) {
        int n = a.length;
        while (n > 0 && a[n - 1] == 0) {
            n--;
        }
        return n;
    }

    @Test
    void futexMutexCounterHasNoFailureAndTheSpaceIsExhausted() {
        CheckReport r = ModelChecker.check(program("mutex_counter"), CheckOptions.builder().build());
        assertFalse(r.failed(), r.summary());
        assertTrue(r.complete(), r.summary());
        assertTrue(r.completed() > 10, r.summary());
        assertTrue(r.summary().contains("search complete"), r.summary());
    }

    @Test
    void lostWakeupIsFoundAsADeadlockOnlySomeOrdersExpose() {
        Program p = program("lost_wakeup");
        Set<Termination> seen = ConcurrentHashMap.newKeySet();
        CheckReport r = ModelChecker.check(p, CheckOptions.builder().stopAtFirst(false)
                .onExecution(o -> seen.add(o.termination())).build());
        assertTrue(r.failed() && r.complete(), r.summary());
        assertEquals(Set.of(Termination.RETURNED, Termination.DEADLOCKED), seen);
        Failure f = r.failures().get(0);
        assertEquals(FailureKind.DEADLOCK, f.kind());
        RunOutcome again = replay(p, f.schedule());
        assertEquals(Termination.DEADLOCKED, again.termination());
        assertTrue(again.message().contains("waiting on address 0x4"), again.message());
    }

    @Test
    void abbaDeadlockIsFoundAsADeadlock() {
        Program p = program("abba");
        CheckReport r = ModelChecker.check(p, CheckOptions.builder().build());
        Failure f = r.failures().get(0);
        assertEquals(FailureKind.DEADLOCK, f.kind());
        RunOutcome again = replay(p, f.schedule());
        assertEquals(Termination.DEADLOCKED, again.termination());
        assertTrue(again.message().contains("waiting on address 0x0") && again.message().contains("waiting on address 0x4"),
                again.message());
    }

    @Test
    void reductionCutsExecutionsTenfoldWithTheSameOutcomes() {
        Program p = program("three_threads");
        Set<String> reduced = ConcurrentHashMap.newKeySet();
        Set<String> full = ConcurrentHashMap.newKeySet();
        CheckReport r = ModelChecker.check(p, CheckOptions.builder().onExecution(o -> reduced.add(o.stdoutText())).build());
        CheckReport n = ModelChecker.check(p, CheckOptions.builder().reduction(false)
                .onExecution(o -> full.add(o.stdoutText())).build());
        assertTrue(r.complete() && n.complete() && !r.failed() && !n.failed(), r.summary() + "\n" + n.summary());
        assertEquals(Set.of("last=1\n", "last=2\n", "last=3\n"), full);
        assertEquals(full, reduced);
        assertTrue(n.executions() >= 10 * r.executions(), r.executions() + " vs " + n.executions());
    }

    @Test
    void bfsVisitsEveryLeafOnceLikeUnreducedDfsAndFindsTheRace() {
        Program p = program("three_threads");
        Set<String> bfsOutcomes = ConcurrentHashMap.newKeySet();
        CheckReport bfs = ModelChecker.check(p, CheckOptions.builder().strategy(Strategy.BFS)
                .onExecution(o -> bfsOutcomes.add(o.stdoutText())).build());
        CheckReport dfs = ModelChecker.check(p, CheckOptions.builder().reduction(false).build());
        assertTrue(bfs.complete() && !bfs.failed(), bfs.summary());
        assertEquals(dfs.executions(), bfs.executions(), "both run every leaf of the decision tree once");
        assertEquals(Set.of("last=1\n", "last=2\n", "last=3\n"), bfsOutcomes);
        Program racy = program("racy_counter");
        CheckReport found = ModelChecker.check(racy, CheckOptions.builder().strategy(Strategy.BFS).build());
        assertTrue(found.failed(), found.summary());
        assertEquals(Termination.TRAPPED, replay(racy, found.failures().get(0).schedule()).termination());
    }

    @Test
    void randomAndPctFindTheRacyCounterWithAFixedSeed() {
        Program p = program("racy_counter");
        for (Strategy s : new Strategy[] {Strategy.RANDOM, Strategy.PCT}) {
            CheckOptions o = CheckOptions.builder().strategy(s).seed(7).maxExecutions(2000).minimize(false).build();
            CheckReport a = ModelChecker.check(p, o);
            CheckReport b = ModelChecker.check(p, o);
            assertTrue(a.failed(), s + ": " + a.summary());
            assertArrayEquals(a.failures().get(0).found(), b.failures().get(0).found(), "same seed, same failure");
            assertEquals(a.executions(), b.executions());
            assertTrue(a.limits().contains(Limit.RANDOMISED));
            assertEquals(Termination.TRAPPED, replay(p, a.failures().get(0).schedule()).termination());
        }
    }

    @Test
    void preemptionBoundZeroMissesTheLostUpdateAndOneFindsIt() {
        Program p = program("racy_counter");
        CheckReport zero = ModelChecker.check(p, CheckOptions.builder().preemptionBound(0).build());
        assertFalse(zero.failed(), zero.summary());
        assertTrue(zero.limits().contains(Limit.PREEMPTION_BOUND), zero.summary());
        CheckReport one = ModelChecker.check(p, CheckOptions.builder().preemptionBound(1).minimize(false).build());
        assertTrue(one.failed(), one.summary());
        assertEquals(1, one.failures().get(0).preemptions());
    }

    @Test
    void boundsAreReportedAsSuch() {
        Program p = program("mutex_counter");
        CheckReport few = ModelChecker.check(p, CheckOptions.builder().maxExecutions(5).build());
        assertEquals(5, few.executions());
        assertEquals(Set.of(Limit.MAX_EXECUTIONS), few.limits());
        CheckReport shallow = ModelChecker.check(p, CheckOptions.builder().maxDepth(3).build());
        assertTrue(shallow.limits().contains(Limit.MAX_DEPTH) && shallow.cut() > 0, shallow.summary());
        assertTrue(shallow.summary().contains("search incomplete"), shallow.summary());
    }

    @Test
    void anExhaustedInstructionBudgetIsReportedAsSuch() {
        RunOptions tight = RunOptions.builder().engine(dev.reprise.runtime.Engine.INTERPRETER).maxInstructions(20).build();
        CheckReport r = ModelChecker.check(program("mutex_counter"), CheckOptions.builder().run(tight).build());
        Failure f = r.failures().get(0);
        assertEquals(FailureKind.BUDGET, f.kind());
        assertTrue(f.describe().startsWith("instruction budget exhausted"), f.describe());
    }

    @Test
    void explicitSelectChoicesAreBranchPoints() {
        Program p = Program.load(Fixtures.path("threads/assert_select.wasm"));
        CheckReport r = ModelChecker.check(p, CheckOptions.builder().build());
        Failure f = r.failures().get(0);
        assertEquals("2,1", f.scheduleText());
        assertEquals(6, r.executions(), "3 x 2 values, all explored: " + r.summary());
    }
}
