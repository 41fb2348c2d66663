package dev.reprise.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.benchmarks.bench.BenchResults;
import dev.reprise.benchmarks.bench.ReportSamples;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a browser shows it: index.html rendered offline by headless Chromium. The
 * screenshot must not be blank and must show the charts' bar colours; the DOM Chromium built
 * must hold the three charts, the results table with a highlighted failure, and the headline.
 * Skipped with a message when Chromium is not installed ({@code apt-get install chromium}).
 */
class ChromiumRenderTest {
    @TempDir
    static Path tmp;
    static String chromium;
    static Path page;

    @BeforeAll
    static void writeReport() throws Exception {
        chromium = find();
        Path dir = tmp.resolve("report");
        Files.createDirectories(dir);
        BenchResults results = ReportSamples.fourPrograms();
        ReportWriter.write(dir, results);
        page = dir.resolve(ReportWriter.HTML);
    }

    private static String find() {
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }

    private static byte[] chromium(String... args) throws Exception {
        Assumptions.assumeTrue(chromium != null, "skipped: chromium is not installed (apt-get install chromium)");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + tmp.resolve("profile")));
        cmd.addAll(List.of(args));
        cmd.add(page.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium failed");
        return out;
    }

    @Test
    void screenshotIsNotBlankAndShowsTheCharts() throws Exception {
        Path png = tmp.resolve("report.png");
        chromium("--screenshot=" + png, "--window-size=1280,2200");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        int nonWhite = 0;
        Set<Integer> colours = new HashSet<>();
        boolean recordBlue = false;
        boolean replayOrange = false;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                nonWhite += rgb == 0xffffff ? 0 : 1;
                recordBlue |= close(rgb, 0x1f77b4);
                replayOrange |= close(rgb, 0xff7f0e);
            }
        }
        int sampled = (img.getWidth() / 2) * (img.getHeight() / 2);
        assertTrue(nonWhite > sampled / 50, "the page looks blank: " + nonWhite + " of " + sampled + " pixels are not white");
        assertTrue(colours.size() > 20, "too few colours: " + colours.size());
        assertTrue(recordBlue && replayOrange, "the charts' bars are not on the screenshot");
    }

    private static boolean close(int rgb, int want) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((want >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }

    @Test
    void domHasChartsTableAndHeadline() throws Exception {
        String dom = new String(chromium("--dump-dom"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<svg[^>]*class=\"chart\"").matcher(dom);
        int charts = 0;
        while (m.find()) {
            charts++;
        }
        assertEquals(3, charts, "inline SVG charts in the DOM");
        assertTrue(dom.contains("aria-label=\"Overhead per program (time / original run time)\""), "overhead chart");
        assertTrue(dom.contains("<table id=\"results\">"), "results table");
        assertTrue(dom.contains("<tr class=\"failed\">"), "highlighted failure row");
        assertTrue(dom.contains("programs attempted") && dom.contains("record overhead, median / worst"), "headline");
        assertTrue(Pattern.compile("<path ").matcher(dom).results().count() > 50, "charts have no drawing");
    }
}
