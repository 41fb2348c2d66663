package dev.reprise.benchmarks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.json: round trip, the headline summary, and merging shards back into manifest order. */
class BenchResultsTest {
    @TempDir
    Path tmp;

    private static BenchResults shard0() {
        return BenchResults.of(SampleResults.run("0/2", List.of("a", "c")), List.of(
                SampleResults.verified(0, "a", 100, 150, 110, 100_000, 600),
                SampleResults.verified(2, "c", 10, 40, 12, 2_000, 600)));
    }

    private static BenchResults shard1() {
        return BenchResults.of(SampleResults.run("1/2", List.of("b", "d")), List.of(
                SampleResults.failed(1, "b", Stage.RECORD, "node recorder failed"),
                SampleResults.verified(3, "d", 50, 60, 55, 10_000, 1_000)));
    }

    @Test
    void summaryHasMediansAndWorsts() {
        Summary s = shard0().summary();
        assertEquals(2, s.attempted());
        assertEquals(2, s.verified());
        assertEquals(0, s.failed());
        assertEquals((1.5 + 4.0) / 2, s.medianRecordOverhead(), 1e-9);
        assertEquals(4.0, s.worstRecordOverhead(), 1e-9);
        assertEquals((1.1 + 1.2) / 2, s.medianReplayOverhead(), 1e-9);
        assertEquals(1.2, s.worstReplayOverhead(), 1e-9);
        assertEquals(((1 - 600 / 100_000.0) + (1 - 600 / 2_000.0)) / 2, s.medianTraceReduction(), 1e-9);
        assertEquals(1 - 600 / 2_000.0, s.worstTraceReduction(), 1e-9);
    }

    @Test
    void stealTimeIsSummarisedAndFlaggedOnlyWhenHigh() {
        BenchResults noisy = BenchResults.of(SampleResults.run(null, List.of("a", "b", "c")), List.of(
                SampleResults.verifiedWithSteal(0, "a", 2), SampleResults.verifiedWithSteal(1, "b", 30),
                SampleResults.verifiedWithSteal(2, "c", 8)));
        assertEquals(8, noisy.summary().medianStealPercent(), 1e-9);
        assertEquals(30, noisy.summary().worstStealPercent(), 1e-9);
        String text = dev.reprise.benchmarks.report.ReportWriter.headline(noisy);
        assertTrue(text.contains("steal time: the hypervisor took 8% of this machine's CPU time while runs were timed"
                + " (median over programs; up to 30%)"), text);
        BenchResults quiet = BenchResults.of(SampleResults.run(null, List.of("a")),
                List.of(SampleResults.verifiedWithSteal(0, "a", 1)));
        assertTrue(!dev.reprise.benchmarks.report.ReportWriter.headline(quiet).contains("steal"));
    }

    @Test
    void jsonRoundTrips() throws Exception {
        BenchResults r = shard1();
        Path f = tmp.resolve("results.json");
        Files.write(f, r.toJson());
        BenchResults back = BenchResults.read(tmp);
        assertEquals(r, back);
        String json = Files.readString(f);
        assertTrue(json.contains("\"status\" : \"failed\"") && json.contains("\"stage\" : \"record\""), json);
    }

    @Test
    void mergeKeepsManifestOrderAndRecomputesTheSummary() {
        BenchResults merged = BenchResults.merge(List.of(shard1(), shard0()), List.of("s1", "s0"));
        assertEquals(List.of("a", "b", "c", "d"), merged.programs().stream().map(ProgramResult::name).toList());
        assertEquals(2, merged.runs().size());
        Summary s = merged.summary();
        assertEquals(4, s.attempted());
        assertEquals(3, s.replayed());
        assertEquals(3, s.verified());
        assertEquals(1, s.failed());
        assertEquals(1.5, s.medianRecordOverhead(), 1e-9);
        assertEquals(4.0, s.worstRecordOverhead(), 1e-9);
        assertEquals(3, s.recordOverheadPrograms());
    }

    @Test
    void mergeRejectsAProgramInTwoInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchResults.merge(List.of(shard0(), shard0()), List.of("one", "two")));
        assertEquals("program \"a\" is in both one and two", e.getMessage());
    }

    @Test
    void readRejectsOtherFilesInOneLine() throws Exception {
        Path f = tmp.resolve("x.json");
        Files.writeString(f, "{\"schema\": 1, \"runs\": 3}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchResults.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not a bench results file: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
