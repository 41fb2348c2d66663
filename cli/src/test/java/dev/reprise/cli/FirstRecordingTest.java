package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "A first recording", step by step on {@code examples/inputs.wasm}: what a newcomer
 * types first must keep working and keep printing what the README shows.
 */
class FirstRecordingTest {
    /** The README's example, which the other tests of real inputs also run ({@code examples/inputs.c}). */
    static final Path EXAMPLE = Path.of("..", "examples", "inputs.wasm").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void theReadmesFirstRecordingWorksAsWritten() throws Exception {
        Path typed = Files.writeString(tmp.resolve("typed.txt"), "a line typed in\n");
        String[] inputs = {"--real-clock", "--real-random", "--stdin", typed.toString()};
        CliTest.Result first = CliTest.run(cat(new String[] {"run", EXAMPLE.toString()}, inputs));
        CliTest.Result second = CliTest.run(cat(new String[] {"run", EXAMPLE.toString()}, inputs));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("stdin: a line typed in"), first.out());
        assertNotEquals(first.out(), second.out(), "the host's clock and randomness differ from run to run");

        Path trace = tmp.resolve("run.trace");
        CliTest.Result recorded = CliTest.run(cat(new String[] {"record", EXAMPLE.toString(), "-o", trace.toString()}, inputs));
        assertEquals(0, recorded.code(), recorded.err());
        Path reduced = tmp.resolve("run.reduced");
        CliTest.Result stats = CliTest.run("reduce", trace.toString(), "-o", reduced.toString(), "--stats");
        assertEquals(0, stats.code(), stats.err());
        assertTrue(stats.out().contains("events 33 -> 20"), "the README quotes it: " + stats.out());
        Path replay = tmp.resolve("replay.wasm");
        assertEquals(0, CliTest.run("replay", EXAMPLE.toString(), reduced.toString(), "-o", replay.toString(), "--keep-output")
                .code());
        for (int i = 0; i < 2; i++) {
            CliTest.Result again = CliTest.run("run", replay.toString());
            assertEquals(0, again.code(), again.err());
            assertEquals(recorded.out(), again.out(), "the replay prints the recorded run, every time");
        }
        CliTest.Result verified = CliTest.run("verify", EXAMPLE.toString(), replay.toString(), trace.toString(), "--no-node");
        assertEquals(0, verified.code(), verified.out() + verified.err());
        assertTrue(verified.out().contains("verified: 33 events identical"), verified.out());
    }


    private static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
