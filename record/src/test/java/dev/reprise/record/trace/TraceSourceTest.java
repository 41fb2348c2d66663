package dev.reprise.record.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TraceSource}: the same events from a binary file, a JSON Lines file, bytes and a {@link Trace}, pass after pass. */
class TraceSourceTest {
    @TempDir
    Path tmp;

    static List<TraceEvent> all(TraceSource s, boolean complete) {
        List<TraceEvent> out = new ArrayList<>();
        try (TraceSource.Events events = s.open()) {
            for (TraceEvent e = events.next(); e != null; e = events.next()) {
                out.add(e);
            }
            assertNull(events.next(), "stays at the end");
            assertEquals(complete, events.complete());
            assertEquals(out.size(), events.count());
        }
        return out;
    }

    @Test
    void everySourceGivesTheEventsInOrderAgainAndAgain() throws Exception {
        RandomTraces r = new RandomTraces(7);
        TraceHeader h = r.header();
        List<TraceEvent> events = r.events(500);
        Path bin = tmp.resolve("t.trace");
        try (TraceWriter w = TraceWriter.create(bin, h)) {
            events.forEach(w::write);
        }
        Path json = tmp.resolve("t.jsonl");
        try (JsonLinesTraceWriter w = JsonLinesTraceWriter.create(json, h)) {
            events.forEach(w::write);
        }
        for (TraceSource s : List.of(TraceSource.of(bin), TraceSource.of(json), TraceSource.ofBinary(Files.readAllBytes(bin)),
                TraceSource.of(new Trace(h, events, true)))) {
            assertEquals(h, s.header());
            assertEquals(events, all(s, true));
            assertEquals(events, all(s, true), "a second pass");
        }
    }

    @Test
    void aCutTraceEndsIncompleteAndACorruptOneThrowsWithItsOffset() throws Exception {
        RandomTraces r = new RandomTraces(8);
        TraceHeader h = r.header();
        List<TraceEvent> events = r.events(50);
        Path cut = tmp.resolve("cut.trace");
        TraceWriter w = TraceWriter.create(Files.newOutputStream(cut), h);
        events.forEach(w::write);
        w.closeIncomplete();
        assertEquals(events, all(TraceSource.of(cut), false));

        byte[] bytes = Files.readAllBytes(cut);
        byte[] more = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        more[bytes.length] = 0x1e; // an event tag no kind has
        Path bad = tmp.resolve("bad.trace");
        Files.write(bad, more);
        BadTraceException e = assertThrows(BadTraceException.class, () -> all(TraceSource.of(bad), false));
        assertTrue(e.getMessage().contains("(at offset 0x" + Long.toHexString(bytes.length) + ")"), e.getMessage());

        Path notTrace = tmp.resolve("x.trace");
        Files.writeString(notTrace, "hello");
        assertThrows(BadTraceException.class, () -> TraceSource.of(notTrace));
    }
}
