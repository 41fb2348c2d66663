package dev.reprise.benchmarks.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * When the warm-up stops, on a simulated clock: each round takes 100 ms and the JIT compiles as a
 * given function of the time says (milliseconds of compile time per 100 ms round).
 */
class WarmUpTest {
    private static final long ROUND_NANOS = 100_000_000L;

    /** A clock that moves one round per run and a JIT that compiles {@code perRound(t)} ms in the round ending at t ms. */
    private static WarmUp.Result simulate(Duration minimum, LongUnaryOperator perRound) throws Exception {
        long[] clock = {0};
        long[] jit = {0};
        WarmUp w = new WarmUp(() -> clock[0], () -> jit[0]);
        return w.rounds(minimum, () -> {
            clock[0] += ROUND_NANOS;
            jit[0] += perRound.applyAsLong(clock[0] / 1_000_000);
        });
    }

    @Test
    void goesOnPastTheMinimumUntilAWindowWithLittleCompiling() throws Exception {
        // 60 ms of every 100 ms compiling for 5 s, then 2 ms: the first quiet window ends at 6 s
        WarmUp.Result r = simulate(Duration.ofSeconds(2), t -> t <= 5_000 ? 60 : 2);
        assertEquals(Boolean.TRUE, r.quiet());
        assertEquals(60, r.rounds());
        assertEquals("timed after 60 untimed rounds (6.0 s, the JIT quiet)", r.note());
    }

    @Test
    void aQuietJitEndsTheWarmUpAtTheMinimum() throws Exception {
        WarmUp.Result r = simulate(Duration.ofSeconds(2), t -> 1);
        assertEquals(Boolean.TRUE, r.quiet());
        assertEquals(20, r.rounds());
    }

    @Test
    void compilingJustOverTheShareIsNotQuiet() throws Exception {
        // 6% of each round until 4 s, then 5%: still quiet at exactly the share
        WarmUp.Result r = simulate(Duration.ofSeconds(1), t -> t <= 4_000 ? 6 : 5);
        assertEquals(Boolean.TRUE, r.quiet());
        assertEquals(50, r.rounds());
    }

    @Test
    void stopsAtTheCapWhenTheJitNeverQuietens() throws Exception {
        WarmUp.Result r = simulate(Duration.ofSeconds(2), t -> 50);
        assertEquals(Boolean.FALSE, r.quiet());
        assertEquals((2 + WarmUp.CAP.toSeconds()) * 10, r.rounds());
        assertEquals("timed after 320 untimed rounds (32.0 s, the JIT still compiling at the 30 s cap)", r.note());
    }

    @Test
    void aZeroMinimumRunsTwoRoundsWithoutWatchingTheJit() throws Exception {
        WarmUp.Result r = simulate(Duration.ZERO, t -> 100);
        assertEquals(2, r.rounds());
        assertNull(r.quiet());
        assertEquals("timed after 2 untimed rounds (0.2 s)", r.note());
    }

    @Test
    void withoutCompileTimesTheMinimumIsAll() throws Exception {
        long[] clock = {0};
        WarmUp.Result r = new WarmUp(() -> clock[0], () -> -1).rounds(Duration.ofSeconds(1),
                () -> clock[0] += ROUND_NANOS);
        assertEquals(10, r.rounds());
        assertNull(r.quiet());
    }

    @Test
    void notesReadBack() {
        for (WarmUp.Result r : new WarmUp.Result[] {new WarmUp.Result(612, 3.2, true), new WarmUp.Result(9, 31.5, false),
                new WarmUp.Result(2, 0.0, null)}) {
            assertEquals(r, WarmUp.Result.parse(r.note()));
        }
        assertNull(WarmUp.Result.parse("verified: 17 events identical"));
    }
}
