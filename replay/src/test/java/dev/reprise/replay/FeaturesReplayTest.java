package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceEvent.ExportCall;
import dev.reprise.record.trace.TraceEvent.ExportReturn;
import dev.reprise.record.trace.TraceEvent.ImportCall;
import dev.reprise.record.trace.TraceEvent.ImportReturn;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.Value;
import dev.reprise.wasm.ModuleReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;

/**
 * A hand-built full trace of {@code features.wat} (multi-value import results, i64 above 2^53,
 * NaN payloads, re-entry, host table set + call_indirect, imported memory and global, a second
 * memory, host growth, a 64-byte run replayed with memory.init, a target {@code _start}): the
 * merged replay validates, runs under Endive and node, self-checks bit for bit against the
 * original under the trace's host, and ends in the same memories and globals.
 */
class FeaturesReplayTest {
    static final Path DIR = Path.of("src", "test", "resources", "features");

    static Trace trace() {
        return trace(2, false);
    }

    /** {@code alternate}: the host writes one of two patterns, by iteration parity (repeated bundles). */
    static Trace trace(int iterations, boolean alternate) {
        byte[] run = new byte[64];
        byte[] other = new byte[64];
        for (int i = 0; i < run.length; i++) {
            run[i] = (byte) (i * 7 + 1);
            other[i] = (byte) (i * 5 + 3);
        }
        List<TraceEvent> e = new ArrayList<>();
        e.add(new TraceEvent.GlobalChange(0, 0, Value.i64(0x0020_0000_0000_0001L)));
        e.add(new ExportCall(0, 5, "_start", List.of()));
        e.add(new ExportReturn(0, 5, List.of()));
        for (int k = 0; k < iterations; k++) {
            e.add(new ExportCall(0, 4, "run", List.of(Value.i32(5))));
            e.add(new ImportCall(0, 0, "env", "multi", List.of(Value.i32(5))));
            e.add(new ImportReturn(0, 0, List.of(Value.i32(7), Value.i64(0x7fff_ffff_ffff_fff1L),
                    Value.f32Bits(0x7fa00001), Value.f64Bits(0x7ff4000000000001L))));
            e.add(new ImportCall(0, 1, "env", "fill", List.of(Value.i32(100), Value.i32(64))));
            e.add(new TraceEvent.MemoryGrow(0, 0, 3));
            e.add(new ImportReturn(0, 1, List.of()));
            e.add(new ImportCall(0, 2, "env", "poke", List.of()));
            e.add(new ExportCall(0, 3, "inner", List.of(Value.i32(41))));
            e.add(new ExportReturn(0, 3, List.of(Value.i32(42))));
            e.add(new TraceEvent.TableSet(0, 0, 0, Value.funcref(3)));
            e.add(new ImportReturn(0, 2, List.of()));
            e.add(new TraceEvent.HostRead(0, 0, 100, (alternate && k % 2 == 1 ? other : run).clone()));
            e.add(new TraceEvent.GlobalChange(0, 0, Value.i64(0x0020_0000_0000_0001L)));
            e.add(new ExportReturn(0, 4, List.of()));
        }
        return new Trace(TraceHeader.of(new byte[0], RecorderKind.JAVA, List.of(), StartOptions.NONE, Map.of()), e, true);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"features", "features-single"})
    void featuresReplayBitExact(String name) throws Exception {
        byte[] wasm = Files.readAllBytes(DIR.resolve(name + ".wasm"));
        Reducer.Result reduced = new Reducer().reduceWithStats(trace());
        golden(DIR.resolve("features.stats.txt"), reduced.stats().format());
        ReducedTrace t = reduced.trace();
        assertEquals(2, t.importReplay(0).runs().get(0).count(), "identical multi calls run-length encoded");
        assertTrue(t.importReplay(2).runs().get(0).call().beforeReturn().stream()
                .anyMatch(x -> x instanceof Effect.Store s && s.bytes().length == 64), "one 64-byte run");

        TraceHost host = new TraceHost(wasm, t);
        TraceHost.Run run = host.run();
        assertEquals(List.of(0, 1, 2, 0, 1, 2), run.importCalls());
        List<Value> results = run.exportResults().get(1);
        assertEquals(Value.f32Bits(0x7fa00001), results.get(1), "NaN payload through the original");
        assertEquals(Value.f64Bits(0x7ff4000000000001L), results.get(2));

        ReplayGenerator.Result r = new ReplayGenerator().generate(wasm, TraceHost.withObservedResults(t, run));
        assertEquals(1, r.dataSegmentsAdded(), "the 64-byte run is passive data");
        Files.createDirectories(ReplayCorpusTest.OUT);
        Path file = ReplayCorpusTest.OUT.resolve(name + ".replay.wasm");
        Files.write(file, r.wasm());
        ReplayCorpusTest.validate(file);
        var summary = new ModuleReader(r.wasm()).summary();
        assertEquals(0, summary.imports().size());
        assertTrue(summary.export("_start.target") != null && summary.export("_start") != null);
        Instance inst = Instance.builder(Parser.parse(r.wasm())).withStart(false).build();
        inst.export("_start").apply();
        ReplayFidelityTest.sameFinalState(host.instance(), inst, wasm);
        ReplayCorpusTest.node(file);
    }

    @Test
    void splitBodiesStillReplay() throws Exception {
        byte[] wasm = Files.readAllBytes(DIR.resolve("features.wasm"));
        ReducedTrace t = new Reducer().reduce(trace());
        TraceHost host = new TraceHost(wasm, t);
        TraceHost.Run run = host.run();
        ReplayGenerator.Result r = new ReplayGenerator(new ReplayOptions(8, 1, 1, true))
                .generate(wasm, TraceHost.withObservedResults(t, run));
        Instance inst = Instance.builder(Parser.parse(r.wasm())).withStart(false).build();
        inst.export("_start").apply();
        ReplayFidelityTest.sameFinalState(host.instance(), inst, wasm);
        assertTrue(r.functionsAdded() > 8, "one function per run and per driver call: " + r.functionsAdded());
    }

    @Test
    void identicalBundlesShareOneFunction() throws Exception {
        byte[] wasm = Files.readAllBytes(DIR.resolve("features-single.wasm"));
        ReducedTrace t = new Reducer().reduce(trace(6, true)); // A B A B A B: the first A also sets the table
        TraceHost host = new TraceHost(wasm, t);
        TraceHost.Run run = host.run();
        ReplayGenerator.Result r = new ReplayGenerator().generate(wasm, TraceHost.withObservedResults(t, run));
        // 3 import bodies + 3 chunks + 1 driver part + _start + 2 shared bundles (patterns A and B)
        assertEquals(10, r.functionsAdded());
        // every read after host control is replayed whole: patterns A and B, each one shared slice of
        // the one pooled passive segment
        assertEquals(1, r.dataSegmentsAdded());
        Instance inst = Instance.builder(Parser.parse(r.wasm())).withStart(false).build();
        inst.export("_start").apply();
        ReplayFidelityTest.sameFinalState(host.instance(), inst, wasm);
    }

    /** Compares with a golden file, or rewrites it with {@code -Dreprise.regenerate=true}. */
    static void golden(Path file, String actual) throws Exception {
        if (Boolean.getBoolean("reprise.regenerate") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, file + " (regenerate with -Dreprise.regenerate=true)");
    }
}
