package dev.reprise.replay.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.host.NodeRecorder;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.verify.internal.FinalMemories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Traces recorded under node by the JavaScript recorder (which writes no final memory digests)
 * verify: the re-recording's digests are not held against them, every other event is compared,
 * and a changed result still fails at its event. In full mode everywhere, and in shadow mode
 * (the recorder's default) when the node runs multi-memory: {@code -Dreprise.node=PATH} of node 24
 * ({@code reprise corpus fetch --node}); under node 20 a shadow request records in full mode.
 */
class NodeRecordedVerifyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    @TempDir
    Path tmp;

    @BeforeEach
    void needsNode() {
        Assumptions.assumeTrue(FinalMemories.nodeAvailable(), "skipped: node is not on the PATH");
    }

    /** The record module's node fixtures (host scripts and the re-entrant module), shared rather than copied. */
    private static Path resource(String name) {
        return Path.of("..", "record", "src", "test", "resources", "node", name);
    }

    @ParameterizedTest
    @CsvSource({"clock_gettime-monotonic,true", "clock_getres-realtime,true", "clock_gettime-realtime,true",
            "clock_gettime-monotonic,false", "clock_getres-realtime,false", "clock_gettime-realtime,false"})
    void wasiProgramRecordedUnderNodeVerifies(String program, boolean full) throws IOException {
        byte[] wasm = Files.readAllBytes(VerifyTest.wasiTest(program));
        Path trace = tmp.resolve(program + ".trace");
        NodeRecorder.Result rec = NodeRecorder.record(wasm, program + ".wasm", resource("wasi-host.mjs"), List.of(), trace,
                full, TIMEOUT, Map.of(), null, null);
        Trace t = TraceReader.readAll(trace);
        assertEquals(full || !NodeRecorder.nodeHasMultiMemory() ? "full" : "shadow", rec.mode().text());
        assertEquals(rec.mode().text(), t.header().start().options().get("reads"));
        assertEquals(rec.mode().text().equals("shadow"), t.events().stream().anyMatch(e -> e.kind() == EventKind.MEMORY_DIGEST),
                "the JavaScript recorder writes the final memories' digests in shadow mode only");
        byte[] replay = new ReplayGenerator().generate(wasm, new dev.reprise.reduce.Reducer().reduce(t)).wasm();
        VerifyReport r = new Verifier(false).verify(wasm, replay, Expectation.of(t));
        assertTrue(r.faithful(), r.format());
        assertTrue(r.eventsCompared() >= t.events().size() - 1, r.format());
    }

    /**
     * The two recorders agree: a WASI program recorded by reprise's runtime ({@code WasiRecorder},
     * the JVM's hooks) is re-recorded under node by the JavaScript recorder
     * ({@code --rerecord-under node}) with every event identical, output digests and the final
     * memory's included. Full mode everywhere; shadow mode where node has multi-memory.
     */
    @ParameterizedTest
    @CsvSource({"clock_gettime-monotonic,true", "fopen-with-access,true", "clock_gettime-monotonic,false",
            "fopen-with-access,false"})
    void aTraceOfReprisesRuntimeReRecordsIdenticallyUnderNode(String program, boolean full) throws Exception {
        Assumptions.assumeTrue(full || NodeRecorder.nodeHasMultiMemory(), "skipped: shadow mode needs node 24");
        byte[] wasm = Files.readAllBytes(VerifyTest.wasiTest(program));
        Path trace = tmp.resolve(program + ".trace");
        dev.reprise.record.host.WasiRecorder.record(wasm, program + ".wasm", dev.reprise.runtime.RunOptions.builder()
                .stdout(new java.io.ByteArrayOutputStream()).stderr(new java.io.ByteArrayOutputStream()).build(), trace, full);
        Trace t = TraceReader.readAll(trace);
        byte[] replay = new ReplayGenerator().generate(wasm, new dev.reprise.reduce.Reducer().reduce(t)).wasm();
        VerifyReport r = new Verifier(false).rerecordingUnder(Verifier.Rerecorder.NODE).verify(wasm, replay, Expectation.of(t));
        assertTrue(r.faithful(), r.format());
        assertEquals(t.events().size(), r.eventsCompared(), r.format());
        assertTrue(r.format().contains("under node with the JavaScript recorder"), r.format());
    }

    /**
     * A trace recorded under node is re-recorded under node by default ({@link Verifier.Rerecorder#AUTO}),
     * with the JavaScript recorder, and under reprise's runtime when asked: both re-recordings give
     * every event of the trace, for the re-entrant host, longjmp's unwinds (node 24: exception
     * handling) and functions the host adds to the table (their stand-ins declared as the host's).
     */
    @ParameterizedTest
    @CsvSource({"reentry,reentry-host.mjs,instance 5 1.5", "longjmp,longjmp-host.mjs,5",
            "add_function,add-function-host.mjs,5", "table_call,table-call-host.mjs,3 5"})
    void nodeAndRuntimeRerecordingsAgree(String name, String host, String args) throws IOException {
        byte[] wasm = Files.readAllBytes(resource(name + ".wasm"));
        Path trace = tmp.resolve(name + ".trace");
        NodeRecorder.Result rec = NodeRecorder.record(wasm, name + ".wasm", resource(host), List.of(args.split(" ")),
                trace, false, TIMEOUT, Map.of(), null, null);
        assertEquals(0, rec.exitCode(), rec.stderrTail());
        Trace t = TraceReader.readAll(trace);
        byte[] replay = new ReplayGenerator().generate(wasm, new dev.reprise.reduce.Reducer().reduce(t)).wasm();
        VerifyReport onRuntime = new Verifier(false).rerecordingUnder(Verifier.Rerecorder.RUNTIME)
                .verify(wasm, replay, Expectation.of(t));
        assertTrue(onRuntime.faithful(), onRuntime.format());
        assertTrue(onRuntime.format().contains("under reprise's runtime,"), onRuntime.format());
        VerifyReport auto = new Verifier(false).verify(wasm, replay, Expectation.of(t));
        assertTrue(auto.faithful(), auto.format());
        assertEquals(t.events().size(), auto.eventsCompared(), auto.format());
        assertEquals(onRuntime.eventsCompared(), auto.eventsCompared());
        // longjmp's replay throws and catches with try_table, which node 20 cannot compile: the runtime steps in
        assertTrue(auto.format().contains("under node with the JavaScript recorder") || name.equals("longjmp")
                && auto.format().contains("re-recorded under reprise's runtime instead"), auto.format());
    }

    /**
     * A replay reprise's runtime is not to run (the bench's WASI programs on engine node, such as
     * yosys, whose compile takes over 25 minutes) is verified by the re-recording under node and
     * node's own run; the runtime's step says why it did not run.
     */
    @Test
    void theRuntimesOwnRunCanBeLeftOutForAReason() throws IOException {
        byte[] wasm = Files.readAllBytes(resource("reentry.wasm"));
        Path trace = tmp.resolve("reentry.trace");
        NodeRecorder.record(wasm, "reentry.wasm", resource("reentry-host.mjs"), List.of("instance", "5", "1.5"), trace,
                false, TIMEOUT, Map.of(), null, null);
        Trace t = TraceReader.readAll(trace);
        byte[] replay = new ReplayGenerator().generate(wasm, new dev.reprise.reduce.Reducer().reduce(t)).wasm();
        VerifyReport r = new Verifier(true).notRunningUnderTheRuntime("too slow to compile").verify(wasm, replay,
                Expectation.of(t));
        assertTrue(r.faithful(), r.format());
        assertTrue(r.format().contains("replay.wasm under reprise's runtime: not run (too slow to compile)"), r.format());
        assertTrue(r.format().contains("replay.wasm under node: returned"), r.format());
    }

    /**
     * A host read the reducer drops (a value the C program wrote itself, full mode) changed in the
     * trace: the reduced trace and so the replay are the same, provenance passes, and the
     * re-recording under node differs from the trace at that event.
     */
    @Test
    void aDivergenceIsFoundByTheNodeRerecordingAtItsEvent() throws IOException {
        byte[] wasm = Files.readAllBytes(VerifyTest.wasiTest("clock_gettime-monotonic"));
        Path trace = tmp.resolve("clock.trace");
        NodeRecorder.record(wasm, "clock.wasm", resource("wasi-host.mjs"), List.of(), trace, true, TIMEOUT, Map.of(),
                null, null);
        Trace t = TraceReader.readAll(trace);
        dev.reprise.reduce.ReducedTrace reduced = new dev.reprise.reduce.Reducer().reduce(t);
        byte[] replay = new ReplayGenerator().generate(wasm, reduced).wasm();
        byte[] reducedSha = Verifier.sha256(reduced);
        for (int i = t.events().size() - 1; i >= 0; i--) {
            if (!(t.events().get(i) instanceof dev.reprise.record.trace.TraceEvent.HostRead r)) {
                continue;
            }
            byte[] bytes = r.bytes().clone();
            bytes[0] ^= 1;
            List<dev.reprise.record.trace.TraceEvent> events = new java.util.ArrayList<>(t.events());
            events.set(i, new dev.reprise.record.trace.TraceEvent.HostRead(r.tid(), r.memory(), r.address(), bytes));
            Trace changed = new Trace(t.header(), events, t.complete());
            if (!java.util.Arrays.equals(reducedSha, Verifier.sha256(new dev.reprise.reduce.Reducer().reduce(changed)))) {
                continue; // the reducer keeps this read: the replay itself would change
            }
            VerifyReport bad = new Verifier(false).rerecordingUnder(Verifier.Rerecorder.NODE)
                    .verify(wasm, replay, Expectation.of(changed));
            assertFalse(bad.faithful(), bad.format());
            assertEquals(i, bad.divergence().index(), bad.format());
            assertTrue(bad.format().contains("\"ev\":\"host_read\""), bad.format());
            return;
        }
        Assumptions.abort("every host read of this trace is kept by the reducer");
    }

    /**
     * Functions the host took from the exported table and called ({@code table_call.wat}, embind's
     * shape; mozjpeg-enc diverged at event 376 without it): recorded as export calls of those
     * functions, replayed as calls of them, re-recorded with the same exports, verified.
     */
    @Test
    void tableCallsRecordedUnderNodeVerify() throws IOException {
        byte[] wasm = Files.readAllBytes(resource("table_call.wasm"));
        Path trace = tmp.resolve("table_call.trace");
        NodeRecorder.Result rec = NodeRecorder.record(wasm, "table_call.wasm", resource("table-call-host.mjs"),
                List.of("3", "5"), trace, true, TIMEOUT, Map.of(), null, null);
        assertEquals(0, rec.exitCode(), rec.stderrTail());
        Trace t = TraceReader.readAll(trace);
        byte[] replay = new ReplayGenerator().generate(wasm, new dev.reprise.reduce.Reducer().reduce(t)).wasm();
        VerifyReport r = new Verifier(true).verify(wasm, replay, Expectation.of(t));
        assertTrue(r.faithful(), r.format());
        assertEquals(t.events().size(), r.eventsCompared(), r.format());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void reentrantHostRecordedUnderNodeVerifiesAndAChangedResultFails(boolean full) throws IOException {
        byte[] wasm = Files.readAllBytes(resource("reentry.wasm"));
        Path trace = tmp.resolve("reentry.trace");
        NodeRecorder.Result rec = NodeRecorder.record(wasm, "reentry.wasm", resource("reentry-host.mjs"),
                List.of("instance", "5", "1.5"), trace, full, TIMEOUT, Map.of(), null, null);
        assertEquals(0, rec.exitCode(), rec.stderrTail());
        assertEquals(full || !NodeRecorder.nodeHasMultiMemory() ? "full" : "shadow", rec.mode().text());
        Trace t = TraceReader.readAll(trace);
        dev.reprise.reduce.ReducedTrace reduced = new dev.reprise.reduce.Reducer().reduce(t);
        byte[] replay = new ReplayGenerator().generate(wasm, reduced).wasm();
        VerifyReport ok = new Verifier(false).verify(wasm, replay, Expectation.of(t));
        assertTrue(ok.faithful(), ok.format());

        // the same replay against a trace whose first import result differs: provenance fails first
        List<dev.reprise.record.trace.TraceEvent> events = new java.util.ArrayList<>(t.events());
        int at = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof dev.reprise.record.trace.TraceEvent.ImportReturn ir && !ir.results().isEmpty()
                    && ir.results().get(0).type() == dev.reprise.record.trace.ValType.I32) {
                at = i;
                events.set(i, new dev.reprise.record.trace.TraceEvent.ImportReturn(ir.tid(), ir.funcIndex(),
                        List.of(dev.reprise.record.trace.Value.i32((int) ir.results().get(0).lo() + 1))));
                break;
            }
        }
        Assumptions.assumeTrue(at >= 0, "the host returned no i32");
        Trace changed = new Trace(t.header(), events, t.complete());
        VerifyReport bad = new Verifier(false).verify(wasm, replay, Expectation.of(changed));
        assertFalse(bad.faithful(), bad.format());
    }

    /**
     * Emscripten's setjmp/longjmp ({@code longjmp.wat}: {@code jump} throws through the guest's
     * frames, {@code invoke}'s JavaScript catches it and answers -1): the recorder writes an unwind
     * event where the run went on, the replay throws a tag in {@code jump}'s stub and catches it in
     * {@code invoke}'s, ends as recorded under reprise's runtime, and its re-recording has the same
     * unwinds at the same events.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void longjmpRecordedUnderNodeReplaysAndVerifies(boolean full) throws IOException {
        byte[] wasm = Files.readAllBytes(resource("longjmp.wasm"));
        Path trace = tmp.resolve("longjmp.trace");
        NodeRecorder.Result rec = NodeRecorder.record(wasm, "longjmp.wasm", resource("longjmp-host.mjs"), List.of("5"),
                trace, full, TIMEOUT, Map.of(), null, null);
        assertEquals(0, rec.exitCode(), rec.stderrTail());
        Trace t = TraceReader.readAll(trace);
        List<dev.reprise.record.trace.TraceEvent> unwinds = t.events().stream()
                .filter(e -> e.kind() == EventKind.UNWIND).toList();
        // jump (import 1) threw through body (the table function the host called): two calls end, twice
        assertEquals(List.of(new dev.reprise.record.trace.TraceEvent.Unwind(0, 2, 1),
                new dev.reprise.record.trace.TraceEvent.Unwind(0, 2, 1)), unwinds);
        dev.reprise.reduce.ReducedTrace reduced = new dev.reprise.reduce.Reducer().reduce(t);
        assertTrue(reduced.unwinds());
        byte[] replay = new ReplayGenerator().generate(wasm, reduced).wasm();
        FinalMemories.Run run = FinalMemories.underRuntime(replay, 1);
        assertTrue(run.endedAsRecorded(), run.how());
        VerifyReport r = new Verifier(false).verify(wasm, replay, Expectation.of(t));
        assertTrue(r.faithful(), r.format());
        assertEquals(t.events().size(), r.eventsCompared(), r.format());
    }

    /**
     * Functions the host adds to the table ({@code add_function.wat}, as Emscripten's
     * {@code addFunction}): the recorder declares them (host_function events after the table's
     * growth), records their calls as calls of the next function indices, the replay stubs them in
     * the grown slots, ends as recorded, and its re-recording has every event of the original.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void functionsTheHostAddsToTheTableReplayAndVerify(boolean full) throws IOException {
        byte[] wasm = Files.readAllBytes(resource("add_function.wasm"));
        Path trace = tmp.resolve("add_function.trace");
        NodeRecorder.Result rec = NodeRecorder.record(wasm, "add_function.wasm", resource("add-function-host.mjs"),
                List.of("5"), trace, full, TIMEOUT, Map.of(), null, null);
        assertEquals(0, rec.exitCode(), rec.stderrTail());
        Trace t = TraceReader.readAll(trace);
        List<dev.reprise.record.trace.TraceEvent> declared = t.events().stream()
                .filter(e -> e.kind() == EventKind.HOST_FUNCTION || e.kind() == EventKind.TABLE_GROW).toList();
        dev.reprise.record.trace.ValType i32 = dev.reprise.record.trace.ValType.I32;
        dev.reprise.record.trace.ValType f64 = dev.reprise.record.trace.ValType.F64;
        assertEquals(List.of(new dev.reprise.record.trace.TraceEvent.TableGrow(0, 0, 4),
                new dev.reprise.record.trace.TraceEvent.HostFunction(0, 3, List.of(i32), List.of(i32)),
                new dev.reprise.record.trace.TraceEvent.HostFunction(0, 4, List.of(i32, f64), List.of(f64))), declared);
        long hostCalls = t.events().stream().filter(e -> e instanceof dev.reprise.record.trace.TraceEvent.ImportCall c
                && c.funcIndex() == 3 && c.module().equals("reprise.host")).count();
        assertEquals(5, hostCalls);
        dev.reprise.reduce.ReducedTrace reduced = new dev.reprise.reduce.Reducer().reduce(t);
        assertEquals(2, reduced.hostFunctions().size());
        // the module writes no table: call_indirect's re-reads of unchanged slots after each host call need no
        // table.set (a trace without the header option, as older recorders wrote, replays every one)
        assertEquals("", t.header().start().options().get("tables-written"));
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>(t.header().start().options());
        options.remove("tables-written");
        dev.reprise.record.trace.StartOptions s = t.header().start();
        Trace older = new Trace(dev.reprise.record.trace.TraceHeader.of(t.header().moduleSha256(), t.header().recorder(),
                t.header().features(), new dev.reprise.record.trace.StartOptions(s.args(), s.env(), s.seed(), options),
                t.header().metadata()), t.events(), t.complete());
        long replayed = dev.reprise.reduce.ReduceStats.count(reduced).get("table_set")[0];
        long replayedBefore = dev.reprise.reduce.ReduceStats.count(new dev.reprise.reduce.Reducer().reduce(older))
                .get("table_set")[0];
        assertTrue(replayed < replayedBefore, replayed + " table sets, " + replayedBefore + " without the option");
        byte[] replay = new ReplayGenerator().generate(wasm, reduced).wasm();
        FinalMemories.Run run = FinalMemories.underRuntime(replay, 1);
        assertTrue(run.endedAsRecorded(), run.how());
        VerifyReport r = new Verifier(false).verify(wasm, replay, Expectation.of(t));
        assertTrue(r.faithful(), r.format());
        assertEquals(t.events().size(), r.eventsCompared(), r.format());
    }
}
