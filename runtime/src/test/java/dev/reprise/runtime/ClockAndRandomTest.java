package dev.reprise.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClockAndRandomTest {
    @Test
    void clockStartsAtTheConfiguredInstantAndNeverGoesBack() {
        VirtualClock c = new VirtualClock();
        assertEquals(1_704_067_200_000_000_000L, c.realtimeNanos());
        c.advanceTo(c.monotonicNanos() + 10);
        c.advanceTo(c.monotonicNanos() - 5);
        assertEquals(10, c.elapsedNanos());
        c.advanceBy(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, c.elapsedNanos());
    }

    @Test
    void sameSeedSameBytesAndEveryCallDiffers() {
        SeededRandom a = new SeededRandom(0);
        SeededRandom b = new SeededRandom(0);
        byte[] a1 = new byte[16];
        byte[] a2 = new byte[16];
        byte[] b1 = new byte[16];
        a.nextBytes(a1);
        a.nextBytes(a2);
        b.nextBytes(b1);
        assertArrayEquals(a1, b1);
        assertFalse(Arrays.equals(a1, a2));
        byte[] other = new byte[16];
        new SeededRandom(1).nextBytes(other);
        assertFalse(Arrays.equals(a1, other));
    }

    @Test
    void streamDoesNotDependOnCallSizes() {
        SeededRandom a = new SeededRandom(7);
        SeededRandom b = new SeededRandom(7);
        byte[] whole = new byte[13];
        a.nextBytes(whole);
        byte[] p1 = new byte[5];
        byte[] p2 = new byte[8];
        b.nextBytes(p1);
        b.nextBytes(p2);
        assertArrayEquals(Arrays.copyOfRange(whole, 0, 5), p1);
        assertArrayEquals(Arrays.copyOfRange(whole, 5, 13), p2);
    }

    @Test
    void boundedIntsStayInRange() {
        SeededRandom r = new SeededRandom(3);
        for (int i = 0; i < 1000; i++) {
            int v = r.nextInt(3);
            assertTrue(v >= 0 && v < 3);
        }
    }
}
