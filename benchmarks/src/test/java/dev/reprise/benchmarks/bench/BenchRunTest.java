package dev.reprise.benchmarks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.benchmarks.corpus.CorpusCache;
import dev.reprise.benchmarks.corpus.ProgramsManifest;
import dev.reprise.benchmarks.report.Exporter;
import dev.reprise.benchmarks.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bench end to end on tiny committed programs: a program that exits with the wrong
 * code and one whose module is missing fail at their stage with one line each and the rest goes
 * on; the two good ones are recorded, reduced, replayed and verified, with real figures in
 * results.json and the charts in index.html.
 */
class BenchRunTest {
    @TempDir
    static Path tmp;
    static BenchResults results;
    static Path report;
    static String progress;
    static final java.util.List<Integer> partialSizes = new java.util.ArrayList<>();

    static Path resource(String name) throws Exception {
        Path p = tmp.resolve(name);
        try (InputStream in = BenchRunTest.class.getResourceAsStream("/programs/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    /** A manifest of the tiny programs (also used by the command-line test). */
    static Path manifest(Path dir) throws Exception {
        resource("randhex.wasm");
        resource("exit3.wasm");
        String program = """
                { "name": "%s", "description": "%s", "source": { "committed": "%s" }, "licence": "Apache-2.0",
                  "provenance": "written for reprise", "host": "wasi", "args": %s, "exercises": ["io"],
                  "subset": true, "expectExit": %d }""";
        String json = "{ \"schema\": 1, \"programs\": [\n"
                + program.formatted("bad-exit", "exits 3 where 0 is expected", "exit3.wasm", "[\"x\"]", 0) + ",\n"
                + program.formatted("randhex", "random bytes, XOR, hex", "randhex.wasm", "[]", 0) + ",\n"
                + program.formatted("missing", "module not there", "nowhere.wasm", "[]", 0) + ",\n"
                + program.formatted("exit3", "clock, then proc_exit(3)", "exit3.wasm", "[\"a\", \"b\"]", 3) + "\n]}\n";
        Path m = dir.resolve("programs.json");
        Files.writeString(m, json);
        return m;
    }

    @BeforeAll
    static void run() throws Exception {
        ProgramsManifest m = ProgramsManifest.read(manifest(tmp));
        report = tmp.resolve("report");
        Files.createDirectories(report);
        BenchRunner.Config config = new BenchRunner.Config(3, report.resolve("work"), new CorpusCache(tmp.resolve("cache")),
                null, Duration.ofMinutes(2), false, Duration.ofMinutes(2));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        results = new BenchRunner(config).run(m, m.programs(), Shard.ALL, Progress.to(new PrintStream(log, true), false),
                partial -> partialSizes.add(partial.programs().size()));
        progress = log.toString();
        ReportWriter.write(report, results);
    }

    private static ProgramResult program(String name) {
        return results.programs().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void goodProgramsAreVerifiedWithRealFigures() {
        for (String name : new String[] {"randhex", "exit3"}) {
            ProgramResult p = program(name);
            assertEquals(ProgramResult.Status.VERIFIED, p.status(), name + ": " + p.failure());
            assertEquals("full", p.verification(), name + ": " + p.notes());
            assertNull(p.failure(), name);
            Figures f = p.figures();
            assertTrue(f.traceEvents() > 0 && f.fullTraceEvents() > 0 && f.verifiedEvents() > 0, name + ": " + f);
            assertTrue(f.traceBytes() > 0 && f.fullTraceBytes() > 0 && f.reducedBytes() > 0, name + ": " + f);
            assertTrue(f.recordOverhead() > 0 && f.replayOverhead() > 0, name + ": " + f);
            assertEquals(3, f.originalSamplesMs().size());
            assertEquals(3, f.recordSamplesMs().size());
            assertEquals(3, f.replaySamplesMs().size());
            assertTrue(f.moduleBytes() > 0 && f.instrumentedBytes() > f.moduleBytes() && f.replayBytes() > 0, name);
            assertNotNull(f.replayMemorySha256(), name);
            assertNotNull(f.traceSha256(), name);
            // WASI programs run in the bench's JVM: timed before verify, whose runs leave the JIT busy
            assertEquals(java.util.List.of(Stage.LOAD, Stage.RUN, Stage.INSTRUMENT, Stage.RECORD, Stage.RECORD_FULL,
                    Stage.REDUCE, Stage.REPLAY, Stage.REPLAY_RUN, Stage.MEASURE, Stage.VERIFY),
                    p.stages().stream().map(StageResult::stage).toList(), name);
            assertTrue(p.stages().stream().allMatch(StageResult::ok), name + ": " + p.stages());
            assertTrue(p.notes().stream().anyMatch(n -> n.matches("timed after 2 untimed rounds \\([0-9.]+ s\\)")),
                    name + ": " + p.notes());
            if (f.nodeMemorySha256() != null) {
                assertEquals(f.replayMemorySha256(), f.nodeMemorySha256(), name + ": the two engines disagree");
            }
        }
        assertEquals("return", program("randhex").figures().replayEnd());
        // exit3 ends in proc_exit: its replay ends by trapping there, which is the right end
        assertEquals("trap in proc_exit", program("exit3").figures().replayEnd());
    }

    @Test
    void failuresAreOneLineWithTheirStageAndTheRestGoesOn() {
        assertEquals(4, results.programs().size());
        ProgramResult bad = program("bad-exit");
        assertEquals(ProgramResult.Status.FAILED, bad.status());
        assertEquals(Stage.RUN, bad.failure().stage());
        assertEquals("the original run exited with 3 (expected 0)", bad.failure().message());
        ProgramResult missing = program("missing");
        assertEquals(Stage.LOAD, missing.failure().stage());
        assertTrue(missing.failure().message().matches("committed module .*nowhere\\.wasm not found"),
                missing.failure().message());
        Summary s = results.summary();
        assertEquals(4, s.attempted());
        assertEquals(2, s.replayed());
        assertEquals(2, s.verified());
        assertEquals(2, s.failed());
        assertTrue(progress.contains("bench [1/4] bad-exit: failed (FAILED at run: the original run exited with 3"), progress);
        assertTrue(progress.contains("bench [4/4] exit3: verified"), progress);
        assertEquals(java.util.List.of(1, 2, 3), partialSizes, "the results so far, after each program but the last");
    }

    @Test
    void resultsJsonHoldsEveryProgramAndStage() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report.resolve("results.json").toFile());
        assertEquals(1, json.path("schema").asInt());
        JsonNode machine = json.path("runs").get(0).path("machine");
        assertTrue(machine.path("cores").asInt() > 0 && machine.path("memoryBytes").asLong() > 0, machine.toString());
        assertFalse(machine.path("jdk").asText().isEmpty());
        assertEquals(4, json.path("programs").size());
        JsonNode randhex = json.path("programs").get(1);
        assertEquals("randhex", randhex.path("name").asText());
        assertEquals("verified", randhex.path("status").asText());
        assertTrue(randhex.path("figures").path("traceEvents").asLong() > 0);
        assertEquals(Stage.values().length, randhex.path("stages").size());
        assertEquals(2, json.path("summary").path("verified").asInt());
        assertEquals(results, BenchResults.read(report));
    }

    @Test
    void indexHtmlHasHeadlineTableFailuresAndCharts() throws Exception {
        String html = Files.readString(report.resolve(ReportWriter.HTML));
        Matcher svg = Pattern.compile("<svg class=\"chart\"").matcher(html);
        int charts = 0;
        while (svg.find()) {
            charts++;
        }
        assertEquals(3, charts, "three inline SVG charts");
        assertFalse(html.contains("could not be drawn"), "charts failed");
        assertFalse(html.contains("<script") || html.contains("http://cdn") || html.contains("<link"), "not self-contained");
        assertTrue(html.contains("<tr class=\"failed\">"), "failed rows highlighted");
        assertTrue(html.contains("the original run exited with 3 (expected 0)"));
        assertTrue(html.contains("programs attempted") && html.contains("verified"));
    }

    @Test
    void exportWritesReplaysThatRunWithNoHost() throws Exception {
        Path out = tmp.resolve("export");
        Files.createDirectories(out);
        assertEquals(java.util.List.of("randhex", "exit3"), Exporter.export(results, report.resolve("work"), out));
        JsonNode j = new ObjectMapper().readTree(out.resolve("exit3.json").toFile());
        assertEquals("trap", j.path("expect").path("end").asText());
        assertEquals("proc_exit", j.path("expect").path("trapIn").asText());
        assertEquals(program("exit3").figures().replayMemorySha256(), j.path("expect").path("memorySha256").asText());
        assertTrue(Files.isRegularFile(out.resolve("randhex.wasm")) && Files.isRegularFile(out.resolve(Exporter.CHECKER)));
        String node = BenchRunner.findNode();
        if (node != null) {
            var p = new ProcessBuilder(node, out.resolve(Exporter.CHECKER).toString()).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), text);
            assertTrue(text.contains("2 of 2 replay modules reproduced their recorded run"), text);
        }
        assertFalse(Files.exists(out.resolve("bad-exit.wasm")));
    }
}
