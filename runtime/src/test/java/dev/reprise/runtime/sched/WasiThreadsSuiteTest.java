package dev.reprise.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.runtime.Engine;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.SharedCorpus;
import dev.reprise.runtime.StdinSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wasi-threads proposal tests ({@code ../shared/corpus/wasi-testsuite/wasi-threads/*.wat},
 * compiled with {@code wat2wasm --enable-threads} at test time). They use native
 * {@code memory.atomic.wait32/notify}, which the sandbox routes to the scheduler through its
 * shared-memory wrapper. Stdin blocks (the tests assume a read from fd 0 never returns).
 * The three {@code *_busy} tests spin without any switch point: they pass under both engines
 * because {@link dev.reprise.runtime.Program} adds preemption points to modules that spawn
 * threads (each preemption also moves virtual time by 1 ms).
 */
class WasiThreadsSuiteTest {
    private static final String SUITE = "corpus/wasi-testsuite/wasi-threads";

    static Stream<Arguments> programs() throws IOException {
        Path suite = SharedCorpus.find(SUITE);
        if (suite == null) {
            return Stream.of(Arguments.of(Engine.COMPILER, "(absent)", null));
        }
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(suite)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".wat")).sorted().toList()) {
                for (Engine e : Engine.values()) {
                    out.add(Arguments.of(e, p.getFileName().toString(), p));
                }
            }
        }
        return out.stream();
    }

    private static boolean wat2wasm(Path wat, Path wasm) {
        try {
            Process p = new ProcessBuilder("wat2wasm", "--enable-threads", wat.toString(), "-o", wasm.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @ParameterizedTest(name = "{1} [{0}]")
    @MethodSource("programs")
    void passes(Engine engine, String name, Path wat, @TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(wat != null, "skipped: ../shared/" + SUITE + " is absent (set -Dreprise.shared=DIR)");
        boolean busy = name.contains("_busy");
        Path wasm = tmp.resolve(name.replace(".wat", ".wasm"));
        Assumptions.assumeTrue(wat2wasm(wat, wasm), "skipped: wat2wasm is not on the PATH or failed");
        Path json = wat.resolveSibling(name.replace(".wat", ".json"));
        JsonNode spec = Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : new ObjectMapper().createObjectNode();
        RunOptions.Builder b = RunOptions.builder().engine(engine).stdin(StdinSource.blocking());
        if (busy) {
            // Preemption points (added because the module spawns threads) switch threads under
            // both engines; each one also moves virtual time so that timed waits can expire.
            b.clockStepNanos(1_000_000);
        }
        RunOutcome o = Sandbox.run(wasm, b.build());
        int expected = spec.has("exit_code") ? spec.get("exit_code").asInt() : 0;
        assertEquals(expected, o.exitCode(), name + ": " + o.termination() + " " + o.message());
    }
}
