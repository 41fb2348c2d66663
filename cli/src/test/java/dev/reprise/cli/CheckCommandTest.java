package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reprise check} as a user meets it: failures with a reproduction command, summaries, exit codes. */
class CheckCommandTest {
    @TempDir
    Path tmp;

    Path fixture(String name) throws Exception {
        try (var in = CheckCommandTest.class.getResourceAsStream("/check/" + name)) {
            Path p = tmp.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void racyCounterFailsWithAReproductionCommandThatReplays() throws Exception {
        Path racy = fixture("racy_counter.wasm");
        CliTest.Result r = CliTest.run("check", "-q", racy.toString(), "--env", "A=1");
        assertEquals(ExitCode.FOUND, r.code(), r.err());
        assertTrue(r.out().contains("FAILURE: trap: assertion failed: lost update"), r.out());
        Matcher m = Pattern.compile("reproduce: reprise run (\\S+) --env A=1 --schedule ([0-9,]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(racy.toString(), m.group(1));
        assertTrue(r.out().contains("search incomplete: stopped by the first failure"), r.out());
        CliTest.Result again = CliTest.run("check", racy.toString(), "--schedule", m.group(2));
        assertEquals(ExitCode.FOUND, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("lost update"), again.out());
    }

    @Test
    void emitReplayWritesTheFailingRunAsAReplayThatFailsTheSameWayAndVerifies() throws Exception {
        Path racy = fixture("racy_counter.wasm");
        Path replay = tmp.resolve("failure.replay.wasm");
        CliTest.Result r = CliTest.run("check", "-q", racy.toString(), "--emit-replay", replay.toString());
        assertEquals(ExitCode.FOUND, r.code(), r.err());
        assertTrue(r.err().contains("wrote " + replay + ", the failing run as a replay"), r.err());
        // the replay carries the failing schedule: a plain run of it fails as the checker's run did
        CliTest.Result run = CliTest.run("run", replay.toString());
        assertEquals(ExitCode.TRAP, run.code(), run.err());
        assertTrue(run.err().contains("assertion failed: lost update"), run.err());
        // and it is the recording of that run, replayed: verify holds it against a recording under the same schedule
        Matcher m = Pattern.compile("--schedule ([0-9,]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        Path trace = tmp.resolve("failure.trace");
        CliTest.run("record", racy.toString(), "--schedule", m.group(1), "-o", trace.toString());
        CliTest.Result v = CliTest.run("verify", racy.toString(), replay.toString(), trace.toString(), "--no-node");
        assertEquals(ExitCode.OK, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("verified:"), v.out());

        // --schedule mode writes it too; no failure, no file
        Path again = tmp.resolve("again.replay.wasm");
        assertEquals(ExitCode.FOUND, CliTest.run("check", racy.toString(), "--schedule", m.group(1), "--emit-replay",
                again.toString()).code());
        assertTrue(Files.isRegularFile(again));
        Path none = tmp.resolve("none.replay.wasm");
        CliTest.Result ok = CliTest.run("check", "-q", fixture("mutex_counter.wasm").toString(), "--emit-replay", none.toString());
        assertEquals(ExitCode.OK, ok.code(), ok.err());
        assertTrue(ok.err().contains("no failure, so no replay") && !Files.exists(none), ok.err());
    }

    @Test
    void correctProgramPassesAndSaysTheSearchWasComplete() throws Exception {
        CliTest.Result r = CliTest.run("check", "-q", fixture("mutex_counter.wasm").toString());
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("no failure found"), r.out());
        assertTrue(r.out().contains("search complete: the whole space was explored"), r.out());
        CliTest.Result bounded = CliTest.run("check", "-q", fixture("mutex_counter.wasm").toString(), "--max-executions", "3");
        assertEquals(ExitCode.OK, bounded.code());
        assertTrue(bounded.out().contains("search incomplete: stopped by --max-executions"), bounded.out());
    }

    @Test
    void randomAndPctStrategiesFindTheBug() throws Exception {
        for (String s : new String[] {"random", "pct"}) {
            CliTest.Result r = CliTest.run("check", "-q", fixture("racy_counter.wasm").toString(), "--strategy", s,
                    "--seed", "3", "--max-executions", "2000");
            assertEquals(ExitCode.FOUND, r.code(), s + ": " + r.out() + r.err());
        }
    }

    @Test
    void badSchedulesNameTheDecision() throws Exception {
        String racy = fixture("racy_counter.wasm").toString();
        CliTest.Result malformed = CliTest.run("check", racy, "--schedule", "0,x");
        assertEquals(ExitCode.USAGE, malformed.code());
        assertTrue(malformed.err().contains("malformed --schedule: bad schedule entry 'x' at position 1"), malformed.err());
        CliTest.Result range = CliTest.run("check", racy, "--schedule", "0,9");
        assertEquals(ExitCode.DIVERGED, range.code());
        assertTrue(range.err().contains("schedule diverged at decision 1"), range.err());
        CliTest.Result tooLong = CliTest.run("check", racy, "--schedule", "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0");
        assertEquals(ExitCode.DIVERGED, tooLong.code());
        assertTrue(tooLong.err().contains("the program ended after"), tooLong.err());
        assertEquals(1, tooLong.err().lines().count(), tooLong.err());
    }

    @Test
    void badInputGetsOneLineAndItsCode() throws Exception {
        Path junk = tmp.resolve("junk.wasm");
        Files.write(junk, new byte[] {0, 'a', 's', 'm', 9, 9});
        CliTest.Result bad = CliTest.run("check", junk.toString());
        assertEquals(ExitCode.BAD_INPUT, bad.code(), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertEquals(ExitCode.NO_INPUT, CliTest.run("check", tmp.resolve("missing.wasm").toString()).code());
        String racy = fixture("racy_counter.wasm").toString();
        assertEquals(ExitCode.USAGE, CliTest.run("check", racy, "--shard", "3/2").code());
        assertEquals(ExitCode.USAGE, CliTest.run("check", racy, "--strategy", "bfs-ish").code());
        assertEquals(ExitCode.USAGE, CliTest.run("check", racy, "--time-limit", "soon").code());
        assertEquals(ExitCode.USAGE, CliTest.run("check", racy, "--all", "--stop-at-first").code());
    }
}
