package dev.reprise.replay.verify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that fails before the replay script prints its result (a compile error: node 20 has no
 * {@code try_table}) is a failed run with node's reason, not a run that "returned": an empty
 * output once read as a JSON document with no trap in it.
 */
class FinalMemoriesTest {
    @TempDir
    Path tmp;

    private static final byte[] EMPTY_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    @Test
    void aNodeThatPrintsNothingDidNotRunTheReplay() throws IOException {
        Path node = tmp.resolve("fake-node");
        Files.writeString(node, "#!/bin/sh\n"
                + "echo 'file:///x/run-replay.mjs:9' >&2\n"
                + "echo '[CompileError: WebAssembly.compile(): Compiling function #4 failed: Invalid opcode 0x1f @+348]' >&2\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwxr-xr-x"));
        FinalMemories.Run run = FinalMemories.underNode(node.toString(), EMPTY_MODULE, 0, tmp);
        assertFalse(run.endedAsRecorded(), run.how());
        assertTrue(run.how().startsWith("printed no result (node exited with status 1: CompileError: WebAssembly.compile():"),
                run.how());
        assertTrue(run.how().contains("no exception handling"), run.how());
    }

    @Test
    void theErrorLineIsTheOneThatNamesAnError() {
        assertEquals(": TypeError: x is not a function", FinalMemories.errorLine("at foo\nTypeError: x is not a function\n  at bar\n"));
        assertEquals("", FinalMemories.errorLine("Killed\n"));
    }
}
