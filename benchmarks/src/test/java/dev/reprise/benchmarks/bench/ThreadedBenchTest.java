package dev.reprise.benchmarks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.benchmarks.corpus.CorpusCache;
import dev.reprise.benchmarks.corpus.ProgramsManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed wasi-threads program (4 threads, atomics, memory.atomic.wait32) through the bench:
 * its multi-threaded replay is verified by {@code reprise verify} itself ("full": re-recorded
 * under its recorded schedule, every event and scheduler decision compared, final memories
 * equal), not only by its self-check; it is timed in a fresh JVM, as {@code reprise bench} does.
 */
class ThreadedBenchTest {
    @TempDir
    Path tmp;

    @Test
    void aMultiThreadedReplayIsVerifiedByReprisesVerifier() throws Exception {
        Path threads = Path.of("programs", "threads.wasm").toAbsolutePath();
        Path manifest = tmp.resolve("programs.json");
        Files.writeString(manifest, """
                { "schema": 1, "programs": [ { "name": "threads", "description": "wasi-threads primes",
                  "source": { "committed": "%s" }, "licence": "Apache-2.0", "provenance": "written for reprise",
                  "host": "wasi", "args": [], "exercises": ["threads"], "subset": true } ] }
                """.formatted(threads.toString().replace("\\", "/")));
        ProgramsManifest m = ProgramsManifest.read(manifest);
        BenchRunner.Config config = new BenchRunner.Config(1, tmp.resolve("work"), new CorpusCache(tmp.resolve("cache")),
                null, Duration.ofMinutes(2), false, Duration.ofMinutes(2), Duration.ZERO, 1);
        BenchResults results = new BenchRunner(config).run(m, m.programs(), Shard.ALL,
                Progress.to(new PrintStream(new ByteArrayOutputStream(), true), false));
        ProgramResult p = results.programs().get(0);
        assertEquals(ProgramResult.Status.VERIFIED, p.status(), p.failure() + " " + p.notes());
        assertEquals("full", p.verification(), p.notes().toString());
        assertTrue(p.notes().stream().anyMatch(n -> n.matches("verified: \\d+ events identical, memory digests equal \\(reprise\\)")),
                p.notes().toString());
        assertTrue(p.figures().verifiedEvents() > 0, p.figures().toString());
        // timed in a fresh JVM, the replay under its recorded schedule there too
        assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("timed in 1 fresh JVM per run")), p.notes().toString());
        assertEquals(1, p.figures().replaySamplesMs().size(), p.figures().toString());
        assertTrue(p.figures().replayCpuMs() > 0, p.figures().toString());
    }
}
