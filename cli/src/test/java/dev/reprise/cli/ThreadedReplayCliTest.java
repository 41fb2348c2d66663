package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-threaded run through the command line: record (with a seeded random schedule), reduce,
 * replay, and {@code reprise run} of the replay, which applies the schedule the module carries.
 * {@code spawn_yield.wasm} spawns a thread and both call {@code sched_yield}, whose replay
 * must yield as the recorded call did.
 */
class ThreadedReplayCliTest {
    @TempDir
    Path tmp;

    @Test
    void recordReduceReplayRunGivesTheRecordedOutputAndExitCode() throws Exception {
        Path app = tmp.resolve("spawn_yield.wasm");
        try (var in = ThreadedReplayCliTest.class.getResourceAsStream("/spawn_yield.wasm")) {
            Files.write(app, in.readAllBytes());
        }
        for (String seed : new String[] {"1", "2", "3"}) {
            Path trace = tmp.resolve("run" + seed + ".trace");
            CliTest.Result rec = CliTest.run("record", app.toString(), "-o", trace.toString(), "--seed", seed);
            Path reduced = tmp.resolve("run" + seed + ".reduced");
            CliTest.Result red = CliTest.run("reduce", trace.toString(), "-o", reduced.toString());
            assertEquals(0, red.code(), red.err());
            Path replay = tmp.resolve("replay" + seed + ".wasm");
            CliTest.Result gen = CliTest.run("replay", app.toString(), reduced.toString(), "-o", replay.toString());
            assertEquals(0, gen.code(), gen.err());
            assertTrue(gen.err().contains("multi-threaded"), gen.err());
            CliTest.Result run = CliTest.run("run", replay.toString());
            assertEquals(rec.code(), run.code(), "seed " + seed + ": " + run.err());
            assertEquals(rec.out(), run.out(), "seed " + seed + ": the replay prints what the recorded run printed");
            // another schedule than the one the replay carries: refused with a clear message, exit 125
            CliTest.Result other = CliTest.run("run", replay.toString(), "--schedule", "0");
            assertEquals(ExitCode.DIVERGED, other.code(), other.err());
            assertTrue(other.err().contains("runs only under the schedule it was recorded with"), other.err());
        }
    }
}
