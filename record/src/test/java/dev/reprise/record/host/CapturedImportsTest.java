package dev.reprise.record.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.runtime.RunOptions;
import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.wasm.ModuleReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Host mode's WASI recorder reports import calls from its wrapper around each host function
 * instead of from wrappers in the module: the module keeps its direct calls, and the calls,
 * values, returns, output digests and thread spawns it reports are exactly those the in-module
 * wrappers of full mode report, over the wasi-testsuite programs and the fixtures.
 */
class CapturedImportsTest {
    private static final Path WASI_C = Path.of("../../shared/corpus/wasi-testsuite/c");

    @TempDir
    Path tmp;

    static Stream<String> programs() throws IOException {
        Stream<String> fixtures = Stream.of("fixture:hello.wasm", "fixture:spawn_yield.wasm");
        if (!Files.isDirectory(WASI_C)) {
            return fixtures;
        }
        try (Stream<Path> files = Files.list(WASI_C)) {
            List<String> suite = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wasm")).sorted().toList();
            return Stream.concat(fixtures, suite.stream());
        }
    }

    private static byte[] module(String name) throws IOException {
        return name.startsWith("fixture:") ? RecorderTest.fixture(name.substring("fixture:".length()))
                : Files.readAllBytes(WASI_C.resolve(name));
    }

    /** Options with a fresh copy of the suite's fs-tests.dir as "/" (the programs write into it). */
    private RunOptions options(String program, String copy) throws IOException {
        Path root = Files.createDirectories(tmp.resolve(copy));
        Path tests = WASI_C.resolve("fs-tests.dir");
        if (!program.startsWith("fixture:") && Files.isDirectory(tests)) {
            try (Stream<Path> all = Files.walk(tests)) {
                for (Path p : all.toList()) {
                    Path to = root.resolve(tests.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return RunOptions.builder().dir("/=" + root + ":rw").build();
    }

    /** The events both ways of reporting a call give: everything but what the host wrote and the guest read. */
    private static List<TraceEvent> boundary(Trace t) {
        return t.events().stream().filter(e -> e instanceof TraceEvent.ExportCall || e instanceof TraceEvent.ExportReturn
                || e instanceof TraceEvent.ImportCall || e instanceof TraceEvent.ImportReturn
                || e instanceof TraceEvent.OutputDigest || e instanceof TraceEvent.ThreadSpawn
                || e instanceof TraceEvent.SchedulerDecision).toList();
    }

    @ParameterizedTest
    @MethodSource("programs")
    void callsReportedByTheHostFunctionsEqualThoseOfTheInModuleWrappers(String program) throws IOException {
        byte[] wasm = module(program);
        Path host = tmp.resolve("host.trace");
        Path full = tmp.resolve("full.trace");
        WasiRecorder.RecordResult h = WasiRecorder.record(wasm, program, options(program, "host"), host, RecordingMode.HOST);
        WasiRecorder.RecordResult f = WasiRecorder.record(wasm, program, options(program, "full"), full, RecordingMode.FULL);
        assertEquals(f.outcome().exitCode(), h.outcome().exitCode(), program);
        assertEquals(f.outcome().stdoutText(), h.outcome().stdoutText(), program);
        List<TraceEvent> captured = boundary(TraceReader.readAll(host));
        List<TraceEvent> wrapped = boundary(TraceReader.readAll(full));
        assertTrue(captured.stream().anyMatch(e -> e instanceof TraceEvent.ImportCall), program + " calls the host");
        assertEquals(wrapped, captured, program);
    }

    @Test
    void theModuleCallsItsWasiImportsDirectly() throws IOException {
        byte[] wasm = RecorderTest.fixture("hello.wasm");
        int functions = new ModuleReader(wasm).summary().functionCount();
        int wrapped = new ModuleReader(new RecordingInstrumentation(RecordingMode.HOST).apply(wasm)).summary().functionCount();
        CapturedImports captured = new CapturedImports(new ModuleReader(wasm).summary());
        int capturedWasm = new ModuleReader(new RecordingInstrumentation(RecordingMode.HOST)
                .capturingInRecorder(captured::captured).apply(wasm)).summary().functionCount();
        int imports = new ModuleReader(wasm).summary().importedFunctions();
        assertTrue(imports > 0);
        assertEquals(imports, wrapped - capturedWasm, "one wrapper less per import");
        assertTrue(capturedWasm > functions, "the export wrapper and the hook imports are still there");
    }

    @Test
    void importsAHostFunctionCannotTellApartKeepTheirWrappers() throws IOException {
        byte[] wasm = RecorderTest.fixture("import_shapes.wasm");
        CapturedImports c = new CapturedImports(new ModuleReader(wasm).summary());
        assertFalse(c.captured(0), "same module and name as import 1");
        assertFalse(c.captured(1), "same module and name as import 0");
        assertTrue(c.captured(2), "numeric and unique");
        assertFalse(c.captured(3), "a v128 does not fit a raw slot");
        assertFalse(c.captured(4), "a reference is not a number");
    }
}
