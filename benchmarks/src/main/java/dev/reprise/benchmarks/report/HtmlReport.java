package dev.reprise.benchmarks.report;

import dev.reprise.benchmarks.bench.BenchResults;
import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.bench.ProgramResult;
import dev.reprise.benchmarks.bench.RunMeta;
import dev.reprise.benchmarks.bench.StageResult;
import dev.reprise.benchmarks.bench.Summary;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench report as one self-contained HTML page: styles and charts (SVG) inline, no script,
 * nothing fetched, so it opens offline from the file system. Headline figures first, then the
 * failures, the charts, one table row per program (failed rows highlighted), each program's
 * stages, and how the figures were measured.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:24px;color:#1b1f24;background:#fff}
            h1{margin:0 0 4px 0;font-size:26px}h2{margin-top:32px;font-size:20px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .meta{color:#555;font-size:13px;margin:2px 0}
            .headline{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}
            .card{border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;min-width:130px;background:#f6f8fa}
            .card .v{font-size:26px;font-weight:600}.card .l{font-size:12px;color:#555}.card.bad{background:#ffebe9;border-color:#ff8182}
            .card.good{background:#dafbe1;border-color:#4ac26b}
            table{border-collapse:collapse;font-size:12.5px;margin-top:8px}th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:right;white-space:nowrap}
            th{background:#f6f8fa;position:sticky;top:0}td.l,th.l{text-align:left}
            tr.failed td{background:#ffebe9}tr.failed td.status{color:#cf222e;font-weight:600}td.status{font-weight:600}
            td.err{white-space:normal;text-align:left;max-width:520px;color:#cf222e}
            .charts figure{margin:12px 0 24px 0}.charts figcaption{font-weight:600;margin-bottom:6px}
            .charts svg{max-width:100%;height:auto;border:1px solid #eee}
            ul.failures li{margin:4px 0}code{font-size:12px}
            details{margin:4px 0}.scroll{overflow-x:auto;max-width:100%}summary{cursor:pointer}
            """;

    /** The page. */
    public static String render(BenchResults results, Map<String, String> charts, String chartError) {
        StringBuilder h = new StringBuilder(64 * 1024);
        Summary s = results.summary();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>reprise bench: ").append(s.verified()).append(" of ").append(s.attempted())
                .append(" verified</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>reprise bench</h1>\n");
        for (RunMeta run : results.runs()) {
            h.append("<p class=\"meta\">").append(esc(meta(run))).append("</p>\n");
        }
        headline(h, s);
        failures(h, results.programs());
        h.append("<h2 id=\"charts\">Charts</h2>\n<div class=\"charts\">\n");
        if (chartError != null) {
            h.append("<p class=\"err\">The charts could not be drawn: ").append(esc(chartError)).append("</p>\n");
        }
        for (Map.Entry<String, String> c : charts.entrySet()) {
            h.append("<figure>\n<figcaption>").append(esc(c.getKey())).append("</figcaption>\n").append(c.getValue())
                    .append("\n</figure>\n");
        }
        h.append("</div>\n");
        table(h, results.programs());
        stages(h, results.programs());
        method(h, results);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static String meta(RunMeta r) {
        RunMeta.Machine m = r.machine();
        StringBuilder sb = new StringBuilder();
        sb.append(r.date()).append(" · reprise ").append(r.reprise()).append(" · ");
        if (m != null) {
            sb.append(m.cores()).append(" cores, ").append(m.memoryBytes() / (1L << 30)).append(" GiB, ").append(m.os())
                    .append(", Java ").append(m.jdk());
            if (m.node() != null) {
                sb.append(", node ").append(m.node());
            }
            if (m.host() != null) {
                sb.append(" (").append(m.host()).append(')');
            }
        }
        sb.append(" · ").append(r.corpus()).append(r.shard() != null ? " shard " + r.shard() : "").append(" · ")
                .append(programs(r.programs().size())).append(", ").append(r.repeat()).append(" timed runs each, ")
                .append(String.format(Locale.ROOT, "%.1f s", r.wallSeconds()));
        return sb.toString();
    }

    private static void headline(StringBuilder h, Summary s) {
        h.append("<section class=\"headline\" id=\"headline\">\n");
        card(h, Integer.toString(s.attempted()), "programs attempted", "");
        card(h, Integer.toString(s.replayed()), "replayed", s.replayed() == s.attempted() ? "good" : "");
        card(h, Integer.toString(s.verified()), "verified", s.verified() == s.attempted() ? "good" : "");
        card(h, Integer.toString(s.failed()), "failed", s.failed() > 0 ? "bad" : "good");
        card(h, times(s.medianRecordOverhead()) + " / " + times(s.worstRecordOverhead()),
                "record overhead, median / worst (" + programs(s.recordOverheadPrograms()) + ")", "");
        card(h, times(s.medianReplayOverhead()) + " / " + times(s.worstReplayOverhead()),
                "replay overhead, median / worst (" + programs(s.replayOverheadPrograms()) + ")", "");
        if (s.cpuOverheadPrograms() > 0) {
            card(h, times(s.medianRecordCpuOverhead()) + " / " + times(s.worstRecordCpuOverhead()),
                    "record overhead in CPU time, median / worst (" + programs(s.cpuOverheadPrograms()) + ")", "");
            card(h, times(s.medianReplayCpuOverhead()) + " / " + times(s.worstReplayCpuOverhead()),
                    "replay overhead in CPU time, median / worst (" + programs(s.cpuOverheadPrograms()) + ")", "");
        }
        card(h, percent(s.medianTraceReduction()) + " / " + percent(s.worstTraceReduction()),
                "trace reduction, median / worst (" + programs(s.traceReductionPrograms()) + ")", "");
        if (s.worstStealPercent() != null && s.worstStealPercent() >= Summary.HIGH_STEAL_PERCENT) {
            card(h, String.format(Locale.ROOT, "%.0f%% / %.0f%%", s.medianStealPercent(), s.worstStealPercent()),
                    "CPU time the hypervisor took while runs were timed (steal), median / worst: trust the CPU time"
                            + " ratios over the wall-clock ones", "bad");
        }
        h.append("</section>\n");
    }

    private static void card(StringBuilder h, String value, String label, String cls) {
        h.append("<div class=\"card ").append(cls).append("\"><div class=\"v\">").append(esc(value))
                .append("</div><div class=\"l\">").append(esc(label)).append("</div></div>\n");
    }

    private static void failures(StringBuilder h, List<ProgramResult> programs) {
        List<ProgramResult> failed = programs.stream().filter(p -> p.failure() != null).toList();
        if (failed.isEmpty()) {
            return;
        }
        h.append("<h2 id=\"failures\">Failures</h2>\n<ul class=\"failures\">\n");
        for (ProgramResult p : failed) {
            h.append("<li><b>").append(esc(p.name())).append("</b> at <code>").append(esc(p.failure().stage().json()))
                    .append("</code>: ").append(esc(p.failure().message())).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private static final String[] HEAD = {"program", "host", "status", "original ms", "record ms", "record ×",
        "replay ms", "replay ×", "trace events", "trace bytes", "full events", "full bytes", "reduced items",
        "reduced bytes", "reduction", "module bytes", "replay bytes", "instrument ms", "reduce ms", "replay gen ms",
        "failure"};

    private static void table(StringBuilder h, List<ProgramResult> programs) {
        h.append("<h2 id=\"programs\">Programs</h2>\n<div class=\"scroll\"><table id=\"results\">\n<tr>");
        for (int i = 0; i < HEAD.length; i++) {
            h.append(i < 3 || i == HEAD.length - 1 ? "<th class=\"l\">" : "<th>").append(esc(HEAD[i])).append("</th>");
        }
        h.append("</tr>\n");
        for (ProgramResult p : programs) {
            Figures f = p.figures() == null ? Figures.none() : p.figures();
            h.append(p.failure() != null ? "<tr class=\"failed\">" : "<tr>");
            h.append("<td class=\"l\" title=\"").append(esc(p.description() + " · " + p.source())).append("\">")
                    .append(esc(p.name())).append("</td>");
            h.append("<td class=\"l\">").append(esc(p.host())).append("</td>");
            h.append("<td class=\"l status\">").append(esc(p.status().json()))
                    .append(p.verification() != null ? " (" + esc(p.verification()) + ")" : "").append("</td>");
            cell(h, ms(f.originalMs()));
            cell(h, ms(f.recordMs()));
            cell(h, times(f.recordOverhead()));
            cell(h, ms(f.replayMs()));
            cell(h, times(f.replayOverhead()));
            cell(h, count(f.traceEvents()));
            cell(h, count(f.traceBytes()));
            cell(h, count(f.fullTraceEvents()));
            cell(h, count(f.fullTraceBytes()));
            cell(h, count(f.reducedEvents()));
            cell(h, count(f.reducedBytes()));
            cell(h, percent(f.traceReduction()));
            cell(h, count(f.moduleBytes()));
            cell(h, count(f.replayBytes()));
            cell(h, ms(f.instrumentMs()));
            cell(h, ms(f.reduceMs()));
            cell(h, ms(f.replayGenMs()));
            h.append("<td class=\"err\">").append(p.failure() == null ? "" : esc(p.failure().toString())).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");
    }

    private static void stages(StringBuilder h, List<ProgramResult> programs) {
        h.append("<h2 id=\"stages\">Stages</h2>\n");
        for (ProgramResult p : programs) {
            h.append("<details").append(p.failure() != null ? " open" : "").append("><summary>").append(esc(p.name()))
                    .append(": ").append(esc(p.status().json())).append(" · ").append(esc(p.source())).append(" · ")
                    .append(esc(p.licence() == null ? "" : p.licence())).append(" · ").append(esc(p.provenance() == null ? "" : p.provenance()))
                    .append("</summary>\n<table><tr><th class=\"l\">stage</th><th>seconds</th><th class=\"l\">result</th></tr>\n");
            for (StageResult st : p.stages()) {
                h.append(st.ok() ? "<tr>" : "<tr class=\"failed\">").append("<td class=\"l\">").append(esc(st.stage().json()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.3f", st.seconds())).append("</td><td class=\"")
                        .append(st.ok() ? "l\">ok" : "err\">" + esc(st.error())).append("</td></tr>\n");
            }
            h.append("</table>\n");
            for (String n : p.notes()) {
                h.append("<p class=\"meta\">note: ").append(esc(n)).append("</p>\n");
            }
            h.append("</details>\n");
        }
    }

    private static void method(StringBuilder h, BenchResults r) {
        h.append("<h2 id=\"method\">How the figures are measured</h2>\n<ul>\n")
                .append("<li>Run times are wall-clock medians of the timed runs (the run's <code>repeat</code>), after one untimed")
                .append(" warm-up. WASI programs run in the bench's JVM on reprise's runtime (compiler engine); the warm-up also")
                .append(" compiles the module to JVM bytecode (or loads it from the compiled-class cache), so the medians compare")
                .append(" steady states, but JIT compilation of the generated classes may still go on during the timed runs.")
                .append(" Node programs are timed as whole processes, start-up included.</li>\n")
                .append("<li>Record overhead: the recorded run (host mode for WASI programs, shadow under node; trace written to disk) over the original run, same")
                .append(" engine. Replay overhead: the standalone replay module over the original run, same engine.</li>\n")
                .append("<li>Trace reduction: 1 − reduced trace bytes / bytes of the trace recorded with <code>--full</code>")
                .append(" (every read, as an unreduced Wasm-R3 trace). The replay is generated from the default-mode trace.</li>\n")
                .append("<li>Verified (full): <code>reprise verify</code> passed: the replay's provenance section names")
                .append(" this module and reduced trace and regenerates to the same bytes; the instrumented replay, re-recorded,")
                .append(" reproduces every event of the trace; the replay ends where the recording ended with the recorded final")
                .append(" memories, under reprise's runtime and node. Verified (self-check): the verifier could not handle the")
                .append(" replay; it ran to its recorded end (it compares every export result and import argument and traps at")
                .append(" the first difference) and the other engine ended the same way with the same memory.")
                .append(" Medians and worsts are over the programs that have the figure.</li>\n")
                .append("</ul>\n");
    }

    private static void cell(StringBuilder h, String v) {
        h.append("<td>").append(esc(v)).append("</td>");
    }

    /** "1 program", "34 programs". */
    static String programs(int n) {
        return n + (n == 1 ? " program" : " programs");
    }

    static String times(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, v < 10 ? "%.2f×" : "%.1f×", v);
    }

    public static String percent(Double v) {
        // near 100% two decimals would round 99.998% up to 100.00%
        return v == null ? "–" : String.format(Locale.ROOT, v < 0.9999 || v == 1.0 ? "%.2f%%" : "%.4f%%", 100 * v);
    }

    static String ms(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%,.0f", v);
    }

    static String count(Long v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%,d", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
