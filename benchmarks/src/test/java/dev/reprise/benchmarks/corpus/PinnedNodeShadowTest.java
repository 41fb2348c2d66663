package dev.reprise.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reprise.record.host.NodeRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.verify.Expectation;
import dev.reprise.replay.verify.Verifier;
import dev.reprise.replay.verify.VerifyReport;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow-mode recording under the pinned node of {@code binaries.json} (multi-memory), whatever
 * node is on the PATH: a real corpus program and a node:wasi program are recorded in shadow mode,
 * reduced, replayed and verified under that node. Skipped, with the reason, when the engine is not
 * cached ({@code reprise corpus fetch --node}); CI does not fetch it.
 */
class PinnedNodeShadowTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    @TempDir
    Path tmp;
    private String node;

    @BeforeEach
    void needsThePinnedNode() {
        CorpusManifest m = CorpusManifest.read(Path.of("corpus", "binaries.json"));
        NodeEngine engine = NodeEngine.forThisPlatform(m, CorpusCache.fromEnvironment()).orElse(null);
        assumeTrue(engine != null, "no node is pinned for " + NodeEngine.platform());
        assumeTrue(engine.find().isPresent(), engine.spec() + " is not cached (" + engine.executable()
                + "): reprise corpus fetch --node");
        node = engine.executable().toString();
    }

    @Test
    void thePinnedNodeRunsMultiMemory() throws IOException {
        assertTrue(NodeRecorder.nodeHasMultiMemory(node), node);
    }

    /** lz4 (wasm-bindgen, its own glue): shadow mode, same output, a trace a fraction of full mode's, verified. */
    @Test
    void aCorpusProgramRecordsInShadowModeReplaysAndVerifies() throws IOException {
        CorpusCache cache = CorpusCache.fromEnvironment();
        CorpusManifest.Entry lz4 = CorpusManifest.read(Path.of("corpus", "binaries.json")).entry("lz4").orElseThrow();
        assumeTrue(cache.isVerified(lz4), "lz4 is not in the corpus cache (reprise corpus fetch --only lz4)");
        BenchProgram p = ProgramsManifest.read(Path.of("corpus", "programs.json")).select(List.of("lz4")).get(0);
        byte[] wasm = Files.readAllBytes(cache.pathOf(lz4));
        Map<String, String> env = Map.of("REPRISE_CORPUS_DIR", cache.filesDir(lz4).toString());
        ByteArrayOutputStream shadowOut = new ByteArrayOutputStream();
        Path shadow = tmp.resolve("lz4.trace");
        NodeRecorder.Result r = NodeRecorder.record(node, wasm, "lz4.wasm", p.hostScript(), List.of("1"), shadow, false,
                TIMEOUT, env, shadowOut, null);
        assertEquals(0, r.exitCode(), r.stderrTail());
        assertEquals(RecordingMode.SHADOW, r.mode());
        ByteArrayOutputStream fullOut = new ByteArrayOutputStream();
        Path full = tmp.resolve("lz4.full.trace");
        NodeRecorder.Result f = NodeRecorder.record(node, wasm, "lz4.wasm", p.hostScript(), List.of("1"), full, true,
                TIMEOUT, env, fullOut, null);
        assertEquals(RecordingMode.FULL, f.mode());
        assertEquals(fullOut.toString(), shadowOut.toString(), "the host's result line");
        assertTrue(r.traceBytes() * 3 < f.traceBytes(), "shadow " + r.traceBytes() + " bytes, full " + f.traceBytes());

        Trace t = TraceReader.readAll(shadow);
        assertEquals("shadow", t.header().start().options().get("reads"));
        assertTrue(t.header().metadata().get("recorder").startsWith("node v"), t.header().metadata().toString());
        ReducedTrace reduced = new Reducer().reduce(t);
        byte[] replay = new ReplayGenerator().generate(wasm, reduced).wasm();
        VerifyReport report = new Verifier(node).verify(wasm, replay, Expectation.of(t, reduced));
        assertTrue(report.faithful(), report.format());
        assertEquals(t.events().size(), report.eventsCompared(), report.format());
        assertTrue(report.format().contains("replay.wasm under node"), report.format());
    }

    /** node:wasi's functions imported by a two-memory module: node 22 aborts here, the pinned node must not. */
    @Test
    void aNodeWasiProgramRecordsInShadowModeAndVerifies() throws IOException {
        Path shared = Path.of(System.getProperty("reprise.shared", "../../shared")).toAbsolutePath().normalize();
        Path program = shared.resolve("corpus/wasi-testsuite/c/fopen-with-no-access.wasm");
        assumeTrue(Files.exists(program), program + " not found (../shared is absent)");
        Path host = Path.of("..", "record", "src", "test", "resources", "node", "wasi-host.mjs");
        byte[] wasm = Files.readAllBytes(program);
        Path trace = tmp.resolve("fopen.trace");
        NodeRecorder.Result r = NodeRecorder.record(node, wasm, "fopen-with-no-access.wasm", host, List.of(), trace, false,
                TIMEOUT, Map.of(), null, null);
        assertEquals(0, r.exitCode(), r.stderrTail());
        assertEquals(RecordingMode.SHADOW, r.mode());
        Trace t = TraceReader.readAll(trace);
        assertTrue(t.complete());
        assertTrue(t.events().stream().anyMatch(e -> e instanceof TraceEvent.ImportCall), t.events().toString());
        ReducedTrace reduced = new Reducer().reduce(t);
        byte[] replay = new ReplayGenerator().generate(wasm, reduced).wasm();
        VerifyReport report = new Verifier(node).verify(wasm, replay, Expectation.of(t, reduced));
        assertTrue(report.faithful(), report.format());
    }

    /**
     * A replay reprise's runtime cannot run (SIMD: Endive 1.0.0 has none), recorded under node, is
     * verified by reprise verify all the same: re-recorded under node with the JavaScript recorder
     * and compared event by event, its final memories under node equal to the recorded digests
     * (a shadow-mode recording under node ends with them).
     */
    @Test
    void aSimdReplayIsVerifiedUnderNode() throws Exception {
        Path manifest = tmp.resolve("programs.json");
        Path simd = Path.of("programs", "simd.wasm").toAbsolutePath();
        Files.writeString(manifest, """
                { "schema": 1, "programs": [ { "name": "simd", "description": "SIMD kernels",
                  "source": { "committed": "%s" }, "licence": "Apache-2.0", "provenance": "written for reprise",
                  "host": "wasi", "args": ["2000"], "exercises": ["simd"], "engine": "node",
                  "engineReason": "Endive 1.0.0 has no SIMD", "subset": true } ] }
                """.formatted(simd.toString().replace("\\", "/")));
        ProgramsManifest m = ProgramsManifest.read(manifest);
        dev.reprise.benchmarks.bench.BenchRunner.Config config = new dev.reprise.benchmarks.bench.BenchRunner.Config(1,
                tmp.resolve("work"), CorpusCache.fromEnvironment(), node, TIMEOUT, false, TIMEOUT);
        dev.reprise.benchmarks.bench.BenchResults results = new dev.reprise.benchmarks.bench.BenchRunner(config).run(m,
                m.programs(), dev.reprise.benchmarks.bench.Shard.ALL,
                dev.reprise.benchmarks.bench.Progress.to(new java.io.PrintStream(new ByteArrayOutputStream(), true), false));
        dev.reprise.benchmarks.bench.ProgramResult p = results.programs().get(0);
        assertEquals(dev.reprise.benchmarks.bench.ProgramResult.Status.VERIFIED, p.status(), p.failure() + " " + p.notes());
        assertEquals("full", p.verification(), p.notes().toString());
        assertTrue(p.notes().stream().anyMatch(n -> n.matches("verified: \\d+ events identical, memory digests equal \\(node\\)")),
                p.notes().toString());
    }
}
