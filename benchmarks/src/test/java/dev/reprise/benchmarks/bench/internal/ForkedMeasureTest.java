package dev.reprise.benchmarks.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.bench.ProgramResult;
import dev.reprise.benchmarks.bench.Stage;
import dev.reprise.benchmarks.bench.StageResult;
import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.benchmarks.corpus.ProgramsManifest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measure stage in fresh JVMs: a program's original, recording and replay are timed each in
 * its own, with the guest threads' CPU time, and a child that fails is the stage's one-line failure.
 */
class ForkedMeasureTest {
    @TempDir
    static Path tmp;
    static ProgramsManifest manifest;

    @BeforeAll
    static void programs() throws Exception {
        for (String name : new String[] {"randhex.wasm", "exit3.wasm"}) {
            try (InputStream in = ForkedMeasureTest.class.getResourceAsStream("/programs/" + name)) {
                Files.write(tmp.resolve(name), in.readAllBytes());
            }
        }
        String program = """
                { "name": "%s", "description": "d", "source": { "committed": "%s" }, "licence": "Apache-2.0",
                  "provenance": "written for reprise", "host": "wasi", "args": [], "exercises": ["io"],
                  "subset": true, "expectExit": 0 }""";
        Files.writeString(tmp.resolve("programs.json"), "{ \"schema\": 1, \"programs\": [\n"
                + program.formatted("randhex", "randhex.wasm") + ",\n"
                + program.formatted("wrong-exit", "exit3.wasm") + "\n]}\n");
        manifest = ProgramsManifest.read(tmp.resolve("programs.json"));
    }

    private static BenchContext context(int repeat) {
        return new BenchContext(repeat, tmp.resolve("work"), tmp, null, null, null, Duration.ofMinutes(2), false,
                Duration.ofMinutes(2), Duration.ZERO, (p, s) -> { }, manifest.file(), 2);
    }

    @Test
    void eachRunIsTimedInAFreshJvmWithGuestCpuTimes() {
        ProgramResult r = new ProgramPipeline(manifest.program("randhex").orElseThrow(), context(3)).run();
        assertEquals(ProgramResult.Status.VERIFIED, r.status(), r.failure() + " " + r.notes());
        assertTrue(r.stages().stream().filter(s -> s.stage() == Stage.MEASURE).allMatch(StageResult::ok), r.stages().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.matches("timed in 2 fresh JVMs per run, each after untimed rounds for at"
                + " least 0.0 s \\(original 2/2 rounds in [0-9.]+/[0-9.]+ s, recording 2/2 rounds in [0-9.]+/[0-9.]+ s,"
                + " replay 2/2 rounds in [0-9.]+/[0-9.]+ s\\)")), r.notes().toString());
        Figures f = r.figures();
        // the hypervisor's share of the machine while the children timed their runs: a percentage
        assertTrue(f.stealPercent() != null && f.stealPercent() >= 0 && f.stealPercent() <= 100, f.toString());
        // two JVMs per run, three timed rounds each, pooled
        assertEquals(6, f.originalSamplesMs().size());
        assertEquals(6, f.recordSamplesMs().size());
        assertEquals(6, f.replaySamplesMs().size());
        // the guest threads' CPU time, in nanoseconds: never the 10 ms ticks of the process clock
        for (double cpu : new double[] {f.originalCpuMs(), f.recordCpuMs(), f.replayCpuMs()}) {
            assertTrue(cpu > 0 && cpu % 10 != 0, f.toString());
        }
    }

    @Test
    void aManifestNamedByARelativePathIsFoundByTheChildren() throws Exception {
        // as with 'reprise bench --corpus benchmarks/corpus/programs.json': the children run in the program's work folder
        Path relative = Path.of("").toAbsolutePath().relativize(tmp.resolve("programs.json"));
        assertFalse(relative.isAbsolute());
        ProgramsManifest m = ProgramsManifest.read(relative);
        BenchContext ctx = new BenchContext(1, tmp.resolve("work-relative"), tmp, null, null, null, Duration.ofMinutes(2),
                false, Duration.ofMinutes(2), Duration.ZERO, (p, s) -> { }, m.file(), 1);
        ProgramResult r = new ProgramPipeline(m.program("randhex").orElseThrow(), ctx).run();
        assertTrue(r.stages().stream().filter(s -> s.stage() == Stage.MEASURE).allMatch(StageResult::ok), r.stages().toString());
        assertEquals(ProgramResult.Status.VERIFIED, r.status(), r.failure() + " " + r.notes());
    }

    @Test
    void aFailingChildIsTheStagesOneLineFailure() throws Exception {
        BenchProgram wrongExit = manifest.program("wrong-exit").orElseThrow();
        Files.createDirectories(tmp.resolve("work").resolve("wrong-exit"));
        StageFailed e = assertThrows(StageFailed.class, () -> ForkedMeasure.run(context(1), wrongExit,
                tmp.resolve("exit3.wasm"), null, false, null, null));
        assertEquals("the original run exited with 3 (expected 0)", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
