package dev.reprise.benchmarks.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.benchmarks.bench.BenchResults;
import dev.reprise.benchmarks.bench.ProgramResult;
import dev.reprise.cli.ExitCode;
import dev.reprise.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reprise bench} and {@code reprise corpus} through cli's Main, as the shaded jar runs them. */
class BenchCliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int code = Main.run(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path manifest() throws Exception {
        for (String name : new String[] {"randhex.wasm", "exit3.wasm"}) {
            try (InputStream in = BenchCliTest.class.getResourceAsStream("/programs/" + name)) {
                Files.write(tmp.resolve(name), in.readAllBytes());
            }
        }
        String program = """
                { "name": "%s", "description": "d", "source": { "committed": "%s" }, "licence": "Apache-2.0",
                  "provenance": "written for reprise", "host": "wasi", "exercises": ["io"], "expectExit": %d }""";
        Path m = tmp.resolve("programs.json");
        Files.writeString(m, "{ \"schema\": 1, \"programs\": [\n" + program.formatted("randhex", "randhex.wasm", 0) + ",\n"
                + program.formatted("exit3", "exit3.wasm", 3) + "\n]}\n");
        return m;
    }

    @Test
    void helpListsBenchAndCorpusWithExitCodes() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("  bench ") && r.out().contains("  corpus "), r.out());
        assertTrue(r.out().contains("`reprise bench` exits 1 when a program failed a stage"), r.out());
        Result bench = run("bench", "--help");
        assertTrue(bench.out().contains("--shard=I/N") && bench.out().contains("merge") && bench.out().contains("Exit status"),
                bench.out());
        assertTrue(run("corpus", "fetch", "--help").out().contains("checksum"));
    }

    @Test
    void shardsRunSeparatelyAndMergeIntoOneReport() throws Exception {
        Path m = manifest();
        Result a = run("bench", "--corpus", m.toString(), "--repeat", "1", "--warm-up", "0", "--shard", "0/2", "--report", tmp.resolve("a").toString());
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("bench: 1 attempted, 1 replayed, 1 verified, 0 failed"), a.out());
        assertTrue(a.out().contains("report: " + tmp.resolve("a").resolve("index.html")), a.out());
        Result b = run("bench", "--corpus", m.toString(), "--repeat", "1", "--warm-up", "0", "--shard", "1/2", "--report", tmp.resolve("b").toString());
        assertEquals(0, b.code(), b.err());
        assertEquals(List.of("randhex"), names(BenchResults.read(tmp.resolve("a"))));
        assertEquals(List.of("exit3"), names(BenchResults.read(tmp.resolve("b"))));
        Result merged = run("bench", "merge", tmp.resolve("b").toString(), tmp.resolve("a").toString(),
                "--report", tmp.resolve("all").toString());
        assertEquals(0, merged.code(), merged.err());
        BenchResults all = BenchResults.read(tmp.resolve("all"));
        assertEquals(List.of("randhex", "exit3"), names(all));
        assertEquals(2, all.summary().verified());
        assertEquals(2, all.runs().size());
        assertTrue(Files.readString(tmp.resolve("all").resolve("index.html")).contains("shard 1/2"));
        Result again = run("bench", "merge", tmp.resolve("a").toString(), tmp.resolve("a").toString(),
                "--report", tmp.resolve("x").toString());
        assertEquals(ExitCode.BAD_INPUT, again.code());
        assertTrue(again.err().contains("program \"randhex\" is in both"), again.err());
    }

    private static List<String> names(BenchResults r) {
        return r.programs().stream().map(ProgramResult::name).toList();
    }

    @Test
    void badUsageAndBadManifestsAreOneLineWithTheirCodes() throws Exception {
        Path m = manifest();
        Result unknown = run("bench", "--corpus", m.toString(), "--only", "nosuch", "--report", tmp.resolve("r").toString());
        assertEquals(ExitCode.USAGE, unknown.code());
        assertEquals("reprise bench: " + m + ": no program named nosuch (known: randhex, exit3)", unknown.err().strip());
        Result shard = run("bench", "--corpus", m.toString(), "--shard", "2/2");
        assertEquals(ExitCode.USAGE, shard.code());
        assertEquals(1, shard.err().strip().lines().count(), shard.err());
        assertEquals(ExitCode.USAGE, run("bench", "--corpus", m.toString(), "--repeat", "0").code());
        Result warmUp = run("bench", "--corpus", m.toString(), "--warm-up", "-1");
        assertEquals(ExitCode.USAGE, warmUp.code());
        assertEquals("reprise bench: --warm-up must be at least 0", warmUp.err().strip());
        Result forks = run("bench", "--corpus", m.toString(), "--forks", "-2");
        assertEquals(ExitCode.USAGE, forks.code());
        assertEquals("reprise bench: --forks must be at least 0", forks.err().strip());
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{ \"schema\": 1,\n  \"programs\": [ { \"name\": 3 } ] }");
        Result malformed = run("bench", "--corpus", bad.toString());
        assertEquals(ExitCode.BAD_INPUT, malformed.code());
        assertEquals("reprise bench: " + bad + ":2: programs[0]: name: expected a string, found a number",
                malformed.err().strip());
        Result missing = run("bench", "--corpus", tmp.resolve("nope.json").toString());
        assertEquals(ExitCode.NO_INPUT, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void corpusListAndCheckAgainstAnEmptyCache() {
        Path cache = tmp.resolve("cache");
        Result list = run("corpus", "list", "--cache", cache.toString(), "--only", "lz4,esbuild");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("missing  lz4") && list.out().contains("missing  esbuild"), list.out());
        Result check = run("corpus", "fetch", "--check", "--cache", cache.toString(), "--only", "lz4");
        assertEquals(ExitCode.FOUND, check.code());
        assertTrue(check.err().contains("missing or wrong: lz4"), check.err());
        Result unknown = run("corpus", "fetch", "--check", "--cache", cache.toString(), "--only", "nosuch");
        assertEquals(ExitCode.USAGE, unknown.code());
        assertEquals("reprise corpus fetch: no corpus entry named nosuch", unknown.err().strip());
    }
}
