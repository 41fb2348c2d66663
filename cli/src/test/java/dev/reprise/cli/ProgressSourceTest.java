package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressSourceTest {
    private static TraceSource trace(int events) {
        List<TraceEvent> list = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            list.add(new TraceEvent.MemoryGrow(0, 0, i));
        }
        TraceHeader header = TraceHeader.of(new byte[32], RecorderKind.JAVA, List.of(), StartOptions.NONE, Map.of());
        return TraceSource.of(new Trace(header, list, true));
    }

    private static String pass(TraceSource source) {
        int n = 0;
        try (TraceSource.Events e = source.open()) {
            while (e.next() != null) {
                n++;
            }
            assertTrue(e.complete());
            assertEquals(n, e.count());
        }
        return String.valueOf(n);
    }

    @Test
    void aLongPassReportsHowFarItHasCome() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals("45", pass(new ProgressSource(trace(45), "reduce", out, 0, 10)), "every event passes through");
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("reprise reduce: 10 events read ("), lines.get(0));
        assertTrue(lines.get(3).startsWith("reprise reduce: 40 events read ("), lines.get(3));
    }

    @Test
    void aShortPassSaysNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        pass(new ProgressSource(trace(200_000), "verify", out, 2_000_000_000L, 1 << 16));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "read within two seconds: no progress lines");
    }
}
