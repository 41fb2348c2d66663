package dev.reprise.benchmarks.bench.internal;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The untimed rounds before a JVM times a run: at least the asked time and two rounds, then on
 * until the JIT goes quiet, for at most {@link #CAP}. Quiet means that over a window of at least
 * one second of rounds, HotSpot's compiler threads spent under 5% of the window compiling. A
 * replay warms up slower than its original: it has more code for C2 to compile (its import stubs
 * replay the trace), so base64's replay kept a compiler thread busy for 9-10 s of rounds in a
 * fresh JVM while its original was quiet after 3 s, and timing both after a fixed 2 s made the
 * replay look 1.2-1.4x slower when, warm, it is faster. A minimum of zero asks for two rounds
 * and no wait (tests).
 *
 * <pre>
 * WarmUp.Result r = WarmUp.run(Duration.ofSeconds(2), () -&gt; original.run());
 * r.note();   // "timed after 612 untimed rounds (3.2 s, the JIT quiet)"
 * </pre>
 */
final class WarmUp {
    /** The longest the rounds wait for a quiet JIT, beyond the asked minimum. */
    static final Duration CAP = Duration.ofSeconds(30);
    /** Rounds are judged in windows at least this long. */
    static final Duration WINDOW = Duration.ofSeconds(1);
    /** The share of a window the compiler threads may spend compiling for the JIT to count as quiet. */
    static final double QUIET_SHARE = 0.05;

    /** How the note on the warm-up begins. */
    private static final String NOTE_START = "timed after ";
    private static final String QUIET = "the JIT quiet";
    private static final String STILL_COMPILING = "the JIT still compiling at the " + CAP.toSeconds() + " s cap";
    /** The note {@link Result#note()} writes, which the forked measure reads back. */
    private static final Pattern NOTE = Pattern.compile(Pattern.quote(NOTE_START)
            + "(\\d+) untimed rounds \\(([0-9.]+) s(?:, (" + QUIET + "|" + Pattern.quote(STILL_COMPILING) + "))?\\)");

    /** One round of the runs being warmed up. */
    @FunctionalInterface
    interface Round {
        void run() throws Exception;
    }

    /**
     * How the warm-up went: its rounds and seconds, and whether it ended on a quiet JIT (true),
     * at the cap with the JIT still compiling (false) or without watching the JIT (null: a zero
     * minimum, or a JVM that does not report compile time).
     */
    record Result(int rounds, double seconds, Boolean quiet) {
        /** The report's note: "timed after 612 untimed rounds (3.2 s, the JIT quiet)". */
        String note() {
            return String.format(Locale.ROOT, NOTE_START + "%d untimed rounds (%.1f s%s)", rounds,
                    seconds, quiet == null ? "" : ", " + (quiet ? QUIET : STILL_COMPILING));
        }

        /** The result a note describes, or null if {@code note} is not one. */
        static Result parse(String note) {
            Matcher m = NOTE.matcher(note);
            if (!m.matches()) {
                return null;
            }
            return new Result(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)),
                    m.group(3) == null ? null : m.group(3).equals(QUIET));
        }
    }

    private final LongSupplier nanoClock;
    private final LongSupplier jitMillis;

    /**
     * @param nanoClock the clock, as {@link System#nanoTime()}
     * @param jitMillis the compiler threads' total compile time so far in milliseconds, -1 if unknown
     */
    WarmUp(LongSupplier nanoClock, LongSupplier jitMillis) {
        this.nanoClock = nanoClock;
        this.jitMillis = jitMillis;
    }

    /** Warms up {@code round} in this JVM (its clock and HotSpot's compile time). */
    static Result run(Duration minimum, Round round) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watched = jit != null && jit.isCompilationTimeMonitoringSupported();
        return new WarmUp(System::nanoTime, watched ? jit::getTotalCompilationTime : () -> -1).rounds(minimum, round);
    }

    /** Runs rounds as the class comment says. */
    Result rounds(Duration minimum, Round round) throws Exception {
        long start = nanoClock.getAsLong();
        boolean watch = !minimum.isZero() && jitMillis.getAsLong() >= 0;
        long end = start + minimum.toNanos();
        long cap = end + CAP.toNanos();
        long windowStart = start;
        long windowJit = jitMillis.getAsLong();
        int rounds = 0;
        while (true) {
            round.run();
            rounds++;
            long now = nanoClock.getAsLong();
            if (rounds < 2 || now < end) {
                if (now - windowStart >= WINDOW.toNanos()) {
                    windowStart = now;
                    windowJit = jitMillis.getAsLong();
                }
                continue;
            }
            if (!watch) {
                return new Result(rounds, (now - start) / 1e9, null);
            }
            if (now - windowStart >= WINDOW.toNanos()) {
                long compiled = jitMillis.getAsLong() - windowJit;
                if (compiled <= QUIET_SHARE * (now - windowStart) / 1e6) {
                    return new Result(rounds, (now - start) / 1e9, true);
                }
                windowStart = now;
                windowJit = jitMillis.getAsLong();
            }
            if (now >= cap) {
                return new Result(rounds, (now - start) / 1e9, false);
            }
        }
    }
}
