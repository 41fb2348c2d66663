package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.TraceWriter;
import dev.reprise.record.trace.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reprise record} with the host's real inputs: {@code --real-random}, {@code --real-clock},
 * a real folder under {@code --dir} and a real file as stdin. Each recording captures what it
 * got, so its replay reproduces that run and no other.
 */
class RecordRealInputsTest {
    @TempDir
    Path tmp;

    private record Recording(String stdout, Trace trace, Path replay) {
    }

    private Recording record(Path app, String name, Path data, Path stdin) throws Exception {
        Path trace = tmp.resolve(name + ".trace");
        CliTest.Result r = CliTest.run("record", app.toString(), "-o", trace.toString(), "--real-random", "--real-clock",
                "--dir", "/data=" + data, "--stdin", stdin.toString(), "--", "/data/in.txt");
        assertEquals(0, r.code(), r.err());
        Path replay = tmp.resolve(name + ".replay.wasm");
        CliTest.Result g = CliTest.run("replay", app.toString(), trace.toString(), "-o", replay.toString());
        assertEquals(0, g.code(), g.err());
        return new Recording(r.out(), TraceReader.readAll(trace), replay);
    }

    private static List<TraceEvent.OutputDigest> digests(Trace t) {
        return t.events().stream().filter(e -> e instanceof TraceEvent.OutputDigest)
                .map(e -> (TraceEvent.OutputDigest) e).toList();
    }

    @Test
    void realRandomRecordingsDifferAndEachReplayReproducesItsOwnRun() throws Exception {
        Path app = FirstRecordingTest.EXAMPLE;
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "a real file\n");
        Path stdin = tmp.resolve("stdin.txt");
        Files.writeString(stdin, "real stdin\n");

        Recording a = record(app, "a", data, stdin);
        Recording b = record(app, "b", data, stdin);
        assertTrue(a.stdout().matches("random=[0-9a-f]{16} time=\\d+\nfile: (a real| real|real|eal) file\nstdin: real stdin\n"),
                a.stdout());
        assertNotEquals(a.stdout().lines().findFirst(), b.stdout().lines().findFirst(), "two real-random runs");
        long seconds = Long.parseLong(a.stdout().replaceAll("(?s).*time=(\\d+).*", "$1")) / 1_000_000_000L;
        assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 3600, "the real clock: " + a.stdout());
        assertEquals("true", a.trace().header().start().options().get("real-random"));
        assertEquals("true", a.trace().header().start().options().get("real-clock"));
        assertNotEquals(digests(a.trace()), digests(b.trace()), "the traces hold what each run printed");

        // each replay gives the program its recording's random bytes: the program seeks its file to an
        // offset drawn from them, and the replay checks every import argument, so it runs to the end
        for (Recording r : List.of(a, b)) {
            assertTrue(seekOffset(r.trace()) >= 0 && seekOffset(r.trace()) < 4);
            CliTest.Result run = CliTest.run("run", r.replay().toString());
            assertEquals(0, run.code(), run.err());
        }
        // the check is real: A's recording with another seek offset makes a replay that traps
        Path mixed = tmp.resolve("mixed.trace");
        try (TraceWriter w = TraceWriter.create(mixed, a.trace().header())) {
            for (TraceEvent e : a.trace().events()) {
                if (e instanceof TraceEvent.ImportCall c && c.name().equals("fd_seek")) {
                    List<Value> args = new ArrayList<>(c.args());
                    args.set(1, Value.i64(args.get(1).asLong() ^ 1));
                    e = new TraceEvent.ImportCall(c.tid(), c.funcIndex(), c.module(), c.name(), args);
                }
                w.write(e);
            }
        }
        Path mixedReplay = tmp.resolve("mixed.wasm");
        assertEquals(0, CliTest.run("replay", app.toString(), mixed.toString(), "-o", mixedReplay.toString()).code());
        assertEquals(ExitCode.TRAP, CliTest.run("run", mixedReplay.toString()).code());
    }

    private static long seekOffset(Trace t) {
        return t.events().stream().filter(e -> e instanceof TraceEvent.ImportCall c && c.name().equals("fd_seek"))
                .map(e -> ((TraceEvent.ImportCall) e).args().get(1).asLong()).findFirst().orElse(-1L);
    }

    @Test
    void replayOfARealRunAlsoRunsUnderNode() throws Exception {
        Path app = FirstRecordingTest.EXAMPLE;
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "x\n");
        Path stdin = tmp.resolve("stdin.txt");
        Files.writeString(stdin, "y\n");
        Recording a = record(app, "n", data, stdin);
        Process p;
        try {
            p = new ProcessBuilder("node", "-e", "WebAssembly.instantiate(require('fs').readFileSync(process.argv[1]))"
                    + ".then(r => r.instance.exports._start())", a.replay().toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "node is not available");
            return;
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    @Test
    void realClockAndClockStartExcludeEachOther() throws Exception {
        CliTest.Result r = CliTest.run("run", FirstRecordingTest.EXAMPLE.toString(), "--real-clock", "--clock-start", "5");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
    }
}
