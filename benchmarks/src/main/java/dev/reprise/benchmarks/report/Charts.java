package dev.reprise.benchmarks.report;

import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.bench.ProgramResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.Styler;

/**
 * The report's charts, drawn with XChart and encoded as SVG (VectorGraphics2D) to be inlined
 * into the HTML: record and replay overhead per program, trace sizes (full, shadow, reduced),
 * module sizes (original, instrumented, replay). Failed programs keep their place on the axis,
 * marked {@code (failed)}, with the bars they have. Byte axes are logarithmic.
 */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0x9467bd)};

    private Charts() {
    }

    /** The charts of a report as inline SVG, by title. */
    public static Map<String, String> render(List<ProgramResult> programs) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (ProgramResult p : programs) {
            names.add(p.failure() != null ? p.name() + " (failed)" : p.name());
        }
        put(out, "Overhead per program (time / original run time)", svg(bars("overhead (x original)", names, false,
                series("record (default mode)", programs, Figures::recordOverhead),
                series("replay", programs, Figures::replayOverhead))));
        put(out, "Trace size: every read (--full), default mode, reduced", svg(bars("bytes (log scale)", names, true,
                series("full trace", programs, f -> bytes(f.fullTraceBytes())),
                series("default-mode trace", programs, f -> bytes(f.traceBytes())),
                series("reduced trace", programs, f -> bytes(f.reducedBytes())))));
        put(out, "Module sizes: original, instrumented, replay", svg(bars("bytes (log scale)", names, true,
                series("original module", programs, f -> bytes(f.moduleBytes())),
                series("instrumented", programs, f -> bytes(f.instrumentedBytes())),
                series("replay module", programs, f -> bytes(f.replayBytes())))));
        return out;
    }

    private static void put(Map<String, String> out, String title, String svg) {
        String label = title.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        out.put(title, svg.replaceFirst("<svg ", "<svg class=\"chart\" role=\"img\" aria-label=\"" + label + "\" "));
    }

    private record Series(String name, List<Double> values) {
        boolean empty() {
            return values.stream().allMatch(v -> v == null);
        }
    }

    private static Double bytes(Long v) {
        return v == null || v <= 0 ? null : v.doubleValue();
    }

    private static Series series(String name, List<ProgramResult> programs, Function<Figures, Double> f) {
        List<Double> values = new ArrayList<>();
        for (ProgramResult p : programs) {
            Double v = p.figures() == null ? null : f.apply(p.figures());
            values.add(v == null || v.isNaN() || v.isInfinite() ? null : v);
        }
        return new Series(name, values);
    }

    private static CategoryChart bars(String yTitle, List<String> names, boolean log, Series... series) {
        int width = Math.max(720, Math.min(1800, 140 + 60 * names.size() * Math.max(1, series.length) / 2));
        CategoryChart chart = new CategoryChartBuilder().width(width).height(420).xAxisTitle("program")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal)
                .setChartBackgroundColor(Color.WHITE)
                .setSeriesColors(COLORS)
                .setChartTitleVisible(false)
                .setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setPlotBackgroundColor(Color.WHITE).setPlotBorderVisible(false);
        chart.getStyler().setXAxisLabelRotation(names.size() > 8 ? 45 : 0);
        chart.getStyler().setAvailableSpaceFill(0.8);
        // dashed grid lines become thousands of path segments in SVG: solid thin ones instead
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(0.5f)).setPlotGridLinesColor(new Color(0xdddddd));
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Series s : series) {
            for (Double v : s.values()) {
                if (v != null && v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (log && max / min > 20) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisDecimalPattern("#,##0");
            // bar charts anchor the axis at 0, which a log axis cannot show: start at the decade below the data
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        } else if (log) {
            chart.setYAxisTitle(yTitle.replace(" (log scale)", ""));
            chart.getStyler().setYAxisDecimalPattern("#,##0");
            chart.getStyler().setYAxisMin(0.0);
        } else {
            chart.getStyler().setYAxisDecimalPattern("0.##");
            chart.getStyler().setYAxisMin(0.0);
        }
        boolean any = false;
        for (Series s : series) {
            if (s.empty()) {
                continue;
            }
            any = true;
            chart.addSeries(s.name(), names, s.values());
        }
        if (!any) {
            // XChart needs a series: an empty one keeps the axes with a legend that says so
            List<Double> ones = new ArrayList<>();
            names.forEach(n -> ones.add(null));
            chart.addSeries("no data", names, ones);
        }
        return chart;
    }

    /** The chart as an {@code <svg>} element (no XML prolog or doctype), ready to inline. */
    static String svg(CategoryChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode chart: " + e.getMessage(), e);
        }
        String s = out.toString(StandardCharsets.UTF_8);
        int at = s.indexOf("<svg");
        return at < 0 ? s : s.substring(at);
    }
}
