package dev.reprise.reduce.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Runs of bytes against a byte-per-address map: the last write wins, touching runs join. */
class ByteRunsTest {
    private static List<Object[]> runs(ByteRuns r) {
        List<Object[]> out = new ArrayList<>();
        r.forEach((a, b) -> out.add(new Object[] {a, b}));
        return out;
    }

    private static List<Object[]> runs(TreeMap<Long, Byte> bytes) {
        List<Object[]> out = new ArrayList<>();
        long start = -1;
        long prev = -2;
        java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
        for (var e : bytes.entrySet()) {
            if (e.getKey() != prev + 1 && run.size() > 0) {
                out.add(new Object[] {start, run.toByteArray()});
                run.reset();
            }
            if (run.size() == 0) {
                start = e.getKey();
            }
            run.write(e.getValue());
            prev = e.getKey();
        }
        if (run.size() > 0) {
            out.add(new Object[] {start, run.toByteArray()});
        }
        return out;
    }

    @Test
    void randomPutsMatchAByteMap() {
        Random rnd = new Random(99);
        for (int round = 0; round < 400; round++) {
            ByteRuns r = new ByteRuns();
            TreeMap<Long, Byte> m = new TreeMap<>();
            int at = rnd.nextInt(300);
            for (int k = rnd.nextInt(40); k > 0; k--) {
                at = rnd.nextInt(3) == 0 ? rnd.nextInt(300) : at + rnd.nextInt(9) - 2;
                at = Math.max(0, at);
                byte[] b = new byte[1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 30)];
                rnd.nextBytes(b);
                int off = rnd.nextInt(b.length);
                int n = b.length - off;
                r.put(at, b, off, n);
                for (int i = 0; i < n; i++) {
                    m.put((long) at + i, b[off + i]);
                }
            }
            List<Object[]> got = runs(r);
            List<Object[]> want = runs(m);
            assertEquals(want.size(), got.size(), "round " + round);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i)[0], got.get(i)[0], "round " + round + " run " + i);
                assertArrayEquals((byte[]) want.get(i)[1], (byte[]) got.get(i)[1], "round " + round + " run " + i);
            }
        }
    }

    @Test
    void aMegabyteWrittenByteByByteIsOneRun() {
        ByteRuns r = new ByteRuns();
        for (int i = 0; i < 1 << 20; i++) {
            r.put(4096 + i, new byte[] {(byte) i}, 0, 1);
        }
        List<Object[]> got = runs(r);
        assertEquals(1, got.size());
        assertEquals(1 << 20, ((byte[]) got.get(0)[1]).length);
    }
}
