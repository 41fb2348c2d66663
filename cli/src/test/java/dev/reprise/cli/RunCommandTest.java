package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reprise run} as a user meets it: guest output, exit codes, schedules, errors. */
class RunCommandTest {
    @TempDir
    Path tmp;

    private Path fixture(String name) throws Exception {
        try (var in = RunCommandTest.class.getResourceAsStream("/" + name)) {
            Path p = tmp.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void guestOutputAndExitCodeAreTheGuests() throws Exception {
        CliTest.Result r = CliTest.run("run", fixture("hello.wasm").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("hello, reprise\n", r.out());
        assertEquals("", r.err(), "no host diagnostics without -v or --log");
    }

    @Test
    void threadsRunInTheDocumentedOrderEveryTime() throws Exception {
        Path p = fixture("spawn_yield.wasm");
        String expected = "Main thread started\nThread 1 started\nThread 1 loop...\nThread 1 loop...\nMain thread calling proc_exit\n";
        for (String engine : new String[] {"compiler", "interpreter"}) {
            CliTest.Result r = CliTest.run("run", p.toString(), "--engine", engine);
            assertEquals(0, r.code(), r.err());
            assertEquals(expected, r.out());
        }
    }

    @Test
    void deadlockIsReportedWithThreadStates() throws Exception {
        CliTest.Result r = CliTest.run("run", fixture("deadlock.wasm").toString());
        assertEquals(ExitCode.DEADLOCK, r.code());
        assertTrue(r.err().contains("thread 0") && r.err().contains("waiting on address"), r.err());
    }

    @Test
    void badScheduleAndBadEngineAreUsageErrors() throws Exception {
        Path p = fixture("spawn_yield.wasm");
        CliTest.Result bad = CliTest.run("run", p.toString(), "--schedule", "0,x");
        assertEquals(ExitCode.USAGE, bad.code());
        assertTrue(bad.err().contains("decision 1"), bad.err());
        assertEquals(ExitCode.USAGE, CliTest.run("run", p.toString(), "--engine", "jit").code());
        CliTest.Result diverged = CliTest.run("run", p.toString(), "--schedule", "7", "--strict-schedule");
        assertEquals(ExitCode.DIVERGED, diverged.code(), diverged.err());
    }

    @Test
    void malformedAndMissingModules() throws Exception {
        Path bad = tmp.resolve("bad.wasm");
        Files.write(bad, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1});
        CliTest.Result r = CliTest.run("run", bad.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(ExitCode.NO_INPUT, CliTest.run("run", tmp.resolve("none.wasm").toString()).code());
    }

    @Test
    void aDirThatIsNoFolderIsOneLineBeforeTheRun() throws Exception {
        String hello = fixture("hello.wasm").toString();
        for (String command : new String[] {"run", "check"}) {
            CliTest.Result missing = CliTest.run(command, hello, "--dir", "data=" + tmp.resolve("none"));
            assertEquals(ExitCode.NO_INPUT, missing.code(), missing.err());
            assertTrue(missing.err().strip().lines().count() == 1 && missing.err().contains("no such folder")
                    && !missing.err().contains("internal error"), missing.err());
        }
        CliTest.Result file = CliTest.run("run", hello, "--dir", "data=" + fixture("hello.wasm"));
        assertEquals(ExitCode.NO_INPUT, file.code(), file.err());
        assertTrue(file.err().contains("is not a readable folder"), file.err());
        assertEquals(ExitCode.USAGE, CliTest.run("run", hello, "--dir", "=x").code());
    }

    @Test
    void aModuleTheRuntimeCannotCompileIsOneLineNotAnInternalError() throws Exception {
        // SIMD: Endive 1.0.0's compiler and interpreter have none; run and record say so, and where else
        // to run it (the interpreter found out only at the instruction, which read as a trap, 122)
        for (String command : new String[] {"run", "record", "interpreter"}) {
            CliTest.Result r = switch (command) {
                case "run" -> CliTest.run("run", fixture("simd_start.wasm").toString());
                case "interpreter" -> CliTest.run("run", "--engine", "interpreter", fixture("simd_start.wasm").toString());
                default -> CliTest.run("record", fixture("simd_start.wasm").toString(), "-o", tmp.resolve("t.trace").toString());
            };
            assertEquals(ExitCode.BAD_INPUT, r.code(), command + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("V128_CONST") && r.err().contains("has no SIMD: run the module under node")
                    && !r.err().contains("internal error"), r.err());
        }
    }

    @Test
    void aFolderThatCannotBeWrittenBackIsOneLineAndCannotWrite() {
        // the runtime's test makes the write-back fail for real (SandboxErrorsTest); here: how the CLI reports it
        var e = new dev.reprise.runtime.HostWriteBackException("cannot write /out back to /tmp/o: /tmp/o: permission denied",
                new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/tmp/o")));
        assertEquals(ExitCode.CANNOT_WRITE, Main.exitCodeFor(e));
        assertEquals("cannot write /out back to /tmp/o: /tmp/o: permission denied", Main.message(e));
    }

    @Test
    void stdinDashIsThisProcesssStandardInput() throws Exception {
        java.io.InputStream old = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("hello from the pipe\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            CliTest.Result r = CliTest.run("run", "--stdin", "-", FirstRecordingTest.EXAMPLE.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("stdin: hello from the pipe\n"), r.out());
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void aFileOnStandardInputThatTheGuestDoesNotSeeGetsANote() throws Exception {
        // `reprise run APP < FILE` gave the guest an empty stdin without a word; the note needs a real fd 0, so a child JVM
        Path input = Files.writeString(tmp.resolve("in.txt"), "typed\n");
        String javaExe = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (boolean dash : new boolean[] {false, true}) {
            List<String> command = new java.util.ArrayList<>(List.of(javaExe, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "run"));
            if (dash) {
                command.addAll(List.of("--stdin", "-"));
            }
            command.add(FirstRecordingTest.EXAMPLE.toString());
            Process p = new ProcessBuilder(command).redirectInput(input.toFile())
                    .redirectError(tmp.resolve("err.txt").toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor());
            String err = Files.readString(tmp.resolve("err.txt"));
            if (dash) {
                assertTrue(out.contains("stdin: typed"), out);
                assertEquals("", err);
            } else {
                assertFalse(out.contains("stdin:"), out);
                assertEquals("reprise run: note: the guest's stdin was empty; this process's standard input (a file) is passed on "
                        + "with --stdin - or --stdin FILE\n", err);
            }
        }
    }
}
