package dev.reprise.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceEvent.ExportCall;
import dev.reprise.record.trace.TraceEvent.ExportReturn;
import dev.reprise.record.trace.TraceEvent.GlobalChange;
import dev.reprise.record.trace.TraceEvent.HostRead;
import dev.reprise.record.trace.TraceEvent.ImportCall;
import dev.reprise.record.trace.TraceEvent.ImportReturn;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reducer on hand-built traces: placement, shadow, merging, run-length dedup, codec. */
class ReducerTest {
    static Trace trace(TraceEvent... events) {
        return new Trace(TraceHeader.of(new byte[0], RecorderKind.values()[0], List.of(), StartOptions.NONE, Map.of()),
                List.of(events), true);
    }

    static ExportCall ec(int f) {
        return new ExportCall(0, f, "e" + f, List.of());
    }

    static ImportCall ic(int f) {
        return new ImportCall(0, f, "env", "i" + f, List.of());
    }

    static ImportReturn ir(int f, Value... results) {
        return new ImportReturn(0, f, List.of(results));
    }

    static HostRead read(long addr, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new HostRead(0, 0, addr, b);
    }

    static ExportReturn er(int f) {
        return new ExportReturn(0, f, List.of());
    }

    @Test
    void readAfterImportReturnIsStoredBeforeThatReturnAndMerged() {
        ReducedTrace t = new Reducer().reduce(trace(ec(5), ic(0), ir(0), ic(1), ir(1, Value.i32(7)),
                read(100, 1, 0, 0, 0), read(104, 2), read(100, 1, 0, 0, 0), er(5)));
        assertEquals(1, t.driver().size());
        assertTrue(t.driver().get(0).before().isEmpty());
        assertTrue(t.importReplay(0).runs().get(0).call().isEmpty(), "the earlier import gets nothing");
        ImportCallReplay c = t.importReplay(1).runs().get(0).call();
        assertEquals(List.of(Value.i32(7)), c.results());
        assertEquals(1, c.beforeReturn().size(), c.beforeReturn().toString());
        Effect.Store s = (Effect.Store) c.beforeReturn().get(0);
        assertEquals(100, s.address());
        assertArrayEquals(new byte[] {1, 0, 0, 0, 2}, s.bytes());
    }

    @Test
    void readBeforeAnyImportIsStoredBeforeTheExportCall() {
        ReducedTrace t = new Reducer().reduce(trace(ec(2), read(8, 9), er(2)));
        assertEquals(List.of(new Effect.Store(0, 8, new byte[] {9})), t.driver().get(0).before());
    }

    @Test
    void reentrantCallGetsItsOwnPointAndNests() {
        ReducedTrace t = new Reducer().reduce(trace(ec(3), ic(0), ec(4), read(1, 1), er(4), ir(0), read(2, 2), er(3)));
        ImportCallReplay c = t.importReplay(0).runs().get(0).call();
        assertEquals(1, c.nested().size());
        assertEquals(4, c.nested().get(0).funcIndex());
        assertEquals(List.of(new Effect.Store(0, 1, new byte[] {1})), c.nested().get(0).before());
        assertEquals(List.of(new Effect.Store(0, 2, new byte[] {2})), c.beforeReturn());
    }

    @Test
    void moduleOwnWritesInTheSameSegmentNeedNoStore() {
        // full trace: the module reads 1, writes 5 itself, reads 5: no host control in between;
        // after the second call it reads 5 again: unchanged, but the module may have written
        // something else there meanwhile (a reused stack slot), so it is replayed; then it writes
        // 6 itself and reads it in the same segment: nothing
        ReducedTrace t = new Reducer().reduce(trace(ec(1), ic(0), ir(0), read(0, 1), read(0, 5), ic(0), ir(0),
                read(0, 5), read(0, 6), er(1)));
        List<CallRun> runs = t.importReplay(0).runs();
        assertEquals(2, runs.size());
        assertEquals(List.of(new Effect.Store(0, 0, new byte[] {1})), runs.get(0).call().beforeReturn());
        assertEquals(List.of(new Effect.Store(0, 0, new byte[] {5})), runs.get(1).call().beforeReturn(),
                "a read after host control is replayed even when unchanged; the self-written 6 is dropped");
    }

    @Test
    void withoutReductionEveryReadIsReplayedWithTheValueItsSegmentStartedWith() {
        // the module reads 1, writes 5 itself and reads 5 in the same segment: the unreduced
        // replay stores 1 twice (the second time "as read", unmerged); storing the 5 at the
        // control point would make the first read see 5 (found by ReplayFigures: the replay of
        // fib trapped in its self-check)
        ReducedTrace t = new Reducer().shadow(false).reduce(trace(ec(1), ic(0), ir(0), read(0, 1, 7), read(0, 5),
                er(1)));
        assertEquals(List.of(new Effect.Store(0, 0, new byte[] {1, 7}), new Effect.Store(0, 0, new byte[] {1})),
                t.importReplay(0).runs().get(0).call().beforeReturn());
    }

    @Test
    void identicalCallsAreRunLengthEncoded() {
        ReducedTrace t = new Reducer().reduce(trace(ec(1), ic(0), ir(0, Value.i32(1)), ic(0), ir(0, Value.i32(1)),
                ic(0), ir(0, Value.i32(1)), ic(0), ir(0, Value.i32(2)), er(1)));
        List<CallRun> runs = t.importReplay(0).runs();
        assertEquals(2, runs.size());
        assertEquals(3, runs.get(0).count());
        assertEquals(4, t.importReplay(0).calls());
    }

    @Test
    void noMergeKeepsOneStorePerByteAndStatsCount() {
        Trace tr = trace(ec(1), read(0, 1, 2, 3), er(1));
        Reducer.Result r = new Reducer().merge(false).reduceWithStats(tr);
        assertEquals(3, r.trace().driver().get(0).before().size());
        assertEquals(3, r.stats().before().get("host_read")[1]);
        assertEquals(3, r.stats().after().get("store")[0]);
        assertEquals(3, r.stats().eventsBefore());
    }

    @Test
    void globalsBeforeTheFirstCallAreInitialValues() {
        ReducedTrace t = new Reducer().reduce(trace(new GlobalChange(0, 0, Value.f64(1.5)), ec(1),
                new GlobalChange(0, 0, Value.f64(1.5)), er(1)));
        assertEquals(Map.of(0, Value.f64(1.5)), t.initialGlobals());
        // the host had control before the export call, so the value read then is set again
        // (harmless when unchanged; needed when the module changed it in its start function)
        assertEquals(1, t.driver().get(0).before().size());
    }

    @Test
    void codecRoundTripsAndRejectsDamage() {
        ReducedTrace t = new Reducer().reduce(trace(new GlobalChange(0, 0, Value.v128(1, -1)), ec(3), ic(0),
                ec(4), read(1, 1), er(4), ir(0, Value.i64(Long.MIN_VALUE), Value.f32Bits(0x7fc00001)), read(2, 2, 3),
                er(3)));
        byte[] bytes = ReducedTraceCodec.write(t);
        assertEquals(t, ReducedTraceCodec.read(bytes));
        assertThrows(BadTraceException.class, () -> ReducedTraceCodec.read(java.util.Arrays.copyOf(bytes, bytes.length - 5)));
        byte[] bad = bytes.clone();
        bad[1] = 'x';
        assertTrue(assertThrows(BadTraceException.class, () -> ReducedTraceCodec.read(bad)).getMessage().contains("magic"));
    }

    @Test
    void effectsMadeWhileTheHostRunsGoToTheNextPoint() {
        ReducedTrace t = new Reducer().reduce(trace(ec(1), ic(0), ir(0), ic(2),
                new TraceEvent.TableSet(0, 0, 3, Value.funcref(1)), ec(4), er(4),
                new GlobalChange(0, 0, Value.i32(9)), ir(2), er(1)));
        assertTrue(t.importReplay(0).runs().get(0).call().isEmpty(), "nothing goes back into the earlier call");
        ImportCallReplay c = t.importReplay(2).runs().get(0).call();
        assertEquals(List.of(new Effect.TableSet(0, 3, Value.funcref(1))), c.nested().get(0).before());
        assertEquals(List.of(new Effect.GlobalSet(0, Value.i32(9))), c.beforeReturn());
    }

    /** A trace whose header says which tables the module's code writes ({@code tables-written}). */
    static Trace traceWritingTables(String written, TraceEvent... events) {
        return new Trace(TraceHeader.of(new byte[0], RecorderKind.JS, List.of(), new StartOptions(List.of(), Map.of(), 0,
                Map.of(dev.reprise.transform.record.TableWrites.TRACE_OPTION, written)), Map.of()), List.of(events), true);
    }

    /** Entries of table 0 read by call_indirect in three host-control segments: 7, 7 again, then 8. */
    private static TraceEvent[] threeSegmentsOfTableReads() {
        TraceEvent.TableSet seven = new TraceEvent.TableSet(0, 0, 36, Value.funcref(7));
        return new TraceEvent[] {ec(1), seven, ic(0), ir(0), seven, seven, ic(0), ir(0),
                new TraceEvent.TableSet(0, 0, 36, Value.funcref(8)), er(1)};
    }

    /** The table sets the replay performs: before export calls, and in every import call. */
    private static long tableSets(ReducedTrace t) {
        long before = t.driver().stream().mapToLong(d -> d.before().stream().filter(e -> e instanceof Effect.TableSet).count()).sum();
        long inCalls = t.imports().stream().flatMap(r -> r.runs().stream())
                .mapToLong(r -> r.count() * r.call().beforeReturn().stream().filter(e -> e instanceof Effect.TableSet).count())
                .sum();
        return before + inCalls;
    }

    @Test
    void anUnchangedReReadOfATableOnlyTheHostWritesIsNotReplayed() {
        // the header says the module writes no table: the second segment's 7 is what the replay's table holds
        ReducedTrace hostOnly = new Reducer().reduce(traceWritingTables("", threeSegmentsOfTableReads()));
        assertEquals(2, tableSets(hostOnly), hostOnly.toString());
        assertEquals(List.of(new Effect.TableSet(0, 36, Value.funcref(7))), hostOnly.driver().get(0).before());
        assertEquals(List.of(new Effect.TableSet(0, 36, Value.funcref(8))),
                hostOnly.importReplay(0).runs().get(hostOnly.importReplay(0).runs().size() - 1).call().beforeReturn());
        // the module writes table 0 (or the header does not say): every segment's first read is replayed
        for (Trace t : List.of(traceWritingTables("0", threeSegmentsOfTableReads()), trace(threeSegmentsOfTableReads()))) {
            ReducedTrace r = new Reducer().reduce(t);
            assertEquals(3, tableSets(r), r.toString());
        }
        // the "without reduction" ablation keeps them all too
        assertEquals(3, tableSets(new Reducer().shadow(false).reduce(traceWritingTables("", threeSegmentsOfTableReads()))));
        assertThrows(UnsupportedTraceException.class,
                () -> new Reducer().reduce(traceWritingTables("zero", threeSegmentsOfTableReads())));
    }

    @Test
    void unbalancedTraceIsAClearError() {
        assertThrows(UnsupportedTraceException.class, () -> new Reducer().reduce(trace(ec(1), ir(0))));
    }

    /** Emscripten's longjmp: an import (invoke) calls back in, an inner import throws, the invoke catches and returns. */
    @Test
    void anExceptionTheHostThrewThroughGuestFramesIsNamedAsSuch() {
        UnsupportedTraceException e = assertThrows(UnsupportedTraceException.class,
                () -> new Reducer().reduce(trace(ec(9), ic(1), ec(8), ic(2), ir(1), er(9))));
        assertTrue(e.getMessage().contains("event 4: import 1 (i1) returns while calls it made are still open"), e.getMessage());
        assertTrue(e.getMessage().contains("setjmp/longjmp"), e.getMessage());
    }

    static TraceEvent.Unwind unwind(int frames, int thrower) {
        return new TraceEvent.Unwind(0, frames, thrower);
    }

    /**
     * The same with the recorder's unwind event: the thrower's writes before it threw become its
     * effects, the export it went through is unwound, the catching call goes on with the calls its
     * host made after catching, and the reduced trace takes format version 4 and round-trips.
     */
    @Test
    void anUnwindEndsTheCallsAboveTheCatcherAndTheCatcherGoesOn() {
        ReducedTrace t = new Reducer().reduce(trace(ec(9), ic(1), ec(8), ic(2), write(40, 1), unwind(2, 2), write(41, 2),
                ec(7), er(7), ir(1, Value.i32(-1)), er(9)));
        ImportCallReplay invoke = t.importReplay(1).runs().get(0).call();
        assertTrue(invoke.returns() && !invoke.threw());
        assertEquals(2, invoke.nested().size());
        ExportInvoke unwound = invoke.nested().get(0);
        assertTrue(unwound.unwound() && !unwound.returned());
        assertEquals(List.of(new Effect.Store(0, 41, new byte[] {2})), invoke.nested().get(1).before());
        ImportCallReplay thrower = t.importReplay(2).runs().get(0).call();
        assertTrue(thrower.threw() && !thrower.returns() && !thrower.passesOnAThrow());
        assertEquals(List.of(new Effect.Store(0, 40, new byte[] {1})), thrower.beforeReturn());
        assertTrue(t.unwinds());
        assertEquals(ReducedTrace.UNWINDING_VERSION, t.formatVersion());
        byte[] bytes = ReducedTraceCodec.write(t);
        assertEquals(t.importReplay(1), ReducedTraceCodec.read(bytes).importReplay(1));
        assertEquals(t.importReplay(2), ReducedTraceCodec.read(bytes).importReplay(2));
        assertThrows(IllegalArgumentException.class, () -> ReducedTraceCodec.write(new ReducedTrace(
                ReducedTrace.CURRENT_VERSION, t.moduleSha256(), t.preamble(), t.initialGlobals(), t.driver(), t.imports())));
    }

    /** An import between the thrower and the catcher passed the exception on: it threw from its nested call. */
    @Test
    void anImportTheExceptionWentThroughPassesItOn() {
        ReducedTrace t = new Reducer().reduce(trace(ec(9), ic(1), ec(8), ic(3), ec(6), ic(2), unwind(4, 2),
                ir(1), er(9)));
        ImportCallReplay between = t.importReplay(3).runs().get(0).call();
        assertTrue(between.threw() && between.passesOnAThrow());
        assertTrue(t.importReplay(2).runs().get(0).call().threw());
        assertTrue(t.importReplay(1).runs().get(0).call().nested().get(0).unwound());
    }

    @Test
    void anUnwindThatDoesNotFitTheOpenCallsIsAClearError() {
        UnsupportedTraceException tooMany = assertThrows(UnsupportedTraceException.class,
                () -> new Reducer().reduce(trace(ec(9), ic(1), unwind(3, 1), er(9))));
        assertTrue(tooMany.getMessage().contains("event 2: an unwind of 3 calls, but 2 are open"), tooMany.getMessage());
        UnsupportedTraceException thrower = assertThrows(UnsupportedTraceException.class,
                () -> new Reducer().reduce(trace(ec(9), ic(1), ec(8), ic(2), unwind(2, 1), ir(1), er(9))));
        assertTrue(thrower.getMessage().contains("names import 1 as the thrower, but the innermost import call it ends is 2"),
                thrower.getMessage());
    }

    static TraceEvent.HostWrite write(long addr, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new TraceEvent.HostWrite(0, 0, addr, b);
    }

    @Test
    void hostWritesBecomeTheStoresOfTheImportCallTheyHappenedIn() {
        // host mode: writes inside an import go before its return (the later write of a byte wins);
        // writes before the first export call are the preamble
        ReducedTrace t = new Reducer().reduce(trace(write(50, 7), ec(5), ic(0), write(100, 1, 2, 3),
                write(102, 9, 4), write(200, 5), ir(0, Value.i32(0)), ic(1), ir(1), er(5)));
        assertEquals(List.of(new Effect.Store(0, 50, new byte[] {7})), t.preamble());
        ImportCallReplay c = t.importReplay(0).runs().get(0).call();
        assertEquals(List.of(new Effect.Store(0, 100, new byte[] {1, 2, 9, 4}), new Effect.Store(0, 200, new byte[] {5})),
                c.beforeReturn());
        assertTrue(t.importReplay(1).runs().get(0).call().beforeReturn().isEmpty());
    }

    @Test
    void hostWritesBeforeANestedExportCallGoBeforeIt() {
        ReducedTrace t = new Reducer().reduce(trace(ec(5), ic(0), write(100, 1), ec(6), er(6), write(101, 2), ir(0), er(5)));
        ImportCallReplay c = t.importReplay(0).runs().get(0).call();
        assertEquals(List.of(new Effect.Store(0, 100, new byte[] {1})), c.nested().get(0).before());
        assertEquals(List.of(new Effect.Store(0, 101, new byte[] {2})), c.beforeReturn());
    }

    @Test
    void finalMemoryDigestsAreKeptAndRoundTripThroughTheCodec() {
        byte[] sha = new byte[32];
        sha[0] = 7;
        TraceEvent.MemoryDigest d = new TraceEvent.MemoryDigest(0, 0, 3, sha);
        ReducedTrace t = new Reducer().reduce(trace(ec(5), ic(0), ir(0), er(5), d));
        assertEquals(List.of(d), t.finalMemories());
        byte[] bytes = ReducedTraceCodec.write(t);
        assertEquals(t, ReducedTraceCodec.read(bytes));
        assertEquals(ReducedTrace.CURRENT_VERSION, (bytes[8] << 8) | bytes[9]);
    }

    @Test
    void version1ReducedTracesAreStillRead() {
        ReducedTrace t = new Reducer().reduce(trace(ec(5), ic(0), ir(0, Value.i32(3)), er(5)));
        ReducedTrace v1 = new ReducedTrace(1, t.moduleSha256(), t.preamble(), t.initialGlobals(), t.driver(), t.imports());
        byte[] bytes = ReducedTraceCodec.write(v1);
        assertEquals(1, (bytes[8] << 8) | bytes[9]);
        ReducedTrace back = ReducedTraceCodec.read(bytes);
        assertEquals(v1, back);
        assertTrue(back.finalMemories().isEmpty());
    }

    @Test
    void hostFunctionsAreDeclaredTheirCallsReplayedAsImportsAndTheGrowthAndSlotAreEffects() {
        TraceEvent.HostFunction h = new TraceEvent.HostFunction(0, 30, List.of(dev.reprise.record.trace.ValType.I32),
                List.of(dev.reprise.record.trace.ValType.I32));
        ReducedTrace t = new Reducer().reduce(trace(ec(9), new TraceEvent.TableGrow(0, 0, 5), h,
                new TraceEvent.TableSet(0, 0, 4, Value.funcref(30)),
                new ImportCall(0, 30, "reprise.host", "function.30", List.of(Value.i32(2))), ec(8), er(8),
                ir(30, Value.i32(6)), er(9)));
        assertEquals(List.of(h), t.hostFunctions());
        assertEquals(ReducedTrace.HOST_FUNCTIONS_VERSION, t.formatVersion());
        assertEquals(List.of(new Effect.TableGrow(0, 5), new Effect.TableSet(0, 4, Value.funcref(30))),
                t.driver().get(0).before(), "the host grew the table and set its function before the export call");
        ImportCallReplay call = t.importReplay(30).runs().get(0).call();
        assertEquals(List.of(Value.i32(6)), call.results());
        assertEquals(1, call.nested().size());
        ReducedTrace back = ReducedTraceCodec.read(ReducedTraceCodec.write(t));
        assertEquals(t, back);
        UnsupportedTraceException twice = assertThrows(UnsupportedTraceException.class,
                () -> new Reducer().reduce(trace(ec(9), h, h, er(9))));
        assertTrue(twice.getMessage().contains("event 2: host function 30 declared twice"), twice.getMessage());
    }
}
