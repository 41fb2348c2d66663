package dev.reprise.record.host.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Coalescing of written ranges, against a bitmap of written bytes (seeded random writes). */
class DirtyRangesTest {
    private static long[] expected(BitSet written) {
        List<Long> out = new ArrayList<>();
        for (int i = written.nextSetBit(0); i >= 0; ) {
            int end = written.nextClearBit(i);
            out.add((long) i);
            out.add((long) end);
            i = written.nextSetBit(end);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void sequentialOverlappingAndAdjacentWritesCoalesce() {
        DirtyRanges d = new DirtyRanges();
        for (int i = 0; i < 100; i++) {
            d.add(1000 + i, 1);                 // byte by byte: one range
        }
        d.add(5000, 4);
        d.add(900, 100);                        // touches the first range from below
        d.add(5002, 10);                        // overlaps the second
        d.add(7000, 0);                         // empty: nothing
        assertArrayEquals(new long[] {900, 1100, 5000, 5012}, d.take());
        assertArrayEquals(new long[0], d.take(), "taking empties the set");
    }

    @Test
    void randomWritesGiveTheSameRangesAsABitmap() {
        Random rnd = new Random(1234);
        for (int round = 0; round < 500; round++) {
            DirtyRanges d = new DirtyRanges();
            BitSet written = new BitSet();
            int writes = rnd.nextInt(60);
            int at = rnd.nextInt(4000);
            for (int w = 0; w < writes; w++) {
                at = rnd.nextInt(4) == 0 ? rnd.nextInt(4000) : at + rnd.nextInt(12) - 3;
                at = Math.max(0, at);
                int len = rnd.nextInt(10);
                d.add(at, len);
                written.set(at, at + len);
            }
            assertArrayEquals(expected(written), d.take(), "round " + round);
        }
    }

    @Test
    void addressesAboveTwoGigabytesStayUnsigned() {
        DirtyRanges d = new DirtyRanges();
        d.add(Integer.toUnsignedLong(0x8000_0000), 8);
        d.add(0xffff_fff0L, 16);
        assertArrayEquals(new long[] {0x8000_0000L, 0x8000_0008L, 0xffff_fff0L, 0x1_0000_0000L}, d.take());
    }
}
