package dev.reprise.replay.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.Value;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.StdinSource;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Verifier} on host-mode recordings: the replay is re-recorded in host mode and every event
 * compared, the host's writes byte by byte in the replay's memory. The committed benchmark
 * programs verify (the wasi-testsuite ones in {@code WasiPipelineTest}); replays made from
 * tampered reduced traces fail at the right event: a flipped byte of a replayed host write at
 * that {@code host_write}, a changed import result at that return, a store the host never made at
 * the end of that host turn.
 */
class HostModeVerifyTest {
    @TempDir
    Path tmp;

    private static Path programs() {
        Path p = Path.of("..", "benchmarks", "programs").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(p), "skipped: " + p + " not found");
        return p;
    }

    private static Path inputs() {
        return Path.of("..", "benchmarks", "corpus", "inputs").toAbsolutePath().normalize();
    }

    private Trace record(byte[] wasm, RunOptions.Builder options) throws Exception {
        Path trace = tmp.resolve("run-" + System.nanoTime() + ".trace");
        WasiRecorder.RecordResult r = WasiRecorder.record(wasm, "app.wasm", options.stdout(new ByteArrayOutputStream())
                .stderr(new ByteArrayOutputStream()).build(), trace, RecordingMode.HOST);
        assertEquals(0, r.outcome().exitCode(), r.outcome().message());
        Trace t = TraceReader.readAll(trace);
        assertEquals("host", t.header().start().options().get("reads"));
        return t;
    }

    private static VerifyReport verify(byte[] wasm, Trace t) {
        Expectation e = Expectation.of(t);
        assertEquals(RecordingMode.HOST, e.mode());
        byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
        return new Verifier(false).verify(wasm, replay, e);
    }

    /**
     * The committed benchmark programs (smaller arguments; not simd, which Endive's compiler cannot
     * run, nor threads, whose replay verify does not re-record), recorded in host mode: each
     * verifies, every event compared, host writes included.
     */
    @TestFactory
    Stream<DynamicTest> committedBenchmarkProgramsVerify() throws Exception {
        Path dir = programs();
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        byte[] words = Files.readAllBytes(inputs().resolve("words.txt"));
        byte[] someWords = java.util.Arrays.copyOf(words, Math.min(words.length, 16 << 10));
        Map<String, UnaryOperator<RunOptions.Builder>> cases = new LinkedHashMap<>();
        cases.put("fib", b -> b.arg("18"));
        cases.put("mandelbrot", b -> b.arg("40"));
        cases.put("matmul", b -> b.arg("24"));
        cases.put("hash", b -> b.arg("1"));
        cases.put("wordcount", b -> b.arg("/data").arg("1").dir("/data=" + inputs().resolve("data")));
        cases.put("base64", b -> b.stdin(StdinSource.of(someWords)));
        cases.put("smallwrites", b -> b.arg("500"));
        cases.put("fsops", b -> b.arg("/scratch").arg("4").dir("/scratch=" + scratch + ":rw"));
        cases.put("clockrand", b -> b.arg("500"));
        cases.put("argsenv", b -> b.arg("alpha=1").arg("plain word").env("GREETING", "hello").env("REPEAT", "2"));
        cases.put("bulkmv", b -> b);
        return cases.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            long start = System.nanoTime();
            byte[] wasm = Files.readAllBytes(dir.resolve(c.getKey() + ".wasm"));
            Trace t = record(wasm, c.getValue().apply(RunOptions.builder()));
            VerifyReport r = verify(wasm, t);
            assertTrue(r.faithful(), c.getKey() + ":\n" + r.format());
            assertEquals(t.events().size(), r.eventsCompared(), c.getKey() + ": every event, host writes included\n" + r.format());
            assertTrue(r.memories().startsWith("memory digests equal"), r.format());
            System.out.printf("host mode, %s: %d events (%d host writes) verified in %d ms%n", c.getKey(), t.events().size(),
                    t.events().stream().filter(e -> e.kind() == EventKind.HOST_WRITE).count(), (System.nanoTime() - start) / 1_000_000);
        }));
    }

    /** A replayed host write with one byte flipped: the verification fails at that host_write event. */
    @Test
    void aFlippedByteOfAHostWriteDivergesAtThatEvent() throws Exception {
        Path lseek = VerifyTest.wasiTest("lseek");
        byte[] wasm = Files.readAllBytes(lseek);
        Trace t = record(wasm, RunOptions.builder().dir("/=" + lseek.resolveSibling("fs-tests.dir")));
        ReducedTrace reduced = new Reducer().reduce(t);
        for (ImportReplay r : reduced.imports()) {
            long call = 0;
            for (CallRun run : r.runs()) {
                List<Effect> effects = run.call().beforeReturn();
                if (run.count() == 1 && run.call().returns() && !effects.isEmpty() && effects.get(0) instanceof Effect.Store s
                        && s.bytes().length > 2) {
                    byte[] flipped = s.bytes().clone();
                    flipped[1] ^= 0x5a;
                    List<Effect> bad = new ArrayList<>(effects);
                    bad.set(0, new Effect.Store(s.memory(), s.address(), flipped));
                    ReducedTrace tampered = VerifyTest.replace(reduced, r, run, new ImportCallReplay(run.call().args(),
                            run.call().nested(), bad, run.call().results(), true));
                    long write = hostWriteOf(t, r.funcIndex(), call, s.address() + 1);
                    assertTrue(write >= 0, "the store comes from a host_write of that call");
                    VerifyReport report = verifyTampered(wasm, t, tampered);
                    assertFalse(report.faithful(), report.format());
                    assertNotNull(report.divergence(), report.format());
                    assertEquals(write, report.divergence().index(), report.format());
                    assertTrue(report.divergence().expected().contains("host_write"), report.format());
                    assertTrue(report.divergence().what().contains("0x" + Long.toHexString(s.address() + 1)), report.format());
                    return;
                }
                call += run.count();
            }
        }
        fail("no import call of lseek stores host-written bytes");
    }

    /** An import call that returns another value: the verification fails at that return. */
    @Test
    void aChangedImportResultDivergesAtThatReturn() throws Exception {
        byte[] wasm = Files.readAllBytes(VerifyTest.wasiTest("clock_gettime-monotonic"));
        Trace t = record(wasm, RunOptions.builder());
        ReducedTrace reduced = new Reducer().reduce(t);
        ImportReplay r = reduced.imports().get(0);
        CallRun run = r.runs().get(0);
        List<Value> results = new ArrayList<>(run.call().results());
        results.set(0, Value.i32(results.get(0).asInt() + 7));
        ReducedTrace tampered = VerifyTest.replace(reduced, r, run, new ImportCallReplay(run.call().args(), run.call().nested(),
                run.call().beforeReturn(), results, run.call().returns()));
        long at = -1;
        for (int i = 0; i < t.events().size() && at < 0; i++) {
            if (t.events().get(i) instanceof TraceEvent.ImportReturn ir && ir.funcIndex() == r.funcIndex()) {
                at = i;
            }
        }
        VerifyReport report = verifyTampered(wasm, t, tampered);
        assertFalse(report.faithful(), report.format());
        assertEquals(at, report.divergence().index(), report.format());
        assertTrue(report.divergence().actual().contains("import_return"), report.format());
    }

    /** A replay that stores where the host wrote nothing: the verification fails at the end of that host turn. */
    @Test
    void aStoreTheHostNeverMadeDivergesAtTheEndOfItsTurn() throws Exception {
        byte[] wasm = Files.readAllBytes(VerifyTest.wasiTest("clock_gettime-monotonic"));
        Trace t = record(wasm, RunOptions.builder());
        ReducedTrace reduced = new Reducer().reduce(t);
        ImportReplay r = reduced.imports().get(0);
        CallRun run = r.runs().get(0);
        List<Effect> effects = new ArrayList<>(run.call().beforeReturn());
        long far = 60_000; // in the first page, far from the stack and the data the program touches
        effects.add(new Effect.Store(0, far, new byte[] {1, 2, 3}));
        ReducedTrace tampered = VerifyTest.replace(reduced, r, run, new ImportCallReplay(run.call().args(), run.call().nested(),
                effects, run.call().results(), run.call().returns()));
        long ret = -1;
        for (int i = 0; i < t.events().size() && ret < 0; i++) {
            if (t.events().get(i) instanceof TraceEvent.ImportReturn ir && ir.funcIndex() == r.funcIndex()) {
                ret = i;
            }
        }
        VerifyReport report = verifyTampered(wasm, t, tampered);
        assertFalse(report.faithful(), report.format());
        assertEquals(ret, report.divergence().index(), report.format());
        assertTrue(report.divergence().what().contains("where the recorded host wrote nothing")
                && report.divergence().what().contains("0x" + Long.toHexString(far)), report.format());
    }

    private static VerifyReport verifyTampered(byte[] wasm, Trace original, ReducedTrace tampered) {
        byte[] replay = new ReplayGenerator().generate(wasm, tampered).wasm();
        return new Verifier(false).verify(wasm, replay, new Expectation(tampered, original.events(),
                Expectation.Source.TRACE, RecordingMode.HOST));
    }

    /** The index of the host_write covering {@code address} inside call {@code call} of import {@code f}. */
    private static long hostWriteOf(Trace t, int f, long call, long address) {
        long seen = -1;
        boolean inside = false;
        for (int i = 0; i < t.events().size(); i++) {
            TraceEvent e = t.events().get(i);
            if (e instanceof TraceEvent.ImportCall ic && ic.funcIndex() == f) {
                inside = ++seen == call;
            } else if (e instanceof TraceEvent.ImportReturn) {
                inside = false;
            } else if (inside && e instanceof TraceEvent.HostWrite w && w.address() <= address
                    && address < w.address() + w.bytes().length) {
                return i;
            }
        }
        return -1;
    }
}
