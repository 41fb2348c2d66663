package dev.reprise.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text form of a baton log round-trips, bad entries are named, and the fingerprint tells logs apart. */
class BatonLogTest {
    @Test
    void theTextFormRoundTrips() {
        BatonLog log = BatonLog.parse("r0.0 n0.0 r1.0, t0 r0.2");
        assertEquals(List.of(new BatonLog.Entry(BatonLog.Kind.RESUME, 0, 0), new BatonLog.Entry(BatonLog.Kind.NOTIFIED, 0, 0),
                new BatonLog.Entry(BatonLog.Kind.RESUME, 1, 0), new BatonLog.Entry(BatonLog.Kind.TIMED_OUT, 0, 0),
                new BatonLog.Entry(BatonLog.Kind.RESUME, 0, 2)), log.entries());
        assertEquals("r0.0 n0.0 r1.0 t0 r0.2", log.toString());
        assertEquals(log.entries(), BatonLog.parse(log.toString()).entries());
        assertEquals(0, BatonLog.parse("").entries().size());
    }

    @Test
    void aBadEntryIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatonLog.parse("r0.0 x1 r1.0"));
        assertTrue(e.getMessage().startsWith("baton log entry 1 'x1'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BatonLog.parse("r0.1"));
        assertTrue(e.getMessage().contains("entry 0 'r0.1'"), e.getMessage()); // a resume is 0 or 2
    }

    @Test
    void theFingerprintTellsLogsApart() {
        assertEquals(BatonLog.parse("r0.0 r1.0").fingerprint(), BatonLog.parse("r0.0,r1.0").fingerprint());
        assertNotEquals(BatonLog.parse("r0.0 r1.0").fingerprint(), BatonLog.parse("r1.0 r0.0").fingerprint());
    }

    @Test
    void itIsNeverAskedToChoose() {
        assertThrows(ScheduleDivergedException.class, () -> BatonLog.parse("r0.0").choose(DecisionKind.NEXT_THREAD, 2));
    }
}
