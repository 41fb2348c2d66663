package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace larger than reprise reads into memory at once (found on the corpus: brotli, zstd and
 * quickjs recorded under node with --full give 1-3 GB traces, and reduce died with an
 * OutOfMemoryError stack trace): one line, exit 65, no output file.
 */
class TooLargeInputTest {
    @TempDir
    Path tmp;

    @Test
    void aTraceOverTwoGigabytesIsAOneLineError() throws Exception {
        Path big = tmp.resolve("big.trace");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(Integer.MAX_VALUE + 16L); // sparse: no disk space used
        }
        Path out = tmp.resolve("run.reduced");
        CliTest.Result r = CliTest.run("reduce", big.toString(), "-o", out.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("more than reprise reads into memory at once"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }
}
