package dev.reprise.benchmarks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.benchmarks.corpus.CorpusCache;
import dev.reprise.benchmarks.corpus.ProgramsManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node-hosted program with a shared memory, run in two realms (the record module's
 * {@code threads.wat}: a main thread and a worker thread, as Emscripten's pthreads), through the
 * bench: its replay follows the recorded baton log, so it runs under reprise's runtime only (not
 * under node), and {@code reprise verify} re-records it there and compares every event.
 */
class RealmBenchTest {
    @TempDir
    Path tmp;

    @Test
    void aReplayRecordedInSeveralRealmsRunsUnderTheBatonLogAndVerifies() throws Exception {
        String node = BenchRunner.findNode();
        Assumptions.assumeTrue(node != null, "skipped: node is not on the PATH");
        Path fixtures = Path.of("..", "record", "src", "test", "resources", "node").toAbsolutePath().normalize();
        Path manifest = tmp.resolve("programs.json");
        Files.writeString(manifest, """
                { "schema": 1, "programs": [ { "name": "realms", "description": "main thread and worker on a shared memory",
                  "source": { "committed": "%s" }, "licence": "Apache-2.0", "provenance": "written for reprise",
                  "host": "node", "hostScript": "%s", "args": [], "exercises": ["threads"], "subset": true } ] }
                """.formatted(fixtures.resolve("threads.wasm").toString().replace("\\", "/"),
                fixtures.resolve("threads-host.mjs").toString().replace("\\", "/")));
        ProgramsManifest m = ProgramsManifest.read(manifest);
        BenchRunner.Config config = new BenchRunner.Config(1, tmp.resolve("work"), new CorpusCache(tmp.resolve("cache")),
                node, Duration.ofMinutes(2), false, Duration.ofMinutes(2), Duration.ZERO, 1);
        BenchResults results = new BenchRunner(config).run(m, m.programs(), Shard.ALL,
                Progress.to(new PrintStream(new ByteArrayOutputStream(), true), false));
        ProgramResult p = results.programs().get(0);
        assertEquals(ProgramResult.Status.VERIFIED, p.status(), p.failure() + " " + p.notes());
        assertEquals("full", p.verification(), p.notes().toString());
        assertTrue(p.notes().stream().anyMatch(n -> n.matches("verified: \\d+ events identical.*")), p.notes().toString());
        assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("recorded in several realms")), p.notes().toString());
        Figures f = p.figures();
        assertTrue(f.verifiedEvents() > 0, f.toString());
        assertEquals("return (scheduled)", f.replayEnd(), f.toString());
        // timed under reprise's runtime, the one engine that runs it; no same-engine (node) replay figure
        assertNotNull(f.replayRepriseMs(), f.toString());
        assertNull(f.replayMs(), f.toString());
        assertNull(f.nodeMemorySha256(), f.toString());
        assertNotNull(f.replayMemorySha256(), f.toString());
    }
}
