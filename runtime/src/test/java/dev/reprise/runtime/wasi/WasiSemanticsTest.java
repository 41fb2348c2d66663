package dev.reprise.runtime.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.runtime.DirMapping;
import dev.reprise.runtime.Engine;
import dev.reprise.runtime.Fixtures;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.Termination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A C program exercising file, clock, random, env and errno semantics against a golden stdout. */
class WasiSemanticsTest {
    private static final String SRC = "src/test/resources/fixtures/wasi/wasi_semantics.stdout";

    private static RunOptions options(Engine engine, Path sandbox, boolean rw) {
        return RunOptions.builder().engine(engine).env("A", "1").arg("x").arg("y")
                .dir(new DirMapping("/sandbox", sandbox, rw)).build();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void matchesGoldenOutput(Engine engine) throws IOException {
        Path wasm = Fixtures.path("wasi/wasi_semantics.wasm");
        RunOutcome o = Sandbox.run(wasm, options(engine, Fixtures.path("wasi/sandbox"), false));
        assertEquals(Termination.EXITED, o.termination(), o.message());
        assertEquals(3, o.exitCode());
        assertEquals("to stderr\n", o.stderrText());
        Path golden = Fixtures.path("wasi/wasi_semantics.stdout");
        if (Fixtures.regenerate() && Files.exists(Path.of(SRC))) {
            Files.write(Path.of(SRC), o.stdout());
        }
        assertEquals(Files.readString(golden), o.stdoutText());
        assertEquals(1_000_000_500L, o.virtualNanos(), "only the nanosleep moved virtual time");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void directCallsReturnTheRightErrnos(Engine engine) throws IOException {
        Path wasm = Fixtures.path("wasi/wasi_calls.wasm");
        RunOutcome o = Sandbox.run(wasm, RunOptions.builder().engine(engine)
                .dir(new DirMapping("/sandbox", Fixtures.path("wasi/sandbox"), false)).build());
        assertEquals(Termination.RETURNED, o.termination(), o.message());
        Path src = Path.of("src/test/resources/fixtures/wasi/wasi_calls.stdout");
        if (Fixtures.regenerate() && Files.exists(src)) {
            Files.write(src, o.stdout());
        }
        assertEquals(Files.readString(Fixtures.path("wasi/wasi_calls.stdout")), o.stdoutText());
    }

    @Test
    void readOnlyDirIsNeverWrittenAndReadWriteIsWrittenBack(@TempDir Path tmp) throws IOException {
        Path wasm = Fixtures.path("wasi/wasi_semantics.wasm");
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Files.writeString(ro.resolve("hello.txt"), "hello from the host\n");
        Sandbox.run(wasm, options(Engine.COMPILER, ro, false));
        try (var s = Files.list(ro)) {
            assertEquals(1, s.count(), "read-only mapping must not change the host");
        }
        Path rw = Files.createDirectories(tmp.resolve("rw"));
        Files.writeString(rw.resolve("hello.txt"), "hello from the host\n");
        RunOutcome o = Sandbox.run(wasm, options(Engine.COMPILER, rw, true));
        assertEquals(3, o.exitCode());
        assertTrue(Files.exists(rw.resolve("new.txt")));
        assertEquals(0, Files.size(rw.resolve("new.txt")));
        assertTrue(Files.isSymbolicLink(rw.resolve("link")));
        assertFalse(Files.exists(rw.resolve("sub")));
    }

    @Test
    void runsAreByteIdentical() {
        Path wasm = Fixtures.path("wasi/wasi_semantics.wasm");
        RunOutcome a = Sandbox.run(wasm, options(Engine.COMPILER, Fixtures.path("wasi/sandbox"), false));
        RunOutcome b = Sandbox.run(wasm, options(Engine.INTERPRETER, Fixtures.path("wasi/sandbox"), false));
        assertArrayEquals(a.stdout(), b.stdout());
        assertArrayEquals(a.stderr(), b.stderr());
        assertEquals(new String(a.stdout(), StandardCharsets.UTF_8), new String(b.stdout(), StandardCharsets.UTF_8));
    }
}
