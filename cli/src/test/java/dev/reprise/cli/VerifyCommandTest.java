package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reprise verify}: the verdict on stdout, exit 0 or 1, one-line errors with their exit codes. */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    Path program(String dir, String name) {
        Path p = Path.of(System.getProperty("reprise.shared", "../../shared"), "corpus", "wasi-testsuite", dir, name + ".wasm");
        Assumptions.assumeTrue(Files.exists(p), "skipped: " + p + " not found (../shared is absent)");
        return p;
    }

    Path recordAndReplay(Path app, String trace, String... recordOptions) {
        Path t = tmp.resolve(trace);
        String[] args = new String[4 + recordOptions.length];
        args[0] = "record";
        args[1] = app.toString();
        args[2] = "-o";
        args[3] = t.toString();
        System.arraycopy(recordOptions, 0, args, 4, recordOptions.length);
        CliTest.Result r = CliTest.run(args);
        assertEquals(0, r.code(), r.err());
        return t;
    }

    @Test
    void aFaithfulReplayIsVerified() throws Exception {
        Path app = program("assemblyscript", "fd_write-to-stdout");
        Path trace = recordAndReplay(app, "run.trace");
        Path replay = tmp.resolve("replay.wasm");
        assertEquals(0, CliTest.run("replay", app.toString(), trace.toString(), "-o", replay.toString()).code());
        CliTest.Result r = CliTest.run("verify", "--no-node", app.toString(), replay.toString(), trace.toString());
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verified: 7 events identical, memory digests equal"), r.out());
        assertTrue(r.out().contains("(host instrumentation"), "host mode, the default, is re-recorded in host mode: " + r.out());
        Path reduced = tmp.resolve("run.reduced");
        assertEquals(0, CliTest.run("reduce", trace.toString(), "-o", reduced.toString()).code());
        r = CliTest.run("verify", "--no-node", app.toString(), replay.toString(), reduced.toString());
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        Path kept = tmp.resolve("kept.wasm");
        assertEquals(0, CliTest.run("replay", "--keep-output", app.toString(), trace.toString(), "-o", kept.toString()).code());
        r = CliTest.run("verify", "--no-node", app.toString(), kept.toString(), trace.toString());
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        // --node-exe names the node that runs replay.wasm; one that does not run is skipped with its name
        r = CliTest.run("verify", "--node-exe", tmp.resolve("no-such-node").toString(), app.toString(), replay.toString(),
                trace.toString());
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("node: " + tmp.resolve("no-such-node") + " does not run, skipped"), r.out());
        assertEquals(ExitCode.USAGE, CliTest.run("verify", "--no-node", "--node-exe", "node", app.toString(),
                replay.toString(), trace.toString()).code());
    }

    @Test
    void aReplayOfAnotherRunOrAnEditedReplayFailsWithExitOne() throws Exception {
        Path app = program("c", "clock_gettime-realtime");
        Path a = recordAndReplay(app, "a.trace", "--clock-start", "1000000000");
        Path b = recordAndReplay(app, "b.trace", "--clock-start", "2000000000");
        Path replay = tmp.resolve("replay.wasm");
        assertEquals(0, CliTest.run("replay", app.toString(), a.toString(), "-o", replay.toString()).code());
        CliTest.Result r = CliTest.run("verify", "--no-node", app.toString(), replay.toString(), b.toString());
        assertEquals(ExitCode.FOUND, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("NOT verified: the replay was generated from another trace"), r.out());
        byte[] bytes = Files.readAllBytes(replay);
        bytes[bytes.length / 3] ^= 0x10;
        Path edited = tmp.resolve("edited.wasm");
        Files.write(edited, bytes);
        r = CliTest.run("verify", "--no-node", app.toString(), edited.toString(), a.toString());
        assertTrue(r.code() == ExitCode.FOUND || r.code() == ExitCode.BAD_INPUT, r.out() + r.err());
        assertTrue(r.code() == ExitCode.BAD_INPUT ? r.err().strip().lines().count() == 1
                : r.out().contains("differs from the one regenerated"), r.out() + r.err());
    }

    @Test
    void badInputsAreOneLineWithTheirExitCodes() throws Exception {
        Path app = program("c", "clock_getres-monotonic");
        Path trace = recordAndReplay(app, "run.trace");
        CliTest.Result r = CliTest.run("verify", app.toString(), app.toString(), trace.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("no reprise.replay section"), r.err());
        r = CliTest.run("verify", app.toString(), tmp.resolve("missing.wasm").toString(), trace.toString());
        assertEquals(ExitCode.NO_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Path garbage = tmp.resolve("garbage.trace");
        Files.writeString(garbage, "not a trace\n");
        r = CliTest.run("verify", app.toString(), app.toString(), garbage.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(ExitCode.USAGE, CliTest.run("verify", app.toString()).code());
    }
}
