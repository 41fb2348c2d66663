package dev.reprise.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.DecisionKind;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reducer on hand-built multi-threaded traces: per-thread stacks, global host-control points, the schedule. */
class ThreadedReducerTest {
    static Trace trace(Map<String, String> options, TraceEvent... events) {
        return new Trace(TraceHeader.of(new byte[0], RecorderKind.WASI, List.of(),
                new StartOptions(List.of(), Map.of(), 0, options), Map.of()), List.of(events), true);
    }

    static Trace trace(TraceEvent... events) {
        return trace(Map.of("clock-start", "5", "clock-step", "1000", "preempt-budget", "10000"), events);
    }

    static TraceEvent ec(int tid, int f, Value... args) {
        return new TraceEvent.ExportCall(tid, f, "e" + f, List.of(args));
    }

    static TraceEvent er(int tid, int f) {
        return new TraceEvent.ExportReturn(tid, f, List.of());
    }

    static TraceEvent ic(int tid, int f, String module, String name, Value... args) {
        return new TraceEvent.ImportCall(tid, f, module, name, List.of(args));
    }

    static TraceEvent ic(int tid, int f) {
        return ic(tid, f, "env", "i" + f);
    }

    static TraceEvent ir(int tid, int f, Value... results) {
        return new TraceEvent.ImportReturn(tid, f, List.of(results));
    }

    static TraceEvent read(int tid, long addr, int b) {
        return new TraceEvent.HostRead(tid, 0, addr, new byte[] {(byte) b});
    }

    static TraceEvent decision(int tid, int options, int choice) {
        return new TraceEvent.SchedulerDecision(tid, DecisionKind.THREAD_SWITCH, options, choice);
    }

    /** main spawns thread 1 (import 0 = wasi.thread-spawn); both call import 1; calls interleave. */
    static Trace spawnAndInterleave() {
        return trace(
                ec(0, 9),
                ic(0, 0, "wasi", "thread-spawn", Value.i32(77)),
                decision(0, 2, 1),
                ec(1, 8, Value.i32(1), Value.i32(77)),             // thread 1 starts while main is in thread-spawn
                ic(1, 1, "env", "i1", Value.i32(10)),
                ir(1, 1, Value.i32(100)),                         // host-control point A (thread 1)
                decision(1, 2, 0),
                ir(0, 0, Value.i32(1)),                           // a runtime import returning: no control point
                new TraceEvent.ThreadSpawn(0, 1, 77),
                read(0, 64, 5),                                   // main reads what the host wrote in A
                ic(0, 1, "env", "i1", Value.i32(20)),
                ir(0, 1, Value.i32(200)),                         // control point B (main)
                read(1, 65, 6),                                   // thread 1 reads after B: provided at B
                er(1, 8),
                er(0, 9));
    }

    @Test
    void eachThreadKeepsItsOwnCallsAndEffectsGoToTheLatestControlPointOfAnyThread() {
        ReducedTrace t = new Reducer().reduce(spawnAndInterleave());
        assertTrue(t.multiThreaded());
        assertEquals(1, t.driver().size());
        assertNull(t.importReplay(0), "thread-spawn is the runtime's: kept, not replayed");
        ImportCallReplay main = t.importReplay(1).runs().get(0).call();
        assertEquals(List.of(Value.i32(20)), main.args());
        assertEquals(List.of(new Effect.Store(0, 65, new byte[] {6})), main.beforeReturn(),
                "thread 1's read after main's return is provided at main's return");
        ThreadReplay th = t.threads().get(0);
        assertEquals(1, th.tid());
        assertEquals(0, th.parent());
        assertEquals(77, th.arg());
        assertEquals(8, th.start().funcIndex());
        ImportCallReplay other = th.importReplay(1).runs().get(0).call();
        assertEquals(List.of(Value.i32(10)), other.args());
        assertEquals(List.of(new Effect.Store(0, 64, new byte[] {5})), other.beforeReturn(),
                "main's read after thread 1's return is provided at thread 1's return");
        assertEquals(List.of(new Schedule.Decision(DecisionKind.THREAD_SWITCH, 2, 1),
                new Schedule.Decision(DecisionKind.THREAD_SWITCH, 2, 0)), t.schedule().decisions());
        assertEquals(5, t.schedule().clockStartNanos());
        assertEquals(1000, t.schedule().clockStepNanos());
        assertEquals(10_000, t.schedule().preemptBudget());
    }

    private static TraceEvent resume(int tid, int choice) {
        return new TraceEvent.SchedulerDecision(tid, DecisionKind.RESUME, 3, choice);
    }

    /**
     * A recording of several JavaScript realms (reprise-threads.mjs, header option threads=realms):
     * each thread's top-level calls, the times it took the baton outside the module before each
     * (a resume inside a call is a wait's end, not an entry), the decisions with their threads.
     */
    @Test
    void aTraceOfRealmsKeepsEachThreadsCallsAndEntries() {
        Trace t = trace(Map.of("threads", Reducer.THREADS_IN_REALMS),
                resume(0, 0), // main's instantiation
                resume(0, 0), ec(0, 1), // main's first call
                resume(1, 0), // the worker's instantiation: main gave the baton up in a wait (no event)
                resume(1, 0), ec(1, 2), er(1, 2),
                new TraceEvent.SchedulerDecision(0, DecisionKind.TIMED_OUT, 0, 0),
                resume(0, 2), er(0, 1), // main's wait timed out, inside its call
                resume(1, 0), resume(1, 0), ec(1, 3), er(1, 3)); // the worker took the baton twice before its call
        ReducedTrace r = new Reducer().reduce(t);
        assertEquals(ReducedTrace.REALMS_VERSION, r.formatVersion());
        assertEquals(List.of(1), r.driver().stream().map(ExportInvoke::funcIndex).toList());
        assertEquals(1, r.threads().size());
        ThreadReplay worker = r.threads().get(0);
        assertTrue(worker.realm());
        assertNull(worker.start());
        assertEquals(List.of(2, 3), worker.calls().stream().map(ExportInvoke::funcIndex).toList());
        assertEquals(Map.of(0, List.of(1, 0), 1, List.of(1, 2, 0)), r.schedule().realmEntries());
        assertEquals(List.of(0, 0, 1, 1, 0, 0, 1, 1), r.schedule().decisions().stream()
                .map(Schedule.Decision::tid).toList());
        assertEquals(r, ReducedTraceCodec.read(ReducedTraceCodec.write(r)));
    }

    @Test
    void aRealmEnteredWithoutTakingTheBatonIsRefused() {
        UnsupportedTraceException e = assertThrows(UnsupportedTraceException.class, () -> new Reducer().reduce(
                trace(Map.of("threads", Reducer.THREADS_IN_REALMS), resume(0, 0), ec(0, 1), er(0, 1), ec(1, 2))));
        assertTrue(e.getMessage().contains("event 3: thread 1 entered the module without taking the baton first"),
                e.getMessage());
    }

    @Test
    void threadsAndScheduleRoundTripThroughTheCodec() {
        ReducedTrace t = new Reducer().reduce(spawnAndInterleave());
        byte[] bytes = ReducedTraceCodec.write(t);
        assertEquals(ReducedTrace.CURRENT_VERSION, (bytes[8] << 8) | bytes[9]);
        assertEquals(t, ReducedTraceCodec.read(bytes));
    }

    @Test
    void aThreadThatNeverStartedHasNoStartCall() {
        ReducedTrace t = new Reducer().reduce(trace(ec(0, 9), ic(0, 0, "wasi", "thread-spawn", Value.i32(3)),
                ir(0, 0, Value.i32(1)), new TraceEvent.ThreadSpawn(0, 1, 3), ic(0, 1), ir(0, 1), er(0, 9)));
        assertNull(t.threads().get(0).start());
        assertEquals(t, ReducedTraceCodec.read(ReducedTraceCodec.write(t)));
    }

    @Test
    void eventsOnAThreadNoSpawnCreatedAreRefused() {
        UnsupportedTraceException e = assertThrows(UnsupportedTraceException.class,
                () -> new Reducer().reduce(trace(ec(0, 9), ec(2, 8), er(2, 8), er(0, 9))));
        assertTrue(e.getMessage().contains("event 1 is on thread 2"), e.getMessage());
    }

    @Test
    void aReturnOnTheWrongThreadIsRefusedWithItsIndex() {
        UnsupportedTraceException e = assertThrows(UnsupportedTraceException.class, () -> new Reducer().reduce(trace(
                ec(0, 9), ic(0, 0, "wasi", "thread-spawn"), ir(0, 0, Value.i32(1)), new TraceEvent.ThreadSpawn(0, 1, 0),
                ic(0, 1), ir(1, 1))));
        assertTrue(e.getMessage().contains("event 5") && e.getMessage().contains("thread 1"), e.getMessage());
    }

    @Test
    void anInstructionQuantumRecordingIsRefused() {
        UnsupportedTraceException e = assertThrows(UnsupportedTraceException.class, () -> new Reducer().reduce(
                trace(Map.of("preempt-quantum", "1000"), ec(0, 9), ic(0, 0, "wasi", "thread-spawn"),
                        ir(0, 0, Value.i32(1)), new TraceEvent.ThreadSpawn(0, 1, 0), er(0, 9))));
        assertTrue(e.getMessage().contains("quantum"), e.getMessage());
    }

    @Test
    void singleThreadedTracesKeepTheRuntimeImportsReplayed() {
        ReducedTrace t = new Reducer().reduce(trace(ec(0, 9), ic(0, 0, "reprise", "preempt"), ir(0, 0), er(0, 9)));
        assertTrue(!t.multiThreaded() && t.schedule().equals(Schedule.NONE));
        assertEquals(1, t.importReplay(0).calls(), "one thread: every import is replayed, as before");
    }
}
