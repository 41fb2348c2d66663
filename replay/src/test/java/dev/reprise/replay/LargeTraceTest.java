package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;

/**
 * A long "--full"-style trace of {@code features-single.wat}: every iteration changes the import
 * results and some host bytes, and re-reports unchanged bytes many times, as a recorder without
 * online reduction would. The reduced replay splits its bodies, runs under Endive and ends in the
 * same state as the original under the trace's host. Prints sizes and times (figures, not
 * assertions: speed is measured with JMH in {@code benchmarks}). {@code -Dreprise.largeIterations=N}
 * scales it.
 */
class LargeTraceTest {
    static Trace trace(int iterations, int redundantReads) {
        List<TraceEvent> e = new ArrayList<>();
        e.add(new TraceEvent.GlobalChange(0, 0, Value.i64(0x0020_0000_0000_0001L)));
        byte[] run = new byte[64];
        for (int k = 0; k < iterations; k++) {
            e.add(new ExportCall(0, 4, "run", List.of(Value.i32(k))));
            e.add(new ImportCall(0, 0, "env", "multi", List.of(Value.i32(k))));
            e.add(new ImportReturn(0, 0, List.of(Value.i32(k * 3), Value.i64(Long.MAX_VALUE - k),
                    Value.f32Bits(0x7fa00000 | k), Value.f64Bits(0x7ff4000000000000L | k))));
            e.add(new ImportCall(0, 1, "env", "fill", List.of(Value.i32(100), Value.i32(64))));
            e.add(new ImportReturn(0, 1, List.of()));
            e.add(new ImportCall(0, 2, "env", "poke", List.of()));
            e.add(new ExportCall(0, 3, "inner", List.of(Value.i32(41))));
            e.add(new ExportReturn(0, 3, List.of(Value.i32(42))));
            if (k == 0) {
                e.add(new TraceEvent.TableSet(0, 0, 0, Value.funcref(3)));
            }
            e.add(new ImportReturn(0, 2, List.of()));
            run[k % 64] = (byte) k;
            run[(k * 7) % 64] = (byte) (k >> 3);
            e.add(new TraceEvent.HostRead(0, 0, 100, run.clone()));
            for (int r = 0; r < redundantReads; r++) {
                e.add(new TraceEvent.HostRead(0, 0, 100 + (r % 16) * 4, java.util.Arrays.copyOfRange(run, (r % 16) * 4,
                        (r % 16) * 4 + 4)));
            }
            e.add(new ExportReturn(0, 4, List.of()));
        }
        return new Trace(TraceHeader.of(new byte[0], RecorderKind.JAVA, List.of(), StartOptions.NONE, Map.of()), e, true);
    }

    /** Replay module size and item count without the shadow, without merging, without memory.init (figures only). */
    static void ablation(byte[] wasm, Trace full, ReducedTrace checked) {
        StringBuilder sb = new StringBuilder("ablation (items, replay bytes):");
        for (String mode : new String[] {"all", "no-shadow", "no-merge", "no-passive"}) {
            Reducer reducer = new Reducer().shadow(!mode.equals("no-shadow")).merge(!mode.equals("no-merge"));
            Reducer.Result r = reducer.reduceWithStats(full);
            ReplayOptions o = mode.equals("no-passive") ? new ReplayOptions(Integer.MAX_VALUE, 256, 256, true)
                    : ReplayOptions.DEFAULTS;
            int size = new ReplayGenerator(o).generate(wasm, r.trace()).wasm().length;
            sb.append(String.format(" %s %d/%,d;", mode, r.stats().eventsAfter(), size));
        }
        System.out.println(sb);
    }

    @Test
    void longFullTraceReducesSplitsAndReplays() throws Exception {
        int n = Integer.getInteger("reprise.largeIterations", 1000);
        byte[] wasm = Files.readAllBytes(FeaturesReplayTest.DIR.resolve("features-single.wasm"));
        Trace full = trace(n, 40);
        long t0 = System.nanoTime();
        Reducer.Result r = new Reducer().reduceWithStats(full);
        long t1 = System.nanoTime();
        ReducedTrace reduced = r.trace();
        TraceHost host = new TraceHost(wasm, reduced);
        TraceHost.Run run = host.run();
        ReducedTrace checked = TraceHost.withObservedResults(reduced, run);
        long t2 = System.nanoTime();
        ReplayGenerator.Result g = new ReplayGenerator().generate(wasm, checked);
        long t3 = System.nanoTime();
        assertTrue(g.functionsAdded() > 3 * 2, "bodies split: " + g.functionsAdded() + " functions");
        Instance inst = Instance.builder(Parser.parse(g.wasm())).withStart(false).build();
        inst.export("_start").apply();
        ReplayFidelityTest.sameFinalState(host.instance(), inst, wasm);
        assertEquals(3 * n, run.importCalls().size());
        java.nio.file.Path file = ReplayCorpusTest.OUT.resolve("large.replay.wasm");
        Files.createDirectories(ReplayCorpusTest.OUT);
        Files.write(file, g.wasm());
        ReplayCorpusTest.validate(file);
        ReplayCorpusTest.node(file);
        ablation(wasm, full, checked);
        System.out.printf("large trace: %d events -> %d items (%.2f%% fewer), %d store bytes; reduce %.0f ms,"
                + " generate %.0f ms; replay module %,d bytes (target %d), %d functions added%n",
                r.stats().eventsBefore(), r.stats().eventsAfter(), r.stats().reductionPercent(),
                r.stats().after().get("store")[1], (t1 - t0) / 1e6, (t3 - t2) / 1e6, g.wasm().length, wasm.length,
                g.functionsAdded());
    }
}
