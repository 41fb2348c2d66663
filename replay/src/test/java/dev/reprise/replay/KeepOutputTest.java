package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.reduce.Reducer;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.replay.verify.Expectation;
import dev.reprise.replay.verify.Verifier;
import dev.reprise.replay.verify.VerifyReport;
import dev.reprise.replay.verify.internal.FinalMemories;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.wasm.Import;
import dev.reprise.wasm.ModuleReader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --keep-output} ({@link ReplayOptions#KEEP_OUTPUT}): the replay keeps WASI {@code fd_write}
 * and {@code proc_exit} as real imports, prints exactly what the original printed under reprise's
 * runtime and node:wasi, exits with its status, and still verifies; writes to a file the recorded
 * run opened are replayed from the trace.
 */
class KeepOutputTest {
    @TempDir
    Path tmp;

    static Path program(String dir, String name) {
        Path p = Path.of(System.getProperty("reprise.shared", "../../shared"), "corpus", "wasi-testsuite", dir, name + ".wasm");
        Assumptions.assumeTrue(Files.exists(p), "skipped: " + p + " not found (../shared is absent)");
        return p;
    }

    record Recorded(byte[] wasm, Trace trace, RunOutcome outcome, byte[] stdout) {
    }

    Recorded record(Path program, RunOptions.Builder options) throws Exception {
        byte[] wasm = Files.readAllBytes(program);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path trace = tmp.resolve(program.getFileName() + ".trace");
        WasiRecorder.RecordResult r = WasiRecorder.record(wasm, "app.wasm", options.stdout(out).build(), trace, false);
        return new Recorded(wasm, TraceReader.readAll(trace), r.outcome(), out.toByteArray());
    }

    static byte[] keepOutputReplay(Recorded r) {
        ReplayOptions keep = ReplayOptions.DEFAULTS.keeping(ReplayOptions.KEEP_OUTPUT);
        return new ReplayGenerator(keep).generate(r.wasm(), new Reducer().reduce(r.trace())).wasm();
    }

    @Test
    void theReplayPrintsWhatTheOriginalPrintedUnderTheRuntimeAndNode() throws Exception {
        Recorded r = record(program("assemblyscript", "fd_write-to-stdout"), RunOptions.builder());
        assertEquals("hello", new String(r.stdout()));
        byte[] replay = keepOutputReplay(r);
        List<Import> imports = new ModuleReader(replay).summary().imports();
        assertTrue(imports.stream().allMatch(i -> i.module().equals("wasi_snapshot_preview1")
                && (i.name().equals("fd_write") || i.name().equals("proc_exit"))), imports.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunOutcome run = Sandbox.run(replay, "replay.wasm", RunOptions.builder().stdout(out).build());
        assertEquals(r.outcome().termination(), run.termination(), run.message());
        assertArrayEquals(r.stdout(), out.toByteArray(), "stdout under reprise run");
        if (FinalMemories.nodeAvailable()) {
            assertArrayEquals(r.stdout(), underNodeWasi(replay), "stdout under node:wasi");
        }
        VerifyReport v = new Verifier(false).verify(r.wasm(), replay, Expectation.of(r.trace()));
        assertTrue(v.faithful(), v.format());
    }

    @Test
    void theReplayExitsWithTheRecordedStatus() throws Exception {
        Recorded r = record(program("assemblyscript", "proc_exit-failure"), RunOptions.builder());
        assertEquals(33, r.outcome().exitCode());
        byte[] replay = keepOutputReplay(r);
        RunOutcome run = Sandbox.run(replay, "replay.wasm", RunOptions.builder().build());
        assertEquals(33, run.exitCode(), run.message());
        VerifyReport v = new Verifier(false).verify(r.wasm(), replay, Expectation.of(r.trace()));
        assertTrue(v.faithful(), v.format());
        // without --keep-output the replay ends by trapping where proc_exit was called, flagged as the recorded end
        byte[] plain = new ReplayGenerator().generate(r.wasm(), new Reducer().reduce(r.trace())).wasm();
        assertTrue(new ModuleReader(plain).summary().export(ReplayGenerator.END_EXPORT) != null);
        VerifyReport p = new Verifier(false).verify(r.wasm(), plain, Expectation.of(r.trace()));
        assertTrue(p.faithful(), p.format());
    }

    @Test
    void writesToAFileAreReplayedWhileStdoutAndStderrPrintForReal() throws Exception {
        Path program = tmp.resolve("writes_file.wasm");
        try (var in = KeepOutputTest.class.getResourceAsStream("/fixtures/writes_file.wasm")) {
            Files.write(program, in.readAllBytes());
        }
        Path dir = tmp.resolve("fs");
        Files.createDirectories(dir);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Recorded r = record(program, RunOptions.builder().dir("/=" + dir + ":rw").stderr(err));
        assertEquals(0, r.outcome().exitCode(), r.outcome().message());
        assertEquals("before the file\nafter the file\n", new String(r.stdout()));
        assertEquals("to stderr\n", err.toString());
        assertEquals("into the file\n", Files.readString(dir.resolve("out.txt")));

        byte[] replay = keepOutputReplay(r);
        // no directory is given to the replay: its open and its write to the file come from the trace
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream replayErr = new ByteArrayOutputStream();
        RunOutcome run = Sandbox.run(replay, "replay.wasm", RunOptions.builder().stdout(out).stderr(replayErr).build());
        assertEquals(0, run.exitCode(), run.message());
        assertArrayEquals(r.stdout(), out.toByteArray(), "stdout under reprise run");
        assertEquals("to stderr\n", replayErr.toString(), "stderr under reprise run");
        if (FinalMemories.nodeAvailable()) {
            assertArrayEquals(r.stdout(), underNodeWasi(replay), "stdout under node:wasi");
        }
        VerifyReport v = new Verifier(false).verify(r.wasm(), replay, Expectation.of(r.trace()));
        assertTrue(v.faithful(), v.format());
    }

    private byte[] underNodeWasi(byte[] replay) throws Exception {
        Path wasm = tmp.resolve("replay.wasm");
        Files.write(wasm, replay);
        Path script = tmp.resolve("run.mjs");
        Files.writeString(script, "import { WASI } from 'node:wasi';\n"
                + "import { readFileSync } from 'node:fs';\n"
                + "const wasi = new WASI({ version: 'preview1', returnOnExit: true });\n"
                + "const m = await WebAssembly.compile(readFileSync(process.argv[2]));\n"
                + "process.exitCode = wasi.start(await WebAssembly.instantiate(m, wasi.getImportObject()));\n");
        Process p = new ProcessBuilder("node", "--no-warnings", script.toString(), wasm.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return out;
    }
}
