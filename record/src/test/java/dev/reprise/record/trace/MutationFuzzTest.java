package dev.reprise.record.trace;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random damage to traces never escapes as anything but a {@link BadTraceException} or an incomplete read. */
class MutationFuzzTest {

    private static byte[] mutate(byte[] in, SplittableRandom rnd) {
        byte[] b = in.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(3)) {
                case 0:
                    b[at] = (byte) rnd.nextInt();
                    break;
                case 1:
                    b[at] = (byte) 0xff;
                    break;
                default:
                    b = java.util.Arrays.copyOf(b, Math.max(1, at));
            }
        }
        return b;
    }

    @Test
    void binaryReaderFailsCleanly() {
        SplittableRandom rnd = new SplittableRandom(99);
        RandomTraces r = new RandomTraces(99, true);
        byte[] bytes = BinaryCodecTest.encode(BinaryCodecTest.header(), r.events(40));
        for (int i = 0; i < 3000; i++) {
            byte[] bad = mutate(bytes, rnd);
            try {
                Trace t = TraceReader.readAll(bad);
                assertTrue(!t.complete() || java.util.Arrays.equals(bad, bytes), "damage went unnoticed");
            } catch (BadTraceException e) {
                assertTrue(e.offset() >= 0 && e.offset() <= bad.length, e.getMessage());
            }
        }
    }

    @Test
    void jsonLinesReaderFailsCleanly() {
        SplittableRandom rnd = new SplittableRandom(98);
        RandomTraces r = new RandomTraces(98, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonLinesTraceWriter w = JsonLinesTraceWriter.create(out, BinaryCodecTest.header())) {
            List<TraceEvent> events = r.events(20);
            events.forEach(w::write);
        }
        byte[] bytes = out.toByteArray();
        for (int i = 0; i < 3000; i++) {
            byte[] bad = mutate(bytes, rnd);
            try {
                JsonLinesTraceReader.readAll(bad);
            } catch (BadTraceException e) {
                assertTrue(e.line() >= 1, e.getMessage());
            }
        }
    }
}
