package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.host.NodeRecorder;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.reduce.Reducer;
import dev.reprise.reduce.ThreadReplay;
import dev.reprise.record.trace.Value;
import dev.reprise.replay.verify.internal.FinalMemories;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.Termination;
import dev.reprise.runtime.sched.BatonLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module with a shared memory recorded under node in two realms (the main thread and a worker
 * thread, one at a time: Emscripten's pthreads in small, the record module's {@code threads.wat}
 * with its host scripts) reduces to a trace with a realm thread and the baton's log, and its
 * replay runs under reprise's scheduler in hand-off mode, checking every recorded result, and
 * verifies event by event; a replay under another log, or whose trace says otherwise, stops where
 * it departs.
 */
class RealmReplayTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    @TempDir
    Path tmp;

    @BeforeEach
    void needsNode() {
        Assumptions.assumeTrue(FinalMemories.nodeAvailable(), "skipped: node is not on the PATH");
    }

    private static Path resource(String name) {
        return Path.of("..", "record", "src", "test", "resources", "node", name);
    }

    private record Recorded(byte[] wasm, dev.reprise.record.trace.Trace trace, ReducedTrace reduced) {
    }

    private Recorded record(int run) throws IOException {
        byte[] wasm = Files.readAllBytes(resource("threads.wasm"));
        Path trace = tmp.resolve("threads" + run + ".trace");
        NodeRecorder.Result r = NodeRecorder.record(wasm, "threads.wasm", resource("threads-host.mjs"), List.of(), trace,
                false, TIMEOUT, Map.of(), new ByteArrayOutputStream(), System.err);
        assertEquals(0, r.exitCode(), r.stderrTail());
        dev.reprise.record.trace.Trace t = TraceReader.readAll(trace);
        return new Recorded(wasm, t, new Reducer().reduce(t));
    }

    private static RunOutcome run(byte[] replay, BatonLog log) {
        ReplaySchedule s = ReplaySchedule.read(replay);
        RunOptions.Builder b = s.apply(RunOptions.builder());
        if (log != null) {
            b.decisions(() -> log);
        }
        return Sandbox.run(s.program(replay, "replay.wasm"), b.build());
    }

    @Test
    void aRunRecordedInTwoRealmsReplaysUnderTheBatonLog() throws IOException {
        for (int run = 0; run < 3; run++) { // how many 1 ms waits time out differs from run to run
            Recorded rec = record(run);
            ReducedTrace t = rec.reduced();
            assertTrue(t.schedule().realms());
            assertEquals(ReducedTrace.REALMS_VERSION, t.formatVersion());
            assertEquals(t, ReducedTraceCodec.read(ReducedTraceCodec.write(t)), "the codec keeps realm threads, entries and tids");
            assertEquals(List.of("produce", "produce", "await_answer"), names(t.driver()));
            assertEquals(1, t.threads().size());
            ThreadReplay worker = t.threads().get(0);
            assertTrue(worker.realm());
            // the worker called consume through the table (the recorder's wrapper names it), then answer
            assertEquals(List.of(2, 3), worker.calls().stream().map(ExportInvoke::funcIndex).toList());
            assertEquals(List.of(1, 1, 1, 0), t.schedule().realmEntries().get(0), "main: produce, produce, await_answer");
            assertEquals(List.of(1, 1, 0), t.schedule().realmEntries().get(1), "worker: instantiated, then two calls");

            byte[] replay = new ReplayGenerator().generate(rec.wasm(), t).wasm();
            ReplaySchedule s = ReplaySchedule.read(replay);
            assertNotNull(s.batonLog());
            assertEquals(t.schedule().decisions().size(), s.batonLog().entries().size());
            RunOutcome o = run(replay, null);
            assertEquals(Termination.RETURNED, o.termination(), o.message());

            // re-recorded under reprise's runtime, every event of every thread in the recorded
            // interleaving, the baton log's entries where the recorder wrote them, is the recording's
            dev.reprise.replay.verify.VerifyReport v = new dev.reprise.replay.verify.Verifier(false)
                    .verify(rec.wasm(), replay, dev.reprise.replay.verify.Expectation.of(rec.trace()));
            assertTrue(v.faithful(), v.format());
            assertEquals(rec.trace().events().size(), v.eventsCompared(), v.format());
        }
    }

    @Test
    void aReplayUnderAnotherBatonLogStopsWhereItDeparts() throws IOException {
        Recorded rec = record(0);
        byte[] replay = new ReplayGenerator().generate(rec.wasm(), rec.reduced()).wasm();
        List<BatonLog.Entry> entries = new ArrayList<>(ReplaySchedule.read(replay).batonLog().entries());

        // the replay checks at its start that it runs under its own log
        List<BatonLog.Entry> shorter = entries.subList(0, entries.size() - 1);
        RunOutcome o = run(replay, new BatonLog(shorter));
        assertEquals(Termination.SCHEDULE_DIVERGED, o.termination());
        assertTrue(o.message().contains("runs only under the baton log it was recorded with"), o.message());

        // a log that resumes main where the recording resumed the worker: main runs on, and the run
        // stops at the first entry that no longer fits (it cannot come before the changed one)
        int k = entries.indexOf(new BatonLog.Entry(BatonLog.Kind.RESUME, 1, 0));
        entries.set(k, new BatonLog.Entry(BatonLog.Kind.RESUME, 0, 0));
        BatonLog other = new BatonLog(entries);
        byte[] regenerated = withLog(rec, other);
        o = run(regenerated, null);
        assertEquals(Termination.SCHEDULE_DIVERGED, o.termination(), o.message());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("diverged at decision (\\d+): .*baton log")
                .matcher(o.message());
        assertTrue(m.find() && Integer.parseInt(m.group(1)) >= k, o.message());
    }

    @Test
    void aReplayChecksTheResultsOfTheHostsCalls() throws IOException {
        Recorded rec = record(0);
        ReducedTrace t = rec.reduced();
        List<ExportInvoke> driver = new ArrayList<>(t.driver());
        ExportInvoke last = driver.get(driver.size() - 1);
        assertEquals(List.of(Value.i32(42)), last.expected());
        driver.set(driver.size() - 1, new ExportInvoke(last.before(), last.funcIndex(), last.name(), last.args(),
                List.of(Value.i32(43)), true));
        RunOutcome o = run(new ReplayGenerator().generate(rec.wasm(), t.withDriver(driver)).wasm(), null);
        assertEquals(Termination.TRAPPED, o.termination(), o.message());
    }

    /** The replay of {@code rec} with its schedule section's baton log replaced by {@code log} (and the check of it). */
    private static byte[] withLog(Recorded rec, BatonLog log) {
        ReducedTrace t = rec.reduced();
        List<dev.reprise.reduce.Schedule.Decision> decisions = new ArrayList<>();
        for (BatonLog.Entry e : log.entries()) {
            decisions.add(ReplaySchedule.decision(e));
        }
        dev.reprise.reduce.Schedule s = t.schedule();
        ReducedTrace changed = new ReducedTrace(t.formatVersion(), t.moduleSha256(), t.preamble(), t.initialGlobals(),
                t.driver(), t.imports(), t.epilogue(), t.finalMemories(), t.threads(),
                new dev.reprise.reduce.Schedule(decisions, s.clockStartNanos(), s.clockStepNanos(), s.preemptBudget(),
                        s.realmEntries()), t.hostFunctions());
        return new ReplayGenerator().generate(rec.wasm(), changed).wasm();
    }

    private static List<String> names(List<ExportInvoke> calls) {
        return calls.stream().map(ExportInvoke::name).toList();
    }
}
