package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.transform.record.RecordingMode;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.runtime.RunOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-module replays ({@code reprise replay --two-modules}): R and T' validate, link with plain
 * standard linking under Endive (R registered as {@code reprise.replay}) and node, self-check to
 * the end of {@code _start} and leave the same memories as the merged replay of the same trace
 * (and, for recorded WASI programs, as the trace's final memory digests).
 */
class TwoModulesTest {
    @TempDir
    Path tmp;

    /** Re-entry (poke calls inner), a host table set used by call_indirect, an imported mutable global, passive data. */
    @Test
    void featuresReplayAsTwoModules() throws Exception {
        for (String name : List.of("features", "features-single")) {
            byte[] wasm = Files.readAllBytes(FeaturesReplayTest.DIR.resolve(name + ".wasm"));
            ReducedTrace t = new Reducer().reduce(FeaturesReplayTest.trace());
            TraceHost host = new TraceHost(wasm, t);
            ReducedTrace checked = TraceHost.withObservedResults(t, host.run());
            ReplayGenerator.TwoModules p = TwoModuleRuns.sameAsMerged(name, wasm, checked);
            assertEquals(1, p.dataSegmentsAdded(), "the 64-byte run is passive data");
        }
    }

    /** A wrong expected export result traps in the pair too: the self-check is not lost on the way. */
    @Test
    void aWrongExpectedResultTrapsInThePair() throws Exception {
        byte[] wasm = Files.readAllBytes(FeaturesReplayTest.DIR.resolve("features-single.wasm"));
        ReducedTrace t = new Reducer().reduce(FeaturesReplayTest.trace());
        TraceHost.Run run = new TraceHost(wasm, t).run();
        List<List<dev.reprise.record.trace.Value>> results = new ArrayList<>(run.exportResults());
        ReducedTrace good = TraceHost.withObservedResults(t, run);
        ReplayGenerator.TwoModules ok = new ReplayGenerator().generateTwoModules(wasm, good);
        TwoModuleRuns.pair(ok, 1);
        // run's last result (an i32): off by one
        int last = results.size() - 1;
        List<dev.reprise.record.trace.Value> r = new ArrayList<>(results.get(last));
        dev.reprise.record.trace.Value v = r.get(r.size() - 1);
        r.set(r.size() - 1, dev.reprise.record.trace.Value.i32((int) v.lo() + 1));
        results.set(last, r);
        ReducedTrace bad = TraceHost.withObservedResults(t, new TraceHost.Run(run.importCalls(), results));
        ReplayGenerator.TwoModules wrong = new ReplayGenerator().generateTwoModules(wasm, bad);
        assertThrows(AssertionError.class, () -> TwoModuleRuns.pair(wrong, 1));
    }

    @Test
    void wasmR3SamplesReplayAsTwoModules() throws Exception {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Samples.Sample s : Samples.all()) {
            try {
                ReducedTrace reduced = new Reducer().reduce(s.trace());
                ReducedTrace checked = TraceHost.withObservedResults(reduced, new TraceHost(s.wasm(), reduced).run());
                TwoModuleRuns.sameAsMerged("r3-" + s.name(), s.wasm(), checked);
                n++;
            } catch (Exception | AssertionError e) {
                failures.add(s.name() + ": " + e);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failed:\n" + String.join("\n", failures));
        assertTrue(n >= 20, "samples: " + n);
    }

    /** The wasi-testsuite C programs, recorded in shadow mode: the pair ends with the recorded memory digests. */
    @Test
    void wasiProgramsReplayAsTwoModules() throws Exception {
        List<String> failures = new ArrayList<>();
        List<Path> programs = WasiPipelineTest.programs();
        for (Path p : programs) {
            try {
                Trace recorded = record(p);
                byte[] wasm = Files.readAllBytes(p);
                ReducedTrace reduced = new Reducer().reduce(recorded);
                String name = "wasi-" + p.getFileName().toString().replace(".wasm", "");
                ReplayGenerator.TwoModules pair = TwoModuleRuns.sameAsMerged(name, wasm, reduced);
                List<String> digests = new ArrayList<>();
                for (TraceEvent e : recorded.events()) {
                    if (e instanceof TraceEvent.MemoryDigest d) {
                        digests.add(d.pages() + " " + HexFormat.of().formatHex(d.sha256()));
                    }
                }
                assertTrue(!digests.isEmpty(), "the trace has memory digests");
                assertEquals(digests, TwoModuleRuns.pair(pair, digests.size()), "final memories as recorded");
            } catch (Exception | AssertionError e) {
                failures.add(p.getFileName() + ": " + e);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + programs.size() + " failed:\n" + String.join("\n", failures));
    }

    @Test
    void keptImportsAreRefused() throws Exception {
        byte[] wasm = Files.readAllBytes(FeaturesReplayTest.DIR.resolve("features-single.wasm"));
        ReducedTrace t = new Reducer().reduce(FeaturesReplayTest.trace());
        ReplayException e = assertThrows(ReplayException.class, () -> new ReplayGenerator(
                ReplayOptions.DEFAULTS.keeping(ReplayOptions.KEEP_OUTPUT)).generateTwoModules(wasm, t));
        assertTrue(e.getMessage().contains("cannot keep imports"), e.getMessage());
    }

    private Trace record(Path wasm) throws Exception {
        Path json = wasm.resolveSibling(wasm.getFileName().toString().replace(".wasm", ".json"));
        JsonNode spec = Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : new ObjectMapper().createObjectNode();
        RunOptions.Builder b = RunOptions.builder().stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream());
        if (spec.has("root")) {
            b.dir("/=" + wasm.resolveSibling(spec.get("root").asText()));
        }
        for (JsonNode a : spec.path("args")) {
            b.arg(a.asText());
        }
        spec.path("env").fields().forEachRemaining(e -> b.env(e.getKey(), e.getValue().asText()));
        Path trace = tmp.resolve(wasm.getFileName() + ".trace");
        WasiRecorder.record(Files.readAllBytes(wasm), wasm.getFileName().toString(), b.build(), trace, RecordingMode.SHADOW);
        return TraceReader.readAll(trace);
    }
}
