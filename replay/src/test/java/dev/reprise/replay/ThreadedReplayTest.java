package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.reduce.Reducer;
import dev.reprise.reduce.Schedule;
import dev.reprise.runtime.RunOptions;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.StdinSource;
import dev.reprise.runtime.Termination;
import dev.reprise.wasm.ModuleReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record, reduce, replay and run under the scheduler, for multi-threaded programs: the
 * wasi-threads proposal tests ({@code ../shared/corpus/wasi-testsuite/wasi-threads}) and
 * {@code threads/ticket_log.wat} (two threads, shared memory, host values per thread). The
 * replay must end the same way (termination, exit code), take exactly the recorded decisions,
 * print the bytes whose digests the trace holds and end at the same virtual time. Replaying
 * under another schedule must be caught, and so must running without the schedule.
 */
class ThreadedReplayTest {
    @TempDir
    Path tmp;

    /** What a recording produced. */
    private record Recorded(byte[] module, RunOutcome outcome, Trace trace, ReducedTrace reduced) {
    }

    static Path wat2wasm(Path wat, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve(wat.getFileName().toString().replace(".wat", ".wasm"));
        Process p;
        try {
            p = new ProcessBuilder("wat2wasm", "--enable-threads", wat.toString(), "-o", out.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: wat2wasm is not on the PATH");
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "wat2wasm " + wat + ": " + log);
        return out;
    }

    private static RunOptions.Builder options(boolean busy) {
        RunOptions.Builder b = RunOptions.builder().stdin(StdinSource.blocking()).stdout(new ByteArrayOutputStream())
                .stderr(new ByteArrayOutputStream());
        // preemption points move virtual time, so that timed waits expire while a thread spins
        return busy ? b.clockStepNanos(1_000_000) : b;
    }

    private Recorded record(Path wasm, RunOptions options, RecordingMode mode) throws IOException {
        byte[] bytes = Files.readAllBytes(wasm);
        Path trace = tmp.resolve(wasm.getFileName() + "." + mode.text() + ".trace");
        WasiRecorder.RecordResult r = WasiRecorder.record(bytes, wasm.getFileName().toString(), options, trace, mode);
        Trace t = TraceReader.readAll(trace);
        ReducedTrace reduced = new Reducer().reduce(t);
        // through the codec, as 'reprise reduce' + 'reprise replay' would
        ReducedTrace back = ReducedTraceCodec.read(ReducedTraceCodec.write(reduced));
        assertEquals(reduced, back, "the reduced trace survives its codec");
        return new Recorded(bytes, r.outcome(), t, back);
    }

    private static RunOutcome replay(byte[] replay, String name) {
        ReplaySchedule s = ReplaySchedule.read(replay);
        assertNotNull(s, "a multi-threaded replay carries its schedule");
        RunOptions o = s.apply(RunOptions.builder().stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream()))
                .build();
        return Sandbox.run(s.program(replay, name), o);
    }

    /** Runs the replay of {@code r} and checks it ends, decides, prints and times exactly as recorded. */
    private static void replaysAsRecorded(String name, Recorded r) throws Exception {
        assertTrue(r.reduced().multiThreaded(), name + ": the recorded run spawned threads");
        byte[] replay = new ReplayGenerator().generate(r.module(), r.reduced()).wasm();
        new ModuleReader(replay).summary().imports().forEach(i -> assertTrue(
                i.module().equals("reprise") || i.module().equals("wasi") && i.name().equals("thread-spawn"),
                name + ": the replay imports only the runtime's functions, not " + i.module() + "." + i.name()));
        RunOutcome o = replay(replay, name);
        RunOutcome rec = r.outcome();
        String what = name + ": replay ended " + o.termination() + " " + o.exitCode() + " " + o.message()
                + ", recording " + rec.termination() + " " + rec.exitCode() + " " + rec.message();
        assertEquals(rec.termination(), o.termination(), what);
        assertEquals(rec.exitCode(), o.exitCode(), what);
        assertEquals(choices(r.trace()), o.decisions().stream().map(d -> d.choice() + "/" + d.optionCount()).toList(),
                name + ": the replay takes exactly the recorded decisions");
        assertEquals(rec.virtualNanos(), o.virtualNanos(), name + ": virtual time at the end");
        assertOutputMatches(r.trace(), 1, o.stdout(), name);
        assertOutputMatches(r.trace(), 2, o.stderr(), name);
    }

    private static List<String> choices(Trace t) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : t.events()) {
            if (e instanceof TraceEvent.SchedulerDecision d) {
                out.add(d.choice() + "/" + d.options());
            }
        }
        return out;
    }

    /** The output, cut at the recorded writes' sizes, has each write's recorded SHA-256, and nothing more. */
    static void assertOutputMatches(Trace t, int fd, byte[] output, String name) throws Exception {
        int at = 0;
        int writes = 0;
        for (TraceEvent e : t.events()) {
            if (e instanceof TraceEvent.OutputDigest d && d.fd() == fd) {
                assertTrue(at + d.byteCount() <= output.length, name + ": fd " + fd + " printed less than recorded");
                byte[] chunk = java.util.Arrays.copyOfRange(output, at, at + (int) d.byteCount());
                assertArrayEquals(d.sha256(), MessageDigest.getInstance("SHA-256").digest(chunk),
                        name + ": fd " + fd + " write " + writes + " differs from the recorded digest");
                at += (int) d.byteCount();
                writes++;
            }
        }
        assertEquals(output.length, at, name + ": fd " + fd + " printed more than recorded");
    }

    @TestFactory
    Stream<DynamicTest> wasiThreadsSuiteReplaysUnderTheRecordedSchedule() throws Exception {
        Path dir = Paths.get(System.getProperty("reprise.shared", "../../shared")).toAbsolutePath().normalize()
                .resolve("corpus/wasi-testsuite/wasi-threads");
        Assumptions.assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " not found (../shared is absent)");
        List<Path> wats;
        try (Stream<Path> s = Files.list(dir)) {
            wats = s.filter(p -> p.toString().endsWith(".wat")).sorted().toList();
        }
        return wats.stream().flatMap(wat -> Stream.of(RecordingMode.values()).map(mode -> DynamicTest.dynamicTest(
                wat.getFileName() + " " + mode.text(), () -> {
                    Path wasm = wat2wasm(wat, tmp);
                    Path json = wat.resolveSibling(wat.getFileName().toString().replace(".wat", ".json"));
                    JsonNode spec = Files.exists(json) ? new ObjectMapper().readTree(json.toFile())
                            : new ObjectMapper().createObjectNode();
                    Recorded r = record(wasm, options(wat.toString().contains("_busy")).build(), mode);
                    assertEquals(spec.path("exit_code").asInt(0), r.outcome().exitCode(),
                            "recorded run: " + r.outcome().termination() + " " + r.outcome().message());
                    if (r.reduced().multiThreaded()) {
                        replaysAsRecorded(wat.getFileName().toString(), r);
                    } else {
                        // a module that could spawn but did not: the standalone single-threaded replay
                        byte[] replay = new ReplayGenerator().generate(r.module(), r.reduced()).wasm();
                        assertEquals(null, ReplaySchedule.read(replay));
                        RunOutcome o = Sandbox.run(dev.reprise.runtime.Program.of(replay, "replay.wasm",
                                dev.reprise.runtime.Program.PREEMPT_OFF), RunOptions.builder().build());
                        assertEquals(r.outcome().exitCode(), o.exitCode(), o.termination() + " " + o.message());
                    }
                })));
    }

    private Path ticketLog() throws Exception {
        Path wat = tmp.resolve("ticket_log.wat");
        try (var in = getClass().getResourceAsStream("/threads/ticket_log.wat")) {
            Files.write(wat, in.readAllBytes());
        }
        return wat2wasm(wat, tmp);
    }

    @Test
    void twoThreadsWithHostValuesReplayInEveryMode() throws Exception {
        Path wasm = ticketLog();
        for (RecordingMode mode : RecordingMode.values()) {
            Recorded r = record(wasm, options(false).seed(7).build(), mode);
            assertEquals(Termination.EXITED, r.outcome().termination(), r.outcome().message());
            long decisions = r.trace().events().stream().filter(e -> e instanceof TraceEvent.SchedulerDecision).count();
            assertTrue(decisions >= 8, "the threads were preempted back and forth: " + decisions + " decisions");
            assertTrue(new String(r.outcome().stdout()).matches("(?s)[01]{48}\n[0-9a-f]{16} [0-9a-f]{16}\n"),
                    new String(r.outcome().stdout()));
            replaysAsRecorded("ticket_log " + mode.text(), r);
            var summary = new ModuleReader(r.module()).summary();
            preemptionPointsOnlyInTargetFunctions(new ReplayGenerator().generate(r.module(), r.reduced()).wasm(),
                    summary.functionCount() - summary.importedFunctions(), "ticket_log");
        }
    }

    /**
     * Which defined functions of {@code replay} call {@code reprise.preempt} (have preemption
     * points): exactly the target's, i.e. the first {@code targetDefined} after the imports.
     */
    static void preemptionPointsOnlyInTargetFunctions(byte[] replay, int targetDefined, String name) {
        ModuleReader reader = new ModuleReader(replay);
        var summary = reader.summary();
        int imported = summary.importedFunctions();
        int preempt = -1;
        int k = 0;
        for (var imp : summary.imports()) {
            if (imp.kind() == dev.reprise.wasm.ExternalKind.FUNCTION) {
                if (imp.module().equals("reprise") && imp.name().equals("preempt")) {
                    preempt = k;
                }
                k++;
            }
        }
        assertTrue(preempt >= 0, name + ": the replay imports reprise.preempt");
        java.util.BitSet calling = new java.util.BitSet();
        int target = preempt;
        reader.accept(new dev.reprise.wasm.ModuleVisitor() {
            @Override
            public dev.reprise.wasm.CodeVisitor visitCode(int function) {
                return new dev.reprise.wasm.CodeVisitor() {
                    @Override
                    public void visitIndexInsn(dev.reprise.wasm.Opcode op, int index) {
                        if (op == dev.reprise.wasm.Opcode.CALL && index == target) {
                            calling.set(function);
                        }
                    }
                };
            }
        });
        java.util.BitSet expected = new java.util.BitSet();
        expected.set(imported, imported + targetDefined);
        assertEquals(expected, calling, name + ": functions with preemption points");
    }

    @Test
    void realWasiThreadsBinaryGetsAValidReplayModule() throws Exception {
        String root = System.getProperty("reprise.cache", System.getenv().getOrDefault("REPRISE_CACHE",
                System.getProperty("user.home") + "/.cache/reprise"));
        Path oxc = Path.of(root, "corpus", "oxc-parser.wasm");
        Assumptions.assumeTrue(Files.exists(oxc), "skipped: " + oxc + " not fetched (.ci/fetch-corpus)");
        // a napi reactor (no _start to record): a synthetic trace with one spawned thread that starts
        byte[] bytes = Files.readAllBytes(oxc);
        var summary = new ModuleReader(bytes).summary();
        int start = summary.exports().stream().filter(e -> e.name().equals("wasi_thread_start")).findFirst().orElseThrow()
                .index();
        var thread = new dev.reprise.reduce.ThreadReplay(1, 0, 4096, new dev.reprise.reduce.ExportInvoke(List.of(), start,
                "wasi_thread_start", List.of(dev.reprise.record.trace.Value.i32(1), dev.reprise.record.trace.Value.i32(4096)),
                List.of(), true), List.of());
        ReducedTrace t = new ReducedTrace(ReducedTrace.CURRENT_VERSION, new byte[0], List.of(), java.util.Map.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(thread), new Schedule(List.of(new Schedule.Decision(
                        dev.reprise.record.trace.DecisionKind.THREAD_SWITCH, 2, 1)), 0, 0, 10_000));
        byte[] replay = new ReplayGenerator().generate(bytes, t).wasm();
        int defined = summary.functionCount() - summary.importedFunctions();
        preemptionPointsOnlyInTargetFunctions(replay, defined, "oxc-parser");
        dev.reprise.runtime.Program.of(replay, "oxc.replay.wasm", dev.reprise.runtime.Program.PREEMPT_OFF); // Endive parses it
        Path out = tmp.resolve("oxc.replay.wasm");
        Files.write(out, replay);
        try {
            Process p = new ProcessBuilder("wasm-validate", "--enable-all", out.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "wasm-validate: " + log);
        } catch (IOException e) {
            // wasm-validate not installed: Endive's parse above is the check
        }
    }

    @Test
    void replayingUnderAnotherScheduleIsCaught() throws Exception {
        Recorded r = record(ticketLog(), options(false).seed(7).build(), RecordingMode.SHADOW);
        Schedule s = r.reduced().schedule();
        int caught = 0;
        int tried = 0;
        for (int i = 0; i < s.decisions().size(); i++) {
            Schedule.Decision d = s.decisions().get(i);
            if (d.options() < 2) {
                continue;
            }
            // the same trace, one decision flipped: the replay module expects (and gets) that schedule
            List<Schedule.Decision> other = new ArrayList<>(s.decisions());
            other.set(i, new Schedule.Decision(d.kind(), d.options(), (d.choice() + 1) % d.options()));
            ReducedTrace t = r.reduced();
            ReducedTrace changed = new ReducedTrace(t.formatVersion(), t.moduleSha256(), t.preamble(), t.initialGlobals(),
                    t.driver(), t.imports(), t.epilogue(), t.finalMemories(), t.threads(),
                    new Schedule(other, s.clockStartNanos(), s.clockStepNanos(), s.preemptBudget()));
            RunOutcome o = replay(new ReplayGenerator().generate(r.module(), changed).wasm(), "replay.wasm");
            tried++;
            if (o.termination() == Termination.TRAPPED || o.termination() == Termination.SCHEDULE_DIVERGED) {
                caught++;
            } else {
                assertTrue(o.termination() != r.outcome().termination() || o.exitCode() != r.outcome().exitCode()
                        || !java.util.Arrays.equals(o.stdout(), r.outcome().stdout()),
                        "flipping decision " + i + " went unnoticed: " + o.termination() + " " + o.exitCode());
            }
            if (tried == 6) {
                break;
            }
        }
        assertTrue(tried > 0, "the recording made decisions with a choice");
        assertEquals(tried, caught, "every flipped schedule makes the replay trap or diverge");
    }

    @Test
    void runningAMultiThreadedReplayWithoutItsScheduleIsAClearError() throws Exception {
        Recorded r = record(ticketLog(), options(false).build(), RecordingMode.SHADOW);
        byte[] replay = new ReplayGenerator().generate(r.module(), r.reduced()).wasm();
        RunOutcome o = Sandbox.run(replay, "replay.wasm", RunOptions.builder().stdout(new ByteArrayOutputStream()).build());
        assertEquals(Termination.SCHEDULE_DIVERGED, o.termination(), o.message());
        assertTrue(o.message().contains("runs only under the schedule it was recorded with"), o.message());
    }
}
