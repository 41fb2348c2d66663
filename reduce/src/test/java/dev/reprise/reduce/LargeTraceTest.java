package dev.reprise.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.record.trace.TraceWriter;
import dev.reprise.record.trace.Value;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace of {@value #EVENTS_APPROX} events (a full-mode recording's shape: import calls, each
 * followed by thousands of 4-byte reads, most of them re-reads) reduced in a forked JVM whose
 * heap ({@value #HEAP}) is far below what the decoded events take (about 60 bytes each, 300 MB):
 * the reduction passes only if the reducer streams the file and keeps the reduced result alone.
 */
class LargeTraceTest {
    static final int CALLS = 2_000;
    static final int READS_PER_CALL = 2_500;
    static final long EVENTS_APPROX = (long) CALLS * (READS_PER_CALL + 2);
    /** Bytes each segment reads (then reads again): what the reduction keeps per call. */
    static final int WINDOW = 1024;
    static final String HEAP = "-Xmx48m";
    static final String PREFIX = "reduced: ";

    /** Writes the trace: export call, then per call an import call and return and its reads; returns the event count. */
    static long write(Path file) throws IOException {
        TraceHeader h = TraceHeader.of(new byte[0], RecorderKind.JS, List.of(), StartOptions.NONE, Map.of("reads", "full"));
        long n = 0;
        try (TraceWriter w = TraceWriter.create(file, h)) {
            w.write(new TraceEvent.ExportCall(0, 3, "_start", List.of()));
            n++;
            byte[] four = new byte[4];
            for (int c = 0; c < CALLS; c++) {
                w.write(new TraceEvent.ImportCall(0, 0, "wasi_snapshot_preview1", "fd_read", List.of(Value.i32(c & 7))));
                w.write(new TraceEvent.ImportReturn(0, 0, List.of(Value.i32(0))));
                n += 2;
                long base = (long) c * 8192 % (16 << 20); // segments read over 16 MiB of memory
                for (int i = 0; i < READS_PER_CALL; i++) {
                    long a = base + (i * 4L) % WINDOW;
                    for (int k = 0; k < 4; k++) {
                        four[k] = (byte) ((a + k) * 31);
                    }
                    w.write(new TraceEvent.HostRead(0, 0, a, four));
                    n++;
                }
            }
            w.write(new TraceEvent.ExportReturn(0, 3, List.of()));
            n++;
        }
        return n;
    }

    @Test
    void aTraceOfMillionsOfEventsReducesInASmallHeap(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("large.trace");
        long events = write(trace);
        long size = Files.size(trace);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), LargeTraceTest.class.getName(),
                trace.toString()));
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the forked reduction did not finish in 2 minutes");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "the reduction of a " + (size >> 20) + " MB trace of " + events + " events in "
                + HEAP + " failed:\n" + out);
        String line = out.lines().filter(l -> l.startsWith(PREFIX)).findFirst().orElseThrow(() -> new AssertionError(out));
        // every call kept (its reads differ from the others'), one merged store of WINDOW bytes before each return
        assertTrue(line.startsWith(PREFIX + events + " events -> " + (CALLS + 1) + " import calls and export calls, "
                + CALLS + " stores of " + (long) CALLS * WINDOW + " bytes"), line);
    }

    /** The forked side: reduces the trace file {@code args[0]} and prints what it got and the peak heap. */
    public static void main(String[] args) {
        Reducer.Result r = new Reducer().reduceWithStats(TraceSource.of(Path.of(args[0])));
        if (!r.complete()) {
            throw new IllegalStateException("incomplete");
        }
        long calls = 0;
        for (ImportReplay i : r.trace().imports()) {
            calls += i.calls();
        }
        long[] stores = r.stats().after().get("store");
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(PREFIX + r.stats().eventsBefore() + " events -> " + (calls + r.trace().driver().size())
                + " import calls and export calls, " + stores[0] + " stores of " + stores[1] + " bytes; peak heap "
                + (peak >> 20) + " MB");
    }
}
