package dev.reprise.benchmarks.bench;

import java.util.List;

/** Hand-made results for the report rendering tests (public for the report package's tests). */
public final class ReportSamples {
    private ReportSamples() {
    }

    /** Three verified programs and one failure. */
    public static BenchResults fourPrograms() {
        return BenchResults.of(SampleResults.run(null, List.of("fib", "lz4", "matmul", "hash")), List.of(
                SampleResults.verified(0, "fib", 20, 42, 30, 1_760, 615),
                SampleResults.failed(1, "lz4", Stage.RECORD, "recording under node failed: exit code 1"),
                SampleResults.verified(2, "matmul", 250, 830, 230, 28_144_570, 616),
                SampleResults.verified(3, "hash", 250, 470, 520, 59_006_046, 614)));
    }
}
