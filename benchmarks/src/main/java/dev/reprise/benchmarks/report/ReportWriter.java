package dev.reprise.benchmarks.report;

import dev.reprise.benchmarks.bench.BenchResults;
import dev.reprise.benchmarks.bench.Summary;
import dev.reprise.cli.Files2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Writes a report folder: {@code results.json} and {@code index.html}, each atomically. */
public final class ReportWriter {
    /** The page's file name. */
    public static final String HTML = "index.html";

    private ReportWriter() {
    }

    /** Writes both files into {@code dir} (which must exist). */
    public static void write(Path dir, BenchResults results) {
        Files2.writeAtomically(dir.resolve(BenchResults.FILE), results.toJson());
        Map<String, String> charts = Map.of();
        String chartError = null;
        try {
            charts = Charts.render(results.programs());
        } catch (RuntimeException | LinkageError e) {
            // no usable AWT fonts on this machine: the page still has the tables
            chartError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        Files2.writeAtomically(dir.resolve(HTML), HtmlReport.render(results, charts, chartError).getBytes(StandardCharsets.UTF_8));
    }

    /** The headline figures as a few lines of text (for the terminal). */
    public static String headline(BenchResults results) {
        Summary s = results.summary();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "bench: %d attempted, %d replayed, %d verified, %d failed (%.1f s)%n",
                s.attempted(), s.replayed(), s.verified(), s.failed(),
                results.runs().stream().mapToDouble(r -> r.wallSeconds()).sum()));
        sb.append(String.format(Locale.ROOT, "  record overhead: median %s, worst %s (%s)%n",
                HtmlReport.times(s.medianRecordOverhead()), HtmlReport.times(s.worstRecordOverhead()), HtmlReport.programs(s.recordOverheadPrograms())));
        sb.append(String.format(Locale.ROOT, "  replay overhead: median %s, worst %s (%s)%n",
                HtmlReport.times(s.medianReplayOverhead()), HtmlReport.times(s.worstReplayOverhead()), HtmlReport.programs(s.replayOverheadPrograms())));
        if (s.cpuOverheadPrograms() > 0) {
            sb.append(String.format(Locale.ROOT, "  CPU time overhead: record median %s, worst %s; replay median %s, worst %s"
                    + " (%s)%n", HtmlReport.times(s.medianRecordCpuOverhead()), HtmlReport.times(s.worstRecordCpuOverhead()),
                    HtmlReport.times(s.medianReplayCpuOverhead()), HtmlReport.times(s.worstReplayCpuOverhead()),
                    HtmlReport.programs(s.cpuOverheadPrograms())));
        }
        if (s.worstStealPercent() != null && s.worstStealPercent() >= Summary.HIGH_STEAL_PERCENT) {
            sb.append(String.format(Locale.ROOT, "  steal time: the hypervisor took %.0f%% of this machine's CPU time while"
                    + " runs were timed (median over programs; up to %.0f%%): trust the CPU time ratios over the wall-clock"
                    + " ones%n", s.medianStealPercent(), s.worstStealPercent()));
        }
        sb.append(String.format(Locale.ROOT, "  trace reduction: median %s, worst %s (%s)%n",
                HtmlReport.percent(s.medianTraceReduction()), HtmlReport.percent(s.worstTraceReduction()),
                HtmlReport.programs(s.traceReductionPrograms())));
        return sb.toString().replace('×', 'x');
    }
}
