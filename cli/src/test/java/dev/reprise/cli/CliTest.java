package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: output, errors in one line, exit codes, atomic output files. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int code = Main.run(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    Path example() throws Exception {
        try (var in = CliTest.class.getResourceAsStream("/hello.wasm")) {
            Path p = tmp.resolve("hello.wasm");
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void dumpPrintsInstructionsNestedByDepth() throws Exception {
        Result r = run("dump", example().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(import \"wasi_snapshot_preview1\" \"fd_write\""), r.out());
        assertTrue(r.out().contains("call 0"), r.out());
    }

    @Test
    void summaryListsSectionsAndFeatures() throws Exception {
        Result r = run("dump", "--summary", example().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sections:") && r.out().contains("features:"), r.out());
    }

    @Test
    void rewriteRoundTripsAndReencodes() throws Exception {
        Path in = example();
        Path copy = tmp.resolve("copy.wasm");
        Path again = tmp.resolve("again.wasm");
        assertEquals(0, run("rewrite", in.toString(), "-o", copy.toString()).code());
        assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(copy));
        assertEquals(0, run("rewrite", in.toString(), "-o", again.toString(), "--reencode").code());
        assertEquals(run("dump", in.toString()).out(), run("dump", again.toString()).out());
        try (var files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary file left behind");
        }
    }

    @Test
    void rewriteAppliesNamedPassesAndRejectsUnknownOnes() throws Exception {
        Path out = tmp.resolve("pre.wasm");
        Result r = run("rewrite", example().toString(), "-o", out.toString(), "--pass", "preempt");
        assertEquals(0, r.code(), r.err());
        assertTrue(run("dump", out.toString()).out().contains("\"reprise\" \"preempt\""));
        Result bad = run("rewrite", example().toString(), "-o", out.toString(), "--pass", "nosuch");
        assertEquals(ExitCode.USAGE, bad.code());
        assertTrue(bad.err().contains("unknown pass 'nosuch'"), bad.err());
    }

    @Test
    void instrumentAddsRecordingHooksInBothModes() throws Exception {
        Path shadow = tmp.resolve("app.rec.wasm");
        Result r = run("instrument", example().toString(), "-o", shadow.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("shadow mode"), r.err());
        String dump = run("dump", shadow.toString()).out();
        assertTrue(dump.contains("\"reprise_rec\" \"export_enter\"") && dump.contains("\"reprise_rec\" \"read_i32\""), dump);
        Path full = tmp.resolve("app.full.wasm");
        Result f = run("instrument", example().toString(), "-o", full.toString(), "--full");
        assertEquals(0, f.code(), f.err());
        assertTrue(f.err().contains("full mode"), f.err());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(shadow), Files.readAllBytes(full)));
        assertFalse(dump.contains("reprise_rec.shadow_memory."), "shadow memories are exported only on request");
        Path exported = tmp.resolve("app.js.wasm");
        Result e = run("instrument", example().toString(), "-o", exported.toString(), "--shadow-exports");
        assertEquals(0, e.code(), e.err());
        assertTrue(run("dump", exported.toString()).out().contains("\"reprise_rec.shadow_memory.0\""), "for the JavaScript recorder");
        assertTrue(run("instrument", "--help").out().contains("--full"));
        Result missing = run("instrument", tmp.resolve("nope.wasm").toString(), "-o", tmp.resolve("x.wasm").toString());
        assertEquals(ExitCode.NO_INPUT, missing.code(), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertFalse(Files.exists(tmp.resolve("x.wasm")));
        assertEquals(ExitCode.USAGE, run("instrument", example().toString()).code(), "-o is required");
    }

    @Test
    void malformedModuleIsOneLineWithOffsetAndExitCode() throws Exception {
        Path bad = tmp.resolve("bad.wasm");
        byte[] good = Files.readAllBytes(example());
        Files.write(bad, java.util.Arrays.copyOf(good, good.length - 3));
        Result r = run("dump", bad.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().matches("(?s)reprise dump: .*\\(at offset 0x[0-9a-f]+\\)\\s*"), r.err());
    }

    @Test
    void missingFileAndBadUsageHaveTheirOwnCodes() {
        Result missing = run("dump", tmp.resolve("nope.wasm").toString());
        assertEquals(ExitCode.NO_INPUT, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
        Result usage = run("rewrite", "x.wasm");
        assertEquals(ExitCode.USAGE, usage.code());
        assertTrue(usage.err().contains("--output"), usage.err());
        Supplier<String> help = () -> run("--help").out();
        assertTrue(help.get().contains("Exit status"), help.get());
    }
}
