package dev.reprise.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ReduceStats#format}: the summary line says "fewer", or how many times as many when a reduction grew the count. */
class ReduceStatsTest {
    @Test
    void theSummaryLineSaysFewerOrHowManyTimesAsMany() {
        ReduceStats smaller = new ReduceStats(Map.of("import_call", new long[] {8, 0}), Map.of("store", new long[] {2, 16}));
        assertEquals(75.0, smaller.reductionPercent());
        assertTrue(smaller.format().endsWith("events 8 -> 2 (75.00% fewer)\n"), smaller.format());
        // --no-merge on a small trace: one store per run of bytes, more items than events
        ReduceStats larger = new ReduceStats(Map.of("host_write", new long[] {2, 16}), Map.of("store", new long[] {7, 16}));
        assertTrue(larger.format().endsWith("events 2 -> 7 (3.50x as many)\n"), larger.format());
    }
}
