package dev.reprise.replay.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.reduce.Schedule;
import dev.reprise.reduce.ThreadReplay;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.ReplaySchedule;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.StdinSource;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Verifier} on multi-threaded (wasi-threads) recordings: the wasi-threads proposal tests
 * ({@code ../shared/corpus/wasi-testsuite/wasi-threads}) and {@code threads/ticket_log.wat} (two
 * threads preempted back and forth, host values per thread) verify, every event of every thread
 * compared in the recorded interleaving, scheduler decisions and spawns included; a replay made
 * with one scheduler decision flipped departs at that decision, one with a flipped replayed byte
 * at the read of it, and a replay of another recording of the same program fails the provenance
 * check and, compared with that recording's events, departs where the two recordings do.
 */
class ThreadedVerifyTest {
    /** What a recorder writes of a multi-threaded run and verify compares. */
    private static final Set<EventKind> COMPARED = EnumSet.complementOf(EnumSet.of(EventKind.HOST_WRITE));

    @TempDir
    Path tmp;

    private Path wat2wasm(Path wat) throws IOException, InterruptedException {
        Path out = tmp.resolve(wat.getFileName().toString().replace(".wat", ".wasm"));
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

    private Trace record(byte[] wasm, RunOptions.Builder options) throws Exception {
        Path trace = tmp.resolve("run-" + System.nanoTime() + ".trace");
        WasiRecorder.record(wasm, "app.wasm", options.stdin(StdinSource.blocking()).stdout(new ByteArrayOutputStream())
                .stderr(new ByteArrayOutputStream()).build(), trace, RecordingMode.SHADOW);
        return TraceReader.readAll(trace);
    }

    private byte[] ticketLog() throws Exception {
        Path wat = tmp.resolve("ticket_log.wat");
        try (var in = getClass().getResourceAsStream("/threads/ticket_log.wat")) {
            Files.write(wat, in.readAllBytes());
        }
        return Files.readAllBytes(wat2wasm(wat));
    }

    private static long compared(Trace t) {
        return t.events().stream().filter(e -> COMPARED.contains(e.kind())).count();
    }

    @Test
    void everyWasiThreadsProgramVerifies() throws Exception {
        Path dir = VerifyTest.shared().resolve("corpus/wasi-testsuite/wasi-threads");
        Assumptions.assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " not found (../shared is absent)");
        List<Path> wats;
        try (Stream<Path> s = Files.list(dir)) {
            wats = s.filter(p -> p.toString().endsWith(".wat")).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        int threaded = 0;
        for (Path wat : wats) {
            byte[] wasm = Files.readAllBytes(wat2wasm(wat));
            Path json = wat.resolveSibling(wat.getFileName().toString().replace(".wat", ".json"));
            JsonNode spec = Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : new ObjectMapper().createObjectNode();
            RunOptions.Builder options = RunOptions.builder();
            if (wat.toString().contains("_busy")) {
                options.clockStepNanos(1_000_000); // timed waits expire while a thread spins
            }
            Trace t = record(wasm, options);
            Expectation e = Expectation.of(t);
            byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
            VerifyReport r = new Verifier(true).verify(wasm, replay, e);
            String name = wat.getFileName().toString();
            if (!r.faithful()) {
                failures.add(name + ":\n" + r.format());
                continue;
            }
            assertEquals(compared(t), r.eventsCompared(), name + ": every event compared\n" + r.format());
            assertTrue(t.events().stream().anyMatch(x -> x instanceof TraceEvent.MemoryDigest)
                    == r.memories().startsWith("memory digests equal"), name + ": " + r.format());
            if (e.reduced().multiThreaded()) {
                threaded++;
                assertNotNull(ReplaySchedule.read(replay), name);
                assertTrue(r.steps().stream().anyMatch(s -> s.startsWith("node: not run")), r.format());
                assertTrue(t.events().stream().anyMatch(x -> x instanceof TraceEvent.ThreadSpawn), name);
            }
            int code = spec.path("exit_code").asInt(0);
            if (code != 0) {
                assertTrue(r.steps().stream().anyMatch(s -> s.contains("exited with " + code)), name + ": " + r.format());
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
        System.out.println("wasi-threads programs verified: " + wats.size() + " (" + threaded + " multi-threaded runs)");
        assertEquals(14, wats.size());
        assertTrue(threaded >= 13, threaded + " of the programs spawned a thread in their recorded run");
    }

    @Test
    void twoThreadsVerifyFromTheTraceAndFromTheReducedTrace() throws Exception {
        byte[] wasm = ticketLog();
        Trace t = record(wasm, RunOptions.builder().seed(7));
        Expectation e = Expectation.of(t);
        assertTrue(e.reduced().multiThreaded());
        byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
        VerifyReport r = new Verifier(false).verify(wasm, replay, e);
        assertTrue(r.faithful(), r.format());
        assertEquals(compared(t), r.eventsCompared(), r.format());
        assertTrue(r.memories().startsWith("memory digests equal"), r.format());

        VerifyReport reduced = new Verifier(false).verify(wasm, replay, Expectation.of(e.reduced()));
        assertTrue(reduced.faithful(), reduced.format());
        long kept = t.events().stream().filter(x -> switch (x.kind()) {
            case EXPORT_CALL, EXPORT_RETURN, IMPORT_CALL, IMPORT_RETURN, THREAD_SPAWN, SCHEDULER_DECISION, MEMORY_DIGEST -> true;
            default -> false;
        }).count();
        long spawnCalls = t.events().stream().filter(x -> x instanceof TraceEvent.ImportCall c && c.name().equals("thread-spawn"))
                .count();
        // the calls of wasi.thread-spawn are real in the replay: compared as their thread_spawn events
        assertEquals(kept - 2 * spawnCalls, reduced.eventsCompared(), reduced.format());
    }

    @Test
    void aFlippedSchedulerDecisionDivergesAtThatDecision() throws Exception {
        byte[] wasm = ticketLog();
        Trace t = record(wasm, RunOptions.builder().seed(7));
        ReducedTrace reduced = new Reducer().reduce(t);
        Schedule s = reduced.schedule();
        int flippedAt = -1;
        int tried = 0;
        for (int i = 0; i < s.decisions().size() && tried < 3; i++) {
            Schedule.Decision d = s.decisions().get(i);
            if (d.options() < 2) {
                continue;
            }
            tried++;
            List<Schedule.Decision> other = new ArrayList<>(s.decisions());
            other.set(i, new Schedule.Decision(d.kind(), d.options(), (d.choice() + 1) % d.options()));
            ReducedTrace tampered = with(reduced, reduced.imports(), reduced.threads(),
                    new Schedule(other, s.clockStartNanos(), s.clockStepNanos(), s.preemptBudget()));
            VerifyReport r = verifyTampered(wasm, t, tampered);
            assertFalse(r.faithful(), r.format());
            assertNotNull(r.divergence(), r.format());
            int at = nth(t, TraceEvent.SchedulerDecision.class, i);
            assertEquals(at, r.divergence().index(), "decision " + i + ":\n" + r.format());
            assertTrue(r.divergence().where().contains("thread " + t.events().get(at).tid() + "'s event"), r.format());
            assertTrue(r.divergence().actual().contains("\"scheduler_decision\""), r.format());
            flippedAt = i;
        }
        assertTrue(flippedAt >= 0, "the recording made decisions with a choice");
    }

    @Test
    void aFlippedReplayedByteDivergesAtTheReadOfIt() throws Exception {
        byte[] wasm = ticketLog();
        Trace t = record(wasm, RunOptions.builder().seed(7));
        ReducedTrace reduced = new Reducer().reduce(t);
        // a store of host bytes bundled into an import call (the spawned thread's first, then thread 0's), read later
        List<List<ImportReplay>> owners = new ArrayList<>();
        reduced.threads().forEach(th -> owners.add(th.imports()));
        owners.add(reduced.imports());
        for (List<ImportReplay> imports : owners) {
            for (ImportReplay imp : imports) {
                for (CallRun run : imp.runs()) {
                    for (Effect eff : run.call().beforeReturn()) {
                        if (!(eff instanceof Effect.Store st)) {
                            continue;
                        }
                        int read = firstReadOf(t, st.address(), st.bytes()[0]);
                        if (read < 0) {
                            continue;
                        }
                        byte[] flipped = st.bytes().clone();
                        flipped[0] ^= 0x5a;
                        UnaryOperator<ImportReplay> change = x -> x != imp ? x : replaceEffect(x, run, st,
                                new Effect.Store(st.memory(), st.address(), flipped));
                        List<ThreadReplay> threads = reduced.threads().stream().map(x -> new ThreadReplay(x.tid(), x.parent(),
                                x.arg(), x.start(), x.imports().stream().map(change).toList())).toList();
                        VerifyReport r = verifyTampered(wasm, t, with(reduced, reduced.imports().stream().map(change).toList(),
                                threads, reduced.schedule()));
                        assertFalse(r.faithful(), r.format());
                        assertEquals(read, r.divergence().index(), r.format());
                        assertTrue(r.divergence().expected().contains("host_read"), r.format());
                        assertTrue(r.divergence().where().contains("thread " + t.events().get(read).tid() + "'s event"),
                                r.format());
                        return;
                    }
                }
            }
        }
        fail("no import call stores host bytes that are read later");
    }

    @Test
    void aReplayOfAnotherRecordingIsCaught() throws Exception {
        byte[] wasm = ticketLog();
        Trace a = record(wasm, RunOptions.builder().seed(7));
        Trace b = record(wasm, RunOptions.builder().seed(8));
        ReducedTrace ra = new Reducer().reduce(a);
        byte[] replayOfA = new ReplayGenerator().generate(wasm, ra).wasm();
        VerifyReport report = new Verifier(false).verify(wasm, replayOfA, Expectation.of(b));
        assertFalse(report.faithful());
        assertTrue(report.failure().contains("generated from another trace"), report.failure());
        // past the provenance check: the re-recorded replay of A departs from B's events where A's do
        int first = 0;
        while (first < Math.min(a.events().size(), b.events().size()) && a.events().get(first).equals(b.events().get(first))) {
            first++;
        }
        assertTrue(first < b.events().size(), "the two recordings differ");
        assertTrue(b.events().stream().allMatch(x -> COMPARED.contains(x.kind())));
        VerifyReport r = new Verifier(false).verify(wasm, replayOfA, new Expectation(ra, b.events(),
                Expectation.Source.TRACE, false));
        assertFalse(r.faithful(), r.format());
        assertEquals(first, r.divergence().index(), r.format());
        assertEquals(first, r.eventsCompared(), r.format());
    }

    private static VerifyReport verifyTampered(byte[] wasm, Trace original, ReducedTrace tampered) {
        byte[] replay = new ReplayGenerator().generate(wasm, tampered).wasm();
        // the replay and its tampered reduced trace agree (provenance passes); the recording's events are the reference
        return new Verifier(false).verify(wasm, replay, new Expectation(tampered, original.events(),
                Expectation.Source.TRACE, false));
    }

    private static ReducedTrace with(ReducedTrace t, List<ImportReplay> imports, List<ThreadReplay> threads, Schedule s) {
        return new ReducedTrace(t.formatVersion(), t.moduleSha256(), t.preamble(), t.initialGlobals(), t.driver(), imports,
                t.epilogue(), t.finalMemories(), threads, s);
    }

    private static ImportReplay replaceEffect(ImportReplay r, CallRun run, Effect old, Effect now) {
        List<CallRun> runs = new ArrayList<>();
        for (CallRun c : r.runs()) {
            if (c != run) {
                runs.add(c);
                continue;
            }
            List<Effect> effects = new ArrayList<>(c.call().beforeReturn());
            effects.set(effects.indexOf(old), now);
            ImportCallReplay call = c.call();
            runs.add(new CallRun(c.count(), new ImportCallReplay(call.args(), call.nested(), effects, call.results(),
                    call.returns())));
        }
        return new ImportReplay(r.funcIndex(), r.module(), r.name(), runs);
    }

    /** The trace index of the {@code n}-th event of type {@code type}. */
    private static int nth(Trace t, Class<? extends TraceEvent> type, int n) {
        int seen = 0;
        for (int i = 0; i < t.events().size(); i++) {
            if (type.isInstance(t.events().get(i)) && seen++ == n) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first read of {@code address} that saw {@code value} there, or -1. */
    private static int firstReadOf(Trace t, long address, byte value) {
        for (int i = 0; i < t.events().size(); i++) {
            if (t.events().get(i) instanceof TraceEvent.HostRead h && h.address() <= address
                    && address < h.address() + h.bytes().length && h.bytes()[(int) (address - h.address())] == value) {
                return i;
            }
        }
        return -1;
    }
}
