package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.Value;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Import-stub chunks hold at most {@code runsPerFunction} runs, and fewer when the runs carry many
 * effects, so that every chunk stays a JVM method the JIT compiles (see {@code ImportStubs.chunkEnd}).
 */
class ChunkWeightTest {
    /**
     * {@code calls} calls of {@code env.fill}, each followed by reads of {@code stores} distinct
     * 24-byte host writes (each replayed as three 8-byte stores).
     */
    private static Trace fills(int calls, int stores) {
        List<TraceEvent> e = new ArrayList<>();
        for (int k = 0; k < calls; k++) {
            e.add(new TraceEvent.ExportCall(0, 4, "run", List.of(Value.i32(k))));
            e.add(new TraceEvent.ImportCall(0, 1, "env", "fill", List.of(Value.i32(100), Value.i32(k))));
            e.add(new TraceEvent.ImportReturn(0, 1, List.of()));
            for (int s = 0; s < stores; s++) {
                byte[] bytes = new byte[24];
                java.util.Arrays.fill(bytes, (byte) (k * 31 + s + 1));
                e.add(new TraceEvent.HostRead(0, 0, 1024 + s * 32, bytes));
            }
            e.add(new TraceEvent.ExportReturn(0, 4, List.of()));
        }
        return new Trace(TraceHeader.of(new byte[0], RecorderKind.JAVA, List.of(), StartOptions.NONE, Map.of()), e, true);
    }

    private static int functionsAdded(Trace t) throws Exception {
        byte[] wasm = Files.readAllBytes(FeaturesReplayTest.DIR.resolve("features-single.wasm"));
        return new ReplayGenerator().generate(wasm, new Reducer().reduceWithStats(t).trace()).functionsAdded();
    }

    @Test
    void runsWithManyEffectsAreSplitSooner() throws Exception {
        int oneRun = functionsAdded(fills(1, 1));
        // 64 distinct runs of one 24-byte write (weight 4: the run, three stores): one chunk
        assertEquals(oneRun, functionsAdded(fills(64, 1)));
        // 65 of them: a second chunk
        assertEquals(oneRun + 1, functionsAdded(fills(65, 1)));
        // 64 runs of ten such writes (weight 31; a chunk weighs at most 64 x 4): 8 runs per chunk, 8 chunks
        assertEquals(oneRun + 7, functionsAdded(fills(64, 10)));
    }
}
