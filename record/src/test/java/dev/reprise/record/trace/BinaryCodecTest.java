package dev.reprise.record.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinaryCodecTest {

    static byte[] encode(TraceHeader h, List<TraceEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.create(out, h)) {
            events.forEach(w::write);
        }
        return out.toByteArray();
    }

    @Test
    void randomRoundTrip() {
        for (long seed = 1; seed <= 20; seed++) {
            RandomTraces r = new RandomTraces(seed);
            TraceHeader h = r.header();
            List<TraceEvent> events = r.events(500);
            byte[] bytes = encode(h, events);
            Trace t = TraceReader.readAll(bytes);
            assertTrue(t.complete());
            assertEquals(h, t.header());
            assertEquals(events, t.events());
            assertArrayEquals(bytes, encode(t.header(), t.events()));
        }
    }

    /** {@link TraceSink#importCall}/{@link TraceSink#importReturn} from raw slots write the bytes the events would. */
    @Test
    void importCallsFromRawSlotsEncodeAsTheirEvents() {
        ValType[] numeric = {ValType.I32, ValType.I64, ValType.F32, ValType.F64};
        long[] edges = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xffff_ffffL, Long.MIN_VALUE, Long.MAX_VALUE,
                0x7fc0_0001L, 0x7ff0_0000_0000_0001L};
        for (long seed = 1; seed <= 10; seed++) {
            java.util.Random random = new java.util.Random(seed);
            TraceHeader h = new RandomTraces(seed).header();
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream viaEvents = new java.io.ByteArrayOutputStream();
            try (TraceWriter a = TraceWriter.create(raw, h, 64); TraceWriter b = TraceWriter.create(viaEvents, h, 64)) {
                for (int i = 0; i < 300; i++) {
                    int tid = random.nextInt(4) == 0 ? random.nextInt(1000) : 0;
                    int func = random.nextInt(40);
                    ValType[] types = new ValType[random.nextInt(5)];
                    long[] slots = new long[types.length];
                    for (int k = 0; k < types.length; k++) {
                        types[k] = numeric[random.nextInt(numeric.length)];
                        slots[k] = random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextLong();
                    }
                    String module = "m" + random.nextInt(3);
                    String name = "f" + func;
                    if (random.nextBoolean()) {
                        a.importCall(tid, func, module, name, types, slots);
                        b.write(new TraceEvent.ImportCall(tid, func, module, name, TraceSink.values(types, slots)));
                    } else {
                        a.importReturn(tid, func, types, types.length == 0 && random.nextBoolean() ? null : slots);
                        b.write(new TraceEvent.ImportReturn(tid, func, TraceSink.values(types, slots)));
                    }
                }
            }
            assertArrayEquals(viaEvents.toByteArray(), raw.toByteArray(), "seed " + seed);
            assertEquals(300, TraceReader.readAll(raw.toByteArray()).events().size());
        }
    }

    @Test
    void valuesKeepTheirBits() {
        List<Value> vs = List.of(Value.i64(Long.MIN_VALUE), Value.i64(Long.MAX_VALUE), Value.i64((1L << 53) + 1),
                Value.f64Bits(0x7ff0_0000_0000_0001L), Value.f32Bits(0xffc1_2345), Value.v128(-1, 0x0102030405060708L),
                Value.nullRef(ValType.FUNCREF), Value.funcref(0xffff_ffffL), Value.i32(Integer.MIN_VALUE));
        TraceEvent e = new TraceEvent.ImportReturn(0, 3, vs);
        Trace t = TraceReader.readAll(encode(header(), List.of(e)));
        assertEquals(List.of(e), t.events());
    }

    static TraceHeader header() {
        return TraceHeader.of(new byte[32], RecorderKind.WASI, List.of("threads"),
                new StartOptions(List.of("prog", "-x"), Map.of("A", "1"), 42, Map.of()), Map.of("k", "v"));
    }

    @Test
    void missingTrailerIsIncomplete() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceWriter w = TraceWriter.create(out, header(), 1);
        w.write(new TraceEvent.MemoryGrow(0, 0, 2));
        w.write(new TraceEvent.MemoryGrow(0, 0, 3));
        Trace t = TraceReader.readAll(out.toByteArray());
        assertFalse(t.complete());
        assertEquals(2, t.events().size());
    }

    @Test
    void unknownVersionIsAClearError() {
        byte[] bytes = encode(header(), List.of());
        bytes[8] = 9;
        BadTraceException e = assertThrows(BadTraceException.class, () -> TraceReader.readAll(bytes));
        assertTrue(e.getMessage().contains("unsupported trace format version 9"), e.getMessage());
        assertTrue(e.getMessage().contains("(at offset 0x8)"), e.getMessage());
    }

    @Test
    void everyPrefixIsIncompleteOrRejectedWithOffset() {
        RandomTraces r = new RandomTraces(7, true);
        byte[] bytes = encode(r.header(), r.events(200));
        List<TraceEvent> all = TraceReader.readAll(bytes).events();
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(bytes, n);
            try {
                Trace t = TraceReader.readAll(prefix);
                assertFalse(t.complete(), "prefix " + n);
                assertEquals(all.subList(0, t.events().size()), t.events());
            } catch (BadTraceException e) {
                assertTrue(e.getMessage().contains("(at offset 0x"), e.getMessage());
            }
        }
    }

    @Test
    void everyBitFlipIsDetected() {
        RandomTraces r = new RandomTraces(11, true);
        byte[] bytes = encode(header(), r.events(40));
        for (int i = 0; i < bytes.length * 8; i++) {
            byte[] bad = bytes.clone();
            bad[i >> 3] ^= (byte) (1 << (i & 7));
            BadTraceException e = assertThrows(BadTraceException.class, () -> TraceReader.readAll(bad),
                    "flip of bit " + i);
            assertTrue(e.getMessage().contains("(at offset 0x"), e.getMessage());
        }
    }
}
