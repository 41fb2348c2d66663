package dev.reprise.replay.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.Value;
import dev.reprise.record.trace.WasmR3TraceImporter;
import dev.reprise.replay.ModuleSignatures;
import dev.reprise.replay.ReplayException;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.verify.internal.FinalMemories;
import dev.reprise.runtime.RunOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Verifier} on real recordings: the Wasm-R3 samples (imported as {@code reprise trace
 * import} does) verify under reprise's runtime and node; replays that depart from the recording
 * are caught at the right event (a flipped byte of a replayed store, a changed import result);
 * a replay of another trace fails the provenance check; a third-party program from the corpus
 * cache verifies. The wasi-testsuite programs are verified by {@code WasiPipelineTest}.
 */
class VerifyTest {
    @TempDir
    Path tmp;

    static Path shared() {
        return Path.of(System.getProperty("reprise.shared", "../../shared")).toAbsolutePath().normalize();
    }

    static Path wasiTest(String name) {
        Path p = shared().resolve("corpus/wasi-testsuite/c").resolve(name + ".wasm");
        Assumptions.assumeTrue(Files.exists(p), "skipped: " + p + " not found (../shared is absent)");
        return p;
    }

    Trace record(byte[] wasm, RunOptions.Builder options, boolean full) throws Exception {
        Path trace = tmp.resolve("run-" + System.nanoTime() + ".trace");
        WasiRecorder.record(wasm, "app.wasm", options.stdout(new ByteArrayOutputStream())
                .stderr(new ByteArrayOutputStream()).build(), trace, full);
        return TraceReader.readAll(trace);
    }

    @Test
    void everyWasmR3SampleVerifiesUnderTheRuntimeAndNode() throws Exception {
        Path root = shared().resolve("corpus/wasm-r3/core");
        Assumptions.assumeTrue(Files.isDirectory(root), "skipped: " + root + " not found");
        boolean node = FinalMemories.nodeAvailable();
        List<String> failures = new ArrayList<>();
        int verified = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) {
                if (!Files.exists(d.resolve("reference.r3"))) {
                    continue;
                }
                byte[] wasm = Files.readAllBytes(d.resolve("index.wasm"));
                Trace t = new WasmR3TraceImporter(ModuleSignatures.of(wasm)).importTrace(d.resolve("reference.r3"), wasm);
                Expectation e = Expectation.of(t);
                assertEquals(Expectation.Source.WASM_R3, e.source());
                byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
                VerifyReport r = new Verifier(node).verify(wasm, replay, e);
                if (!r.faithful()) {
                    failures.add(d.getFileName() + ": " + r.format());
                } else {
                    assertTrue(r.memories().contains("Wasm-R3 records none"), r.format());
                    assertTrue(!node || r.steps().stream().anyMatch(s -> s.startsWith("replay.wasm under node")), r.format());
                    verified++;
                }
            }
        }
        System.out.println("Wasm-R3 samples verified: " + verified + (node ? " (reprise runtime and node)" : " (node absent)"));
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
        assertEquals(21, verified, "every sample with a reference.r3");
    }

    /** The AssemblyScript programs of wasi-testsuite (args, environment, random, output, proc_exit): every one verifies. */
    @Test
    void everyAssemblyScriptWasiProgramVerifies() throws Exception {
        Path dir = shared().resolve("corpus/wasi-testsuite/assemblyscript");
        Assumptions.assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " not found");
        int verified = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".wasm")).sorted().toList()) {
                Path json = p.resolveSibling(p.getFileName().toString().replace(".wasm", ".json"));
                com.fasterxml.jackson.databind.JsonNode spec = Files.exists(json)
                        ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile())
                        : new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
                RunOptions.Builder b = RunOptions.builder();
                spec.path("args").forEach(a -> b.arg(a.asText()));
                spec.path("env").fields().forEachRemaining(e -> b.env(e.getKey(), e.getValue().asText()));
                byte[] wasm = Files.readAllBytes(p);
                Expectation e = Expectation.of(record(wasm, b, false));
                byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
                VerifyReport r = new Verifier(false).verify(wasm, replay, e);
                assertTrue(r.faithful(), p.getFileName() + ":\n" + r.format());
                assertTrue(r.memories().startsWith("memory digests equal"), r.format());
                verified++;
            }
        }
        assertEquals(12, verified);
    }

    /** A reduced trace whose store of one host-written byte was flipped; the replay made from it departs at that read. */
    @Test
    void aFlippedByteOfAReplayedStoreDivergesAtTheReadOfIt() throws Exception {
        byte[] wasm = Files.readAllBytes(wasiTest("lseek"));
        Trace t = record(wasm, RunOptions.builder().dir("/=" + wasiTest("lseek").resolveSibling("fs-tests.dir")), false);
        ReducedTrace reduced = new Reducer().reduce(t);
        // the first run of an import (one call) whose return stores bytes
        for (ImportReplay r : reduced.imports()) {
            long call = 0;
            for (CallRun run : r.runs()) {
                List<Effect> effects = run.call().beforeReturn();
                if (run.count() == 1 && run.call().returns() && !effects.isEmpty() && effects.get(0) instanceof Effect.Store s) {
                    byte[] flipped = s.bytes().clone();
                    flipped[0] ^= 0x5a;
                    List<Effect> bad = new ArrayList<>(effects);
                    bad.set(0, new Effect.Store(s.memory(), s.address(), flipped));
                    ReducedTrace tampered = replace(reduced, r, run, new ImportCallReplay(run.call().args(),
                            run.call().nested(), bad, run.call().results(), true));
                    long read = firstReadAfterReturn(t, r.funcIndex(), call, s.address());
                    VerifyReport report = verifyTampered(wasm, t, tampered);
                    assertFalse(report.faithful(), report.format());
                    assertNotNull(report.divergence(), report.format());
                    assertEquals(read, report.divergence().index(), report.format());
                    assertTrue(report.divergence().expected().contains("host_read"), report.format());
                    return;
                }
                call += run.count();
            }
        }
        fail("no import call of lseek stores host-written bytes");
    }

    /** A reduced trace in which one import call returns another value; the replay departs at that return. */
    @Test
    void aChangedImportResultDivergesAtThatReturn() throws Exception {
        byte[] wasm = Files.readAllBytes(wasiTest("clock_gettime-monotonic"));
        Trace t = record(wasm, RunOptions.builder(), true);
        ReducedTrace reduced = new Reducer().reduce(t);
        ImportReplay r = reduced.imports().get(0);
        CallRun run = r.runs().get(0);
        List<Value> results = new ArrayList<>(run.call().results());
        results.set(0, Value.i32(results.get(0).asInt() + 7));
        ReducedTrace tampered = replace(reduced, r, run, new ImportCallReplay(run.call().args(), run.call().nested(),
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
        assertTrue(report.format().contains("expected: ") && report.format().contains("before it:"), report.format());
    }

    @Test
    void aReplayOfAnotherTraceFailsTheProvenanceCheck() throws Exception {
        byte[] wasm = Files.readAllBytes(wasiTest("clock_gettime-realtime"));
        Trace a = record(wasm, RunOptions.builder().clockStartNanos(1_000_000_000L), false);
        Trace b = record(wasm, RunOptions.builder().clockStartNanos(2_000_000_000L), false);
        byte[] replayOfA = new ReplayGenerator().generate(wasm, new Reducer().reduce(a)).wasm();
        VerifyReport report = new Verifier(false).verify(wasm, replayOfA, Expectation.of(b));
        assertFalse(report.faithful());
        assertTrue(report.failure().contains("generated from another trace"), report.failure());
        assertTrue(new Verifier(false).verify(wasm, replayOfA, Expectation.of(a)).faithful());
        byte[] changed = replayOfA.clone();
        changed[changed.length / 2] ^= 1;
        VerifyReport edited = new Verifier(false).verify(wasm, changed, Expectation.of(a));
        assertFalse(edited.faithful());
        assertTrue(edited.failure().contains("differs from the one regenerated") && edited.failure().contains("0x"),
                edited.failure());
        ReplayException notAReplay = assertThrows(ReplayException.class,
                () -> new Verifier(false).verify(wasm, wasm, Expectation.of(a)));
        assertTrue(notAReplay.getMessage().contains("reprise.replay"), notAReplay.getMessage());
    }

    /** A trace without final memory digests (the JavaScript recorder writes none) verifies: the re-recording's are not "more". */
    @Test
    void aTraceWithoutMemoryDigestsVerifies() throws Exception {
        byte[] wasm = Files.readAllBytes(wasiTest("clock_gettime-realtime"));
        Trace t = record(wasm, RunOptions.builder(), true);
        Trace noDigests = new Trace(t.header(), t.events().stream().filter(e -> !(e instanceof TraceEvent.MemoryDigest))
                .toList(), t.complete());
        assertTrue(noDigests.events().size() < t.events().size(), "the recording has final memory digests");
        byte[] replay = new ReplayGenerator().generate(wasm, new Reducer().reduce(noDigests)).wasm();
        VerifyReport report = new Verifier(false).verify(wasm, replay, Expectation.of(noDigests));
        assertTrue(report.faithful(), report.format());
        assertTrue(report.memories().startsWith("final memories not checked"), report.format());
    }

    @Test
    void aReducedTraceComparesCallsPerImportAndTheFinalMemory() throws Exception {
        byte[] wasm = Files.readAllBytes(wasiTest("stat-dev-ino"));
        Trace t = record(wasm, RunOptions.builder().dir("/=" + wasiTest("stat-dev-ino").resolveSibling("fs-tests.dir")), false);
        ReducedTrace reduced = new Reducer().reduce(t);
        byte[] replay = new ReplayGenerator().generate(wasm, reduced).wasm();
        VerifyReport ok = new Verifier(false).verify(wasm, replay, Expectation.of(reduced));
        assertTrue(ok.faithful(), ok.format());
        assertTrue(ok.memories().startsWith("memory digests equal"), ok.format());
        long calls = t.events().stream().filter(e -> e instanceof TraceEvent.ImportCall || e instanceof TraceEvent.ImportReturn
                || e instanceof TraceEvent.ExportCall || e instanceof TraceEvent.ExportReturn
                || e instanceof TraceEvent.MemoryDigest).count();
        assertEquals(calls, ok.eventsCompared(), ok.format());
    }

    /** A program calling through its exported table: the trace names the module's functions, and the replay verifies. */
    @Test
    void tableEntriesAreTheModulesFunctionsAndVerify() throws Exception {
        byte[] wasm;
        try (var in = VerifyTest.class.getResourceAsStream("/fixtures/funcptr.wasm")) {
            wasm = in.readAllBytes();
        }
        Trace t = record(wasm, RunOptions.builder(), false);
        int functions = new dev.reprise.wasm.ModuleReader(wasm).summary().functionCount();
        List<TraceEvent.TableSet> sets = t.events().stream().filter(e -> e instanceof TraceEvent.TableSet)
                .map(e -> (TraceEvent.TableSet) e).toList();
        assertFalse(sets.isEmpty(), "call_indirect through the exported table reads its entries");
        assertTrue(sets.stream().allMatch(s -> s.value().lo() < functions), sets.toString());
        Expectation e = Expectation.of(t);
        byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
        VerifyReport r = new Verifier(false).verify(wasm, replay, e);
        assertTrue(r.faithful(), r.format());
    }

    /** The third-party programs of the corpus cache that record today (plain WASI commands): flite, in host mode (the default). */
    @Test
    void corpusProgramVerifies() throws Exception {
        Path flite = Path.of(System.getProperty("user.home"), ".cache", "reprise", "corpus", "flite.wasm");
        Assumptions.assumeTrue(Files.exists(flite), "skipped: " + flite + " absent (run .ci/fetch-corpus)");
        byte[] wasm = Files.readAllBytes(flite);
        Path trace = tmp.resolve("flite.trace");
        WasiRecorder.record(wasm, "flite.wasm", RunOptions.builder().arg("-t").arg("Hello world").arg("-o").arg("none")
                .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream()).build(), trace,
                dev.reprise.transform.record.RecordingMode.HOST);
        Trace t = TraceReader.readAll(trace);
        assertTrue(t.events().stream().anyMatch(e -> e instanceof TraceEvent.MemoryDigest), "the run ended normally");
        Expectation e = Expectation.of(t);
        long start = System.nanoTime();
        byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
        VerifyReport r = new Verifier(false).verify(wasm, replay, e);
        assertTrue(r.faithful(), r.format());
        assertEquals(t.events().size(), r.eventsCompared(), r.format());
        System.out.printf("flite (%,d bytes, %d events): verified in %d ms%n", wasm.length, t.events().size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private static VerifyReport verifyTampered(byte[] wasm, Trace original, ReducedTrace tampered) {
        byte[] replay = new ReplayGenerator().generate(wasm, tampered).wasm();
        // the replay and the reduced trace agree (provenance passes); the original events are the reference
        return new Verifier(false).verify(wasm, replay, new Expectation(tampered, original.events(),
                Expectation.Source.TRACE, Expectation.of(original).full()));
    }

    /** {@code t} with call run {@code run} of import {@code r} replaced by {@code call} (tampering tests). */
    static ReducedTrace replace(ReducedTrace t, ImportReplay r, CallRun run, ImportCallReplay call) {
        List<ImportReplay> imports = new ArrayList<>();
        for (ImportReplay x : t.imports()) {
            if (x != r) {
                imports.add(x);
                continue;
            }
            List<CallRun> runs = new ArrayList<>();
            for (CallRun c : x.runs()) {
                runs.add(c == run ? new CallRun(c.count(), call) : c);
            }
            imports.add(new ImportReplay(x.funcIndex(), x.module(), x.name(), runs));
        }
        return new ReducedTrace(t.formatVersion(), t.moduleSha256(), t.preamble(), t.initialGlobals(), t.driver(), imports,
                t.epilogue(), t.finalMemories());
    }

    /** The index of the first read covering {@code address} after the return of call {@code call} of import {@code f}. */
    private static long firstReadAfterReturn(Trace t, int f, long call, long address) {
        long seen = -1;
        boolean after = false;
        for (int i = 0; i < t.events().size(); i++) {
            TraceEvent e = t.events().get(i);
            if (e instanceof TraceEvent.ImportReturn ir && ir.funcIndex() == f && ++seen == call) {
                after = true;
            } else if (after && e instanceof TraceEvent.HostRead h && h.address() <= address
                    && address < h.address() + h.bytes().length) {
                return i;
            }
        }
        return -1;
    }
}
