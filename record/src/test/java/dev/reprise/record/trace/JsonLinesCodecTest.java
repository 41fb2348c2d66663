package dev.reprise.record.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesCodecTest {

    static byte[] jsonl(TraceHeader h, List<TraceEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonLinesTraceWriter w = JsonLinesTraceWriter.create(out, h)) {
            events.forEach(w::write);
        }
        return out.toByteArray();
    }

    @Test
    void thousandsOfRandomEventsSurviveBinaryJsonBinary() {
        for (long seed = 100; seed < 105; seed++) {
            RandomTraces r = new RandomTraces(seed);
            byte[] binary = BinaryCodecTest.encode(r.header(), r.events(1000));
            Trace fromBinary = TraceReader.readAll(binary);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            TraceConverter.Result res = TraceConverter.binaryToJsonLines(new ByteArrayInputStream(binary), json);
            assertTrue(res.complete());
            Trace fromJson = JsonLinesTraceReader.readAll(json.toByteArray());
            assertTrue(fromJson.complete());
            assertEquals(fromBinary, fromJson);
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            TraceConverter.jsonLinesToBinary(new ByteArrayInputStream(json.toByteArray()), back);
            assertArrayEquals(binary, back.toByteArray(), "seed " + seed);
        }
    }

    @Test
    void floatsAreWrittenAsBitsWithAReadableValue() {
        List<TraceEvent> events = List.of(new TraceEvent.ImportReturn(0, 1,
                List.of(Value.f64(1.5), Value.f32Bits(0x7fc0_0001), Value.i64(Long.MIN_VALUE))));
        String text = new String(jsonl(BinaryCodecTest.header(), events), StandardCharsets.UTF_8);
        assertTrue(text.contains("{\"f64\":\"0x3ff8000000000000\",\"v\":1.5}"), text);
        assertTrue(text.contains("{\"f32\":\"0x7fc00001\",\"v\":\"NaN\"}"), text);
        assertTrue(text.contains("{\"i64\":\"-9223372036854775808\"}"), text);
    }

    @Test
    void errorsNameTheLine() {
        String text = new String(jsonl(BinaryCodecTest.header(), List.of(new TraceEvent.MemoryGrow(0, 0, 1),
                new TraceEvent.MemoryGrow(0, 0, 2))), StandardCharsets.UTF_8);
        String bad = text.replace("\"pages\":2", "\"pages\":\"two\"");
        BadTraceException e = assertThrows(BadTraceException.class,
                () -> JsonLinesTraceReader.readAll(bad.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
        assertEquals(3, e.line());
        String broken = text.replace("\"pages\":1}", "\"pages\":1");
        e = assertThrows(BadTraceException.class,
                () -> JsonLinesTraceReader.readAll(broken.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("line 2: malformed JSON"), e.getMessage());
    }

    @Test
    void cutShortIsIncomplete() {
        RandomTraces r = new RandomTraces(5, true);
        List<TraceEvent> events = r.events(40);
        byte[] bytes = jsonl(r.header(), events);
        // Up to the end line's closing brace: from there on the end line is whole.
        for (int n = 0; n < bytes.length - 2; n += 3) {
            byte[] prefix = java.util.Arrays.copyOf(bytes, n);
            try {
                Trace t = JsonLinesTraceReader.readAll(prefix);
                assertFalse(t.complete());
                assertEquals(events.subList(0, t.events().size()), t.events());
            } catch (BadTraceException e) {
                assertTrue(e.getMessage().startsWith("line 1"), e.getMessage());
            }
        }
        assertTrue(JsonLinesTraceReader.readAll(bytes).complete());
    }
}
