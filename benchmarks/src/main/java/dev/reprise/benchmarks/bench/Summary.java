package dev.reprise.benchmarks.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The headline figures of a report: programs attempted, replayed and verified; median and worst
 * record and replay overhead; median trace reduction. Medians and worsts are over the programs
 * that have the figure ({@code *Programs} says how many). The {@code *CpuOverhead} figures are the
 * same ratios of CPU time, steadier than wall time on a shared machine; the steal figures say how
 * shared it was (the hypervisor's share of the CPU time while runs were timed, per program).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Summary(int attempted, int replayed, int verified, int failed, Double medianRecordOverhead,
        Double worstRecordOverhead, int recordOverheadPrograms, Double medianReplayOverhead, Double worstReplayOverhead,
        int replayOverheadPrograms, Double medianTraceReduction, Double worstTraceReduction, int traceReductionPrograms,
        Double medianRecordCpuOverhead, Double worstRecordCpuOverhead, Double medianReplayCpuOverhead,
        Double worstReplayCpuOverhead, int cpuOverheadPrograms, Double medianStealPercent, Double worstStealPercent) {
    /** Steal time from this share of the CPU time (percent) makes wall-clock figures unreliable. */
    public static final double HIGH_STEAL_PERCENT = 5;

    /** The summary of these programs. */
    public static Summary of(List<ProgramResult> programs) {
        int replayed = 0;
        int verified = 0;
        int failed = 0;
        for (ProgramResult p : programs) {
            replayed += p.replayed() ? 1 : 0;
            verified += p.status() == ProgramResult.Status.VERIFIED ? 1 : 0;
            failed += p.failure() != null ? 1 : 0;
        }
        List<Double> rec = values(programs, Figures::recordOverhead);
        List<Double> rep = values(programs, Figures::replayOverhead);
        List<Double> red = values(programs, Figures::traceReduction);
        List<Double> recCpu = values(programs, Figures::recordCpuOverhead);
        List<Double> repCpu = values(programs, Figures::replayCpuOverhead);
        List<Double> steal = values(programs, Figures::stealPercent);
        return new Summary(programs.size(), replayed, verified, failed, median(rec), max(rec), rec.size(), median(rep),
                max(rep), rep.size(), median(red), min(red), red.size(), median(recCpu), max(recCpu), median(repCpu),
                max(repCpu), Math.max(recCpu.size(), repCpu.size()), median(steal), max(steal));
    }

    private static List<Double> values(List<ProgramResult> programs, Function<Figures, Double> f) {
        List<Double> out = new ArrayList<>();
        for (ProgramResult p : programs) {
            Double v = p.figures() == null ? null : f.apply(p.figures());
            if (v != null && !v.isNaN()) {
                out.add(v);
            }
        }
        return out;
    }

    /** The median (mean of the middle two for an even count), or null for none. */
    public static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static Double max(List<Double> values) {
        return values.isEmpty() ? null : Collections.max(values);
    }

    private static Double min(List<Double> values) {
        return values.isEmpty() ? null : Collections.min(values);
    }
}
