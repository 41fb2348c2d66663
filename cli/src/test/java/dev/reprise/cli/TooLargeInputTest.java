package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace larger than reprise reads into memory at once (found on the corpus: brotli, zstd and
 * quickjs recorded under node with --full give 1-3 GB traces, and reduce died with an
 * OutOfMemoryError stack trace). reduce now streams its input, so size alone is no error: a
 * 2 GB file whose events stop after a few (the rest of the file is zeros, a sparse hole) is read
 * up to its first malformed byte and refused in one line naming that offset, exit 65, no output file.
 */
class TooLargeInputTest {
    @TempDir
    Path tmp;

    @Test
    void aTraceOverTwoGigabytesIsStreamedUpToItsFirstBadByte() throws Exception {
        Path big = tmp.resolve("big.trace");
        TraceHeader h = TraceHeader.of(new byte[0], RecorderKind.WASI, List.of(), StartOptions.NONE, Map.of());
        TraceWriter w = TraceWriter.create(Files.newOutputStream(big), h);
        w.write(new TraceEvent.ExportCall(0, 1, "_start", List.of()));
        w.closeIncomplete(); // no trailer: the file is extended below
        long events = Files.size(big);
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(Integer.MAX_VALUE + 16L); // sparse: no disk space used
        }
        Path out = tmp.resolve("run.reduced");
        CliTest.Result r = CliTest.run("reduce", big.toString(), "-o", out.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("(at offset 0x"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
        assertTrue(events < 200, "the events end near the start: " + events);
    }
}
