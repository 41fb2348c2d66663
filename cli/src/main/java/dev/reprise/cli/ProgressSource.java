package dev.reprise.cli;

import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceSource;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A trace source that reports, on stderr, how far a long pass over it has come: nothing for the
 * first two seconds (most traces are read by then), then a line every two seconds.
 *
 * <pre>
 * reprise reduce: 41,943,040 events read (9.8 million/s)
 * </pre>
 */
final class ProgressSource implements TraceSource {
    private static final long INTERVAL_NANOS = 2_000_000_000L;
    private static final int CHECK_EVERY = 1 << 16;

    private final TraceSource source;
    private final String command;
    private final PrintStream out;
    private final long intervalNanos;
    private final int checkEvery;

    ProgressSource(TraceSource source, String command, PrintStream out, long intervalNanos, int checkEvery) {
        this.source = source;
        this.command = command;
        this.out = out;
        this.intervalNanos = intervalNanos;
        this.checkEvery = checkEvery;
    }

    /** {@code source}, reporting on stderr as {@code reprise COMMAND}. */
    static TraceSource of(TraceSource source, String command) {
        return new ProgressSource(source, command, System.err, INTERVAL_NANOS, CHECK_EVERY);
    }

    @Override
    public TraceHeader header() {
        return source.header();
    }

    @Override
    public Events open() {
        Events events = source.open();
        long start = System.nanoTime();
        return new Events() {
            private long nextReport = start + intervalNanos;

            @Override
            public TraceEvent next() {
                TraceEvent e = events.next();
                long n = events.count();
                if (e != null && n % checkEvery == 0) {
                    long now = System.nanoTime();
                    if (now >= nextReport) {
                        double perSecond = n / Math.max(1e-9, (now - start) / 1e9);
                        out.printf(Locale.ROOT, "reprise %s: %,d events read (%.1f million/s)%n", command, n, perSecond / 1e6);
                        nextReport = now + intervalNanos;
                    }
                }
                return e;
            }

            @Override
            public boolean complete() {
                return events.complete();
            }

            @Override
            public long count() {
                return events.count();
            }

            @Override
            public void close() {
                events.close();
            }
        };
    }
}
