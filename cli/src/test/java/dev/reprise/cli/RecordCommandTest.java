package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reprise record} and {@code reprise trace} from the command line. */
class RecordCommandTest {
    @TempDir
    Path tmp;

    private Path fixture(String name) throws Exception {
        try (var in = RecordCommandTest.class.getResourceAsStream("/" + name)) {
            Path p = tmp.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void recordThenShowStatsAndConvert() throws Exception {
        Path trace = tmp.resolve("run.trace");
        CliTest.Result r = CliTest.run("record", fixture("hello.wasm").toString(), "-o", trace.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("hello, reprise\n", r.out(), "the guest's output is unchanged while recording");
        // 5 calls and returns (with the output digest), fd_write's count of bytes written, the memory digest
        assertTrue(r.err().contains("7 events"), r.err());
        assertReadableByOthers(trace);
        CliTest.Result show = CliTest.run("trace", "show", trace.toString());
        assertTrue(show.out().contains("\"ev\":\"import_call\"") && show.out().contains("fd_write"), show.out());
        assertTrue(show.out().contains("\"reads\":\"host\"") && show.out().contains("\"ev\":\"host_write\""),
                "host is the default: " + show.out());
        CliTest.Result stats = CliTest.run("trace", "stats", trace.toString());
        assertTrue(stats.out().contains("7 events") && stats.out().contains("complete"), stats.out());
        Path jsonl = tmp.resolve("run.jsonl");
        Path back = tmp.resolve("back.trace");
        assertEquals(0, CliTest.run("trace", "convert", trace.toString(), "-o", jsonl.toString(), "--to", "jsonl").code());
        assertEquals(0, CliTest.run("trace", "convert", jsonl.toString(), "-o", back.toString(), "--to", "binary").code());
        assertEquals(show.out(), CliTest.run("trace", "show", back.toString()).out());
        assertReadableByOthers(back);
    }

    /** An output is an ordinary file, not the owner-only temporary file it was written as before its rename. */
    static void assertReadableByOthers(Path file) throws Exception {
        Assumptions.assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        var permissions = Files.getPosixFilePermissions(file);
        assertTrue(permissions.contains(PosixFilePermission.OTHERS_READ)
                && permissions.contains(PosixFilePermission.GROUP_READ), file + ": " + permissions);
    }

    @Test
    void modesAreChosenWithModeAndFullIsModeFull() throws Exception {
        Path trace = tmp.resolve("run.trace");
        Path hello = fixture("hello.wasm");
        CliTest.Result shadow = CliTest.run("record", hello.toString(), "-o", trace.toString(), "--mode", "shadow");
        assertEquals(0, shadow.code(), shadow.err());
        // 5, the unread nwritten as a host read at the end, and the final memory digest
        assertTrue(shadow.err().contains("7 events"), shadow.err());
        String shown = CliTest.run("trace", "show", trace.toString()).out();
        assertTrue(shown.contains("\"ev\":\"host_read\"") && shown.contains("\"reads\":\"shadow\""), shown);
        assertEquals(0, CliTest.run("record", hello.toString(), "-o", trace.toString(), "--full").code());
        assertTrue(CliTest.run("trace", "show", trace.toString()).out().contains("\"reads\":\"full\""));
        CliTest.Result bad = CliTest.run("record", hello.toString(), "-o", trace.toString(), "--mode", "fast");
        assertEquals(ExitCode.USAGE, bad.code());
        assertTrue(bad.err().contains("host, shadow or full"), bad.err());
        CliTest.Result both = CliTest.run("record", hello.toString(), "-o", trace.toString(), "--mode", "host", "--full");
        assertEquals(ExitCode.USAGE, both.code());
    }

    @Test
    void badTracesAreOneLineErrorsWithAnOffset() throws Exception {
        Path trace = tmp.resolve("run.trace");
        assertEquals(0, CliTest.run("record", fixture("hello.wasm").toString(), "-o", trace.toString()).code());
        byte[] bytes = Files.readAllBytes(trace);
        Path cut = tmp.resolve("cut.trace");
        Files.write(cut, java.util.Arrays.copyOf(bytes, 40));
        CliTest.Result r = CliTest.run("trace", "stats", cut.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("reprise trace stats: ") && r.err().contains("(at offset 0x"), r.err());
        Path junk = tmp.resolve("junk.trace");
        Files.writeString(junk, "hello");
        assertEquals(ExitCode.BAD_INPUT, CliTest.run("trace", "show", junk.toString()).code());
    }

    @Test
    void importsWasmR3TracesAndReplaysThem() throws Exception {
        Path sample = java.nio.file.Paths.get(System.getProperty("reprise.shared", "../../shared"))
                .resolve("corpus/wasm-r3/core/call-imported-params");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sample), "skipped: ../shared is absent");
        Path trace = tmp.resolve("r3.trace");
        CliTest.Result r = CliTest.run("trace", "import", sample.resolve("reference.r3").toString(), "--from", "wasm-r3",
                "--module", sample.resolve("index.wasm").toString(), "-o", trace.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(CliTest.run("trace", "show", trace.toString()).out().contains("\"ev\":\"import_return\""));
        Path replay = tmp.resolve("replay.wasm");
        assertEquals(0, CliTest.run("replay", sample.resolve("index.wasm").toString(), trace.toString(), "-o", replay.toString()).code());
        // wasm-r3 is the default format: --from may be left out, and an unknown one is a usage error
        Path again = tmp.resolve("again.trace");
        assertEquals(0, CliTest.run("trace", "import", sample.resolve("reference.r3").toString(),
                "--module", sample.resolve("index.wasm").toString(), "-o", again.toString()).code());
        assertEquals(CliTest.run("trace", "show", trace.toString()).out(), CliTest.run("trace", "show", again.toString()).out());
        assertEquals(ExitCode.USAGE, CliTest.run("trace", "import", sample.resolve("reference.r3").toString(), "--from", "r4",
                "--module", sample.resolve("index.wasm").toString(), "-o", again.toString()).code());
        CliTest.Result bad = CliTest.run("trace", "import", sample.resolve("index.wasm").toString(), "--from", "wasm-r3",
                "--module", sample.resolve("index.wasm").toString(), "-o", trace.toString());
        assertEquals(ExitCode.BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().contains("line"), bad.err());
    }

    @Test
    void recordingIntoAMissingFolderFailsCleanlyWithoutLeavingFiles() throws Exception {
        CliTest.Result r = CliTest.run("record", fixture("hello.wasm").toString(), "-o", tmp.resolve("no/such/dir/run.trace").toString());
        assertEquals(ExitCode.CANNOT_WRITE, r.code(), r.err());
        try (var files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")));
        }
        // reduce and replay (every output written by Files2) name the missing folder, not a temporary file
        Path trace = tmp.resolve("run.trace");
        assertEquals(0, CliTest.run("record", fixture("hello.wasm").toString(), "-o", trace.toString()).code());
        Path missing = tmp.resolve("no/such/dir");
        CliTest.Result reduce = CliTest.run("reduce", trace.toString(), "-o", missing.resolve("run.reduced").toString());
        CliTest.Result replay = CliTest.run("replay", fixture("hello.wasm").toString(), trace.toString(), "-o",
                missing.resolve("replay.wasm").toString());
        for (CliTest.Result bad : List.of(reduce, replay)) {
            assertEquals(ExitCode.CANNOT_WRITE, bad.code(), bad.err());
            assertTrue(bad.err().contains("no such folder " + missing) && !bad.err().contains(".tmp"), bad.err());
        }
    }
}
