package dev.reprise.benchmarks.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What was measured for one program; a figure is null when its stage did not run or failed.
 * Times are wall-clock milliseconds; {@code *Ms} run times are medians of the timed repeats
 * (after untimed warm-up rounds for in-JVM runs, whose samples are in {@code *SamplesMs}); generation
 * times are single measurements.
 *
 * @param moduleBytes the original module
 * @param instrumentedBytes the module with recording hooks (the recording's mode: host for WASI programs, shadow under node)
 * @param replayBytes the standalone replay module
 * @param originalMs the original run
 * @param recordMs the recorded run (default mode, trace written to disk)
 * @param replayMs the replay module on the program's engine (reprise's runtime for wasi programs, node for node ones)
 * @param replayRepriseMs node programs: the replay module under reprise's runtime
 * @param recordOverhead recordMs / originalMs
 * @param replayOverhead replayMs / originalMs
 * @param traceEvents events of the default-mode trace
 * @param traceBytes bytes of the default-mode trace file
 * @param fullTraceEvents events of the {@code --full} trace (every read)
 * @param fullTraceBytes bytes of the {@code --full} trace file
 * @param reducedEvents items of the reduced trace replay is made from
 * @param reducedBytes bytes of the reduced trace file
 * @param traceReduction 1 - reducedBytes / fullTraceBytes (Wasm-R3's "trace reduced by")
 * @param instrumentMs generation time of the instrumentation
 * @param reduceMs reading and reducing the default-mode trace, writing the reduced one
 * @param replayGenMs generation time of the replay module
 * @param originalSamplesMs every timed original run
 * @param recordSamplesMs every timed recorded run
 * @param replaySamplesMs every timed replay run
 * @param traceSha256 SHA-256 of the default-mode trace the replay was made from
 * @param outputSha256 SHA-256 of the original run's stdout
 * @param replayMemorySha256 SHA-256 of memory 0 after the replay ran under reprise's runtime
 * @param nodeMemorySha256 the same digest after the replay ran under node (null when node is absent)
 * @param verifiedEvents events of the trace that {@code reprise verify}'s re-recorded replay reproduced
 * @param originalCpuMs the original run's CPU time (median; steadier than wall time on a shared
 *     machine): under reprise's runtime its guest threads' (nanosecond clocks; not the JIT's or the
 *     collector's), under node the node process's (microseconds; 10 ms ticks when the process
 *     could not say, as a killed one)
 * @param recordCpuMs the recorded run's CPU time (median; for node programs the node process's, as
 *     the wall time, without instrumenting the module in the bench's JVM before each run)
 * @param replayCpuMs the replay's CPU time (median)
 * @param recordCpuOverhead recordCpuMs / originalCpuMs
 * @param replayCpuOverhead replayCpuMs / originalCpuMs
 * @param stealPercent the share of the machine's CPU time, in percent, that the hypervisor gave
 *     other virtual machines while the runs were timed (steal time; null where the kernel does not
 *     say): where it is high, wall-clock times are unreliable and the CPU times hold
 * @param replayEnd how the replay ends when correct: "return", or "trap" when the recorded run
 *     ended inside an import that never returned (proc_exit)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Figures(Long moduleBytes, Long instrumentedBytes, Long replayBytes, Double originalMs, Double recordMs,
        Double replayMs, Double replayRepriseMs, Double recordOverhead, Double replayOverhead, Long traceEvents,
        Long traceBytes, Long fullTraceEvents, Long fullTraceBytes, Long reducedEvents, Long reducedBytes,
        Double traceReduction, Double instrumentMs, Double reduceMs, Double replayGenMs, List<Double> originalSamplesMs,
        List<Double> recordSamplesMs, List<Double> replaySamplesMs, String traceSha256, String outputSha256, String replayMemorySha256,
        String nodeMemorySha256, Long verifiedEvents, String replayEnd, Double originalCpuMs, Double recordCpuMs,
        Double replayCpuMs, Double recordCpuOverhead, Double replayCpuOverhead, Double stealPercent) {

    /** No figures. */
    public static Figures none() {
        return new Builder().build();
    }

    /** Collects figures as the stages run. */
    public static final class Builder {
        public Long moduleBytes;
        public Long instrumentedBytes;
        public Long replayBytes;
        public Double originalMs;
        public Double recordMs;
        public Double replayMs;
        public Double replayRepriseMs;
        public Long traceEvents;
        public Long traceBytes;
        public Long fullTraceEvents;
        public Long fullTraceBytes;
        public Long reducedEvents;
        public Long reducedBytes;
        public Double instrumentMs;
        public Double reduceMs;
        public Double replayGenMs;
        public List<Double> originalSamplesMs;
        public List<Double> recordSamplesMs;
        public List<Double> replaySamplesMs;
        public String traceSha256;
        public String outputSha256;
        public String replayMemorySha256;
        public String nodeMemorySha256;
        public Long verifiedEvents;
        public String replayEnd;
        public Double originalCpuMs;
        public Double recordCpuMs;
        public Double replayCpuMs;
        public Double stealPercent;

        /** The figures, with the ratios computed from the medians. */
        public Figures build() {
            return new Figures(moduleBytes, instrumentedBytes, replayBytes, originalMs, recordMs, replayMs,
                    replayRepriseMs, ratio(recordMs, originalMs), ratio(replayMs, originalMs), traceEvents, traceBytes,
                    fullTraceEvents, fullTraceBytes, reducedEvents, reducedBytes,
                    reducedBytes == null || fullTraceBytes == null || fullTraceBytes == 0 ? null
                            : 1.0 - (double) reducedBytes / fullTraceBytes,
                    instrumentMs, reduceMs, replayGenMs, originalSamplesMs, recordSamplesMs, replaySamplesMs,
                    traceSha256, outputSha256, replayMemorySha256, nodeMemorySha256, verifiedEvents, replayEnd,
                    originalCpuMs, recordCpuMs, replayCpuMs, ratio(recordCpuMs, originalCpuMs), ratio(replayCpuMs, originalCpuMs),
                    stealPercent);
        }

        private static Double ratio(Double a, Double b) {
            return a == null || b == null || b <= 0 ? null : a / b;
        }
    }
}
