package dev.reprise.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.runtime.Engine;
import dev.reprise.runtime.Fixtures;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.Termination;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** wasi-threads and the cooperative scheduler on the WAT fixtures under fixtures/threads. */
class ThreadsTest {
    private static RunOutcome run(String fixture, Engine engine, Supplier<? extends DecisionSource> decisions) {
        return Sandbox.run(Fixtures.path("threads/" + fixture + ".wasm"),
                RunOptions.builder().engine(engine).decisions(decisions).build());
    }

    private static RunOutcome run(String fixture, Engine engine) {
        return run(fixture, engine, FixedPolicy::new);
    }

    private static void assertSameRun(RunOutcome a, RunOutcome b) {
        assertEquals(a.termination(), b.termination());
        assertEquals(a.exitCode(), b.exitCode());
        assertArrayEquals(a.stdout(), b.stdout());
        assertEquals(a.decisions(), b.decisions());
        assertEquals(a.virtualNanos(), b.virtualNanos());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void mainYieldsTwiceToTheSpawnedThread(Engine engine) {
        RunOutcome o = run("spawn_yield", engine);
        assertEquals(Termination.EXITED, o.termination(), o.message());
        assertEquals(0, o.exitCode());
        assertEquals("Main thread started\nThread 1 started\nThread 1 loop...\nThread 1 loop...\n"
                + "Main thread calling proc_exit\n", o.stdoutText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"spawn_yield", "futex_mutex", "racy_counter", "atomics_checks"})
    void fiftyRunsAreIdenticalAndEnginesAgree(String fixture) {
        RunOutcome first = run(fixture, Engine.COMPILER);
        for (int i = 0; i < 49; i++) {
            assertSameRun(first, run(fixture, Engine.COMPILER));
        }
        assertSameRun(first, run(fixture, Engine.INTERPRETER));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void futexMutexProtectsTheCounterUnderEverySchedule(Engine engine) {
        assertEquals("counter=9\n", run("futex_mutex", engine).stdoutText());
        for (long seed = 0; seed < 10; seed++) {
            long s = seed;
            RunOutcome o = run("futex_mutex", engine, () -> new SeededRandomPolicy(s));
            assertEquals("counter=9\n", o.stdoutText(), "seed " + seed + ": " + o.message());
        }
    }

    @Test
    void seededPolicyIsReproducibleAndExploresDifferentSchedules() {
        Set<String> outputs = new HashSet<>();
        Set<List<Decision>> schedules = new HashSet<>();
        for (long seed = 0; seed < 12; seed++) {
            long s = seed;
            RunOutcome a = run("racy_counter", Engine.COMPILER, () -> new SeededRandomPolicy(s));
            RunOutcome b = run("racy_counter", Engine.COMPILER, () -> new SeededRandomPolicy(s));
            assertSameRun(a, b);
            outputs.add(a.stdoutText());
            schedules.add(a.decisions());
        }
        assertTrue(schedules.size() > 1, "different seeds should give different schedules");
        assertTrue(outputs.size() > 1, "the racy counter should show different results: " + outputs);
    }

    @Test
    void scriptedScheduleReproducesARecordedRun() {
        RunOutcome recorded = run("racy_counter", Engine.COMPILER, () -> new SeededRandomPolicy(5));
        int[] choices = recorded.choices();
        RunOutcome replayed = run("racy_counter", Engine.INTERPRETER, () -> new ScriptedDecisions(choices, null));
        assertSameRun(recorded, replayed);
    }

    @Test
    void aScheduleThatDoesNotFitIsReported() {
        RunOutcome o = run("racy_counter", Engine.COMPILER, () -> new ScriptedDecisions(new int[] {0, 7}, null));
        assertEquals(Termination.SCHEDULE_DIVERGED, o.termination());
        assertTrue(o.message().contains("decision 1"), o.message());
        RunOutcome tooShort = run("racy_counter", Engine.COMPILER, () -> new ScriptedDecisions(new int[] {0}, null));
        assertEquals(Termination.SCHEDULE_DIVERGED, tooShort.termination());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deadlockListsEveryThread(Engine engine) {
        RunOutcome o = run("deadlock", engine);
        assertEquals(Termination.DEADLOCKED, o.termination());
        assertEquals(RunOutcome.EXIT_DEADLOCK, o.exitCode());
        assertTrue(o.message().contains("thread 0 (_start): waiting on address 0x30 without timeout since decision 1"),
                o.message());
        assertTrue(o.message().contains("thread 1 (wasi_thread_start): waiting on address 0x40"), o.message());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void atomicImportsFollowTheSpec(Engine engine) {
        RunOutcome o = run("atomics_checks", engine);
        assertEquals(Termination.RETURNED, o.termination(), o.message());
        assertEquals("1 2 1 0 2 2\n", o.stdoutText());
        assertEquals(1000, o.virtualNanos(), "only the timed-out wait moved the clock");
        assertTrap("atomics_unaligned", engine, "unaligned atomic");
        assertTrap("atomics_unshared", engine, "shared memory");
        assertTrap("atomics_oob", engine, "out of bounds memory access");
    }

    private static void assertTrap(String fixture, Engine engine, String message) {
        RunOutcome o = run(fixture, engine);
        assertEquals(Termination.TRAPPED, o.termination(), fixture);
        assertTrue(o.message().contains(message), fixture + ": " + o.message());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void preemptImportLetsASpinLoopMakeProgress(Engine engine) {
        RunOutcome o = run("preempt_spin", engine);
        assertEquals(Termination.RETURNED, o.termination(), o.message());
        assertEquals("flag seen\n", o.stdoutText());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTrapInASpawnedThreadEndsTheRun(Engine engine) {
        RunOutcome o = Sandbox.run(Fixtures.path("threads/preempt_spin.wasm"),
                RunOptions.builder().engine(engine).arg("trap").build());
        assertEquals(Termination.TRAPPED, o.termination());
        assertTrue(o.message().contains("unreachable"), o.message());
        assertEquals(List.of("boom", "wasi_thread_start"), o.guestStack());
    }

    @Test
    void cpuTimeCountsEveryGuestThread() {
        // the same busy loop on the main thread, then on a spawned thread while main spins
        Sandbox.run(Fixtures.path("threads/busy_thread.wasm"), RunOptions.defaults()); // JIT warm-up
        RunOutcome onMain = Sandbox.run(Fixtures.path("threads/busy_thread.wasm"), RunOptions.defaults());
        RunOutcome onSpawned = Sandbox.run(Fixtures.path("threads/busy_thread.wasm"),
                RunOptions.builder().arg("spawn").build());
        assertEquals(Termination.RETURNED, onMain.termination(), onMain.message());
        assertEquals(Termination.RETURNED, onSpawned.termination(), onSpawned.message());
        assertTrue(onMain.cpuNanos() > 0, "cpuNanos " + onMain.cpuNanos());
        // main's own share of the threaded run is a few spins: the loop's time must come from thread 1
        assertTrue(onSpawned.cpuNanos() > onMain.cpuNanos() / 2,
                "on the main thread " + onMain.cpuNanos() + " ns, on a spawned thread " + onSpawned.cpuNanos() + " ns");
    }

    @Test
    void hostDiagnosticsGoToTheLogNeverToGuestOutput() {
        List<String> log = new java.util.ArrayList<>();
        RunOutcome o = Sandbox.run(Fixtures.path("threads/spawn_yield.wasm"),
                RunOptions.builder().log(log::add).build());
        assertEquals(run("spawn_yield", Engine.COMPILER).stdoutText(), o.stdoutText());
        assertTrue(log.stream().anyMatch(l -> l.contains("spawns thread 1")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("run ends")), log.toString());
    }

    @Test
    void interpreterBudgetStopsTheRun() {
        RunOutcome o = Sandbox.run(Fixtures.path("threads/preempt_spin.wasm"),
                RunOptions.builder().engine(Engine.INTERPRETER).maxInstructions(5).build());
        assertEquals(Termination.BUDGET_EXHAUSTED, o.termination());
        assertEquals(RunOutcome.EXIT_BUDGET, o.exitCode());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void selectIsADecisionAndAssertFailsTheRun(Engine engine) {
        RunOutcome ok = run("assert_select", engine);
        assertEquals(Termination.RETURNED, ok.termination(), ok.message());
        assertEquals(List.of(new Decision(DecisionKind.SELECT, 3, 0), new Decision(DecisionKind.SELECT, 2, 0)),
                ok.decisions());
        RunOutcome bad = run("assert_select", engine, () -> new ScriptedDecisions(new int[] {2, 1}, null));
        assertEquals(Termination.TRAPPED, bad.termination());
        assertEquals("assertion failed: both picked their last option", bad.message());
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.reprise.runtime.GuestTrapException.class, bad::orThrow);
        assertEquals(bad.message(), e.getMessage());
    }

    @Test
    void threadAwareSourcesSeeTheOptionTids() {
        List<String> seen = new java.util.ArrayList<>();
        DecisionSource spy = new DecisionSource() {
            @Override
            public int choose(DecisionKind kind, int optionCount) {
                throw new AssertionError("the scheduler must call chooseAmong");
            }

            @Override
            public int chooseAmong(DecisionKind kind, int[] options) {
                seen.add(kind + java.util.Arrays.toString(options));
                return 0;
            }
        };
        RunOutcome o = run("spawn_yield", Engine.COMPILER, () -> spy);
        assertEquals(0, o.exitCode());
        assertEquals(List.of("NEXT_THREAD[0, 1]", "NEXT_THREAD[1, 0]", "NEXT_THREAD[0, 1]", "NEXT_THREAD[1, 0]",
                "NEXT_THREAD[0, 1]"), seen);
    }

    @Test
    void anExceptionFromTheDecisionSourceAbortsTheRun() {
        class Prune extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Prune() {
                super("already explored");
            }
        }
        DecisionSource pruning = (kind, n) -> {
            throw new Prune();
        };
        org.junit.jupiter.api.Assertions.assertThrows(Prune.class, () -> run("racy_counter", Engine.INTERPRETER,
                () -> pruning));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void declaredSharedMemoryIsSharedByAllThreads(Engine engine) {
        RunOutcome o = run("declared_shared", engine);
        assertEquals(Termination.EXITED, o.termination(), o.message());
        assertEquals(7, o.exitCode());
    }
}
