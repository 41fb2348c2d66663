package dev.reprise.replay.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs packed into pooled passive segments: slices, sharing of identical bytes, a new pool past the size cap. */
class PassiveDataTest {
    private static byte[] run(int value, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void runsAreSlicesOfOneSegmentAndIdenticalBytesShareTheirs() {
        PassiveData d = new PassiveData();
        for (int k = 0; k < 1000; k++) {
            d.add(run(k % 250, 32 + k % 7));
        }
        assertEquals(1, d.segmentCount(), "a thousand runs, one segment");
        d.placedAt(98_450);
        PassiveData.Slice s = d.slice(run(3, 35));
        assertEquals(new PassiveData.Slice(0, 3 * 32 + (0 + 1 + 2)), s);
        assertEquals(98_450, d.index(s.segment()));
        assertEquals(d.slice(run(3, 35)), d.slice(run(3, 35)), "identical bytes, one slice");
        byte[] pooled = d.segments().get(0);
        assertArrayEquals(run(3, 35), Arrays.copyOfRange(pooled, s.offset(), s.offset() + 35));
        assertNull(d.slice(run(1, 99)));
    }

    /**
     * Small pools unless the runs would take more segments than the target leaves room for under
     * the engines' cap (half of it), or the target leaves none (esbuild: 98,450 of its own).
     */
    @Test
    void poolSizeFollowsTheRoomTheTargetLeaves() {
        PassiveData small = PassiveData.forTarget(3);
        PassiveData crowded = PassiveData.forTarget(PassiveData.SEGMENT_CAP / 2 - 10);
        PassiveData full = PassiveData.forTarget(98_450);
        for (int k = 0; k < 100; k++) {
            small.add(run(k, 100));
            crowded.add(run(k, 100));
            full.add(run(k, 100));
        }
        assertEquals(20, small.segments().size(), "10,000 bytes in pools of 512 bytes");
        assertEquals(5, crowded.segments().size(), "room for 10 segments: pools of 2,000 bytes");
        assertEquals(1, full.segments().size());
    }

    /**
     * 150 runs of 1,000 bytes with room for 100 segments: pools of total / room bytes (1,500) would
     * hold one run each, 150 segments; pools of twice that stay within the room.
     */
    @Test
    void runsOfAwkwardSizesStayWithinTheRoom() {
        int room = 100;
        PassiveData d = PassiveData.forTarget(PassiveData.SEGMENT_CAP / 2 - room);
        for (int k = 0; k < 150; k++) {
            d.add(run(k, 1000));
        }
        assertTrue(d.segmentCount() <= room + 1, d.segmentCount() + " segments");
    }

    @Test
    void runsCannotBeAddedOncePacked() {
        PassiveData d = new PassiveData();
        d.add(run(1, 40));
        assertEquals(1, d.segmentCount());
        assertThrows(IllegalStateException.class, () -> d.add(run(2, 40)));
    }

    @Test
    void aFullPoolStartsAnother() {
        PassiveData d = new PassiveData(100);
        d.add(run(1, 60));
        d.add(run(2, 60));
        d.add(run(3, 150));
        d.add(run(4, 30));
        d.add(run(5, 70));
        List<byte[]> segments = d.segments();
        assertEquals(4, segments.size());
        assertEquals(60, segments.get(0).length);
        assertEquals(new PassiveData.Slice(1, 0), d.slice(run(2, 60)));
        assertEquals(new PassiveData.Slice(2, 0), d.slice(run(3, 150)), "a run longer than the cap gets its own");
        assertEquals(new PassiveData.Slice(3, 0), d.slice(run(4, 30)));
        assertEquals(new PassiveData.Slice(3, 30), d.slice(run(5, 70)), "fills the pool up to the cap");
    }
}
