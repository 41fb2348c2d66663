package dev.reprise.record.trace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trace that can be read from its start as often as needed, one event at a time, without
 * holding its events: a trace file (binary or JSON Lines), an encoded trace in memory, or a
 * {@link Trace} (whose events are already in memory). What consumes a large trace (the reducer,
 * the verifier) takes a source, so that its memory does not grow with the number of events.
 *
 * <pre>
 * TraceSource source = TraceSource.of(Path.of("run.trace"));
 * try (TraceSource.Events events = source.open()) {
 *     for (TraceEvent e = events.next(); e != null; e = events.next()) { ... }
 *     boolean complete = events.complete();
 * }
 * </pre>
 */
public interface TraceSource {
    /** The trace's header. */
    TraceHeader header();

    /**
     * Opens a pass over the events from the first. A malformed event throws
     * {@link BadTraceException} (naming its byte offset or line) when the pass reaches it.
     */
    Events open();

    /** One pass over a trace's events. */
    interface Events extends Closeable {
        /** The next event, or {@code null} at the end. */
        TraceEvent next();

        /** After the end: whether the trace ended with its trailer (or end line), not cut short. */
        boolean complete();

        /** Events returned so far. */
        long count();

        /** Releases the file; never throws. */
        @Override
        void close();
    }

    /** The events of a trace in memory. */
    static TraceSource of(Trace trace) {
        return new TraceSource() {
            @Override
            public TraceHeader header() {
                return trace.header();
            }

            @Override
            public Events open() {
                return new Events() {
                    private final List<TraceEvent> list = trace.events();
                    private int next;

                    @Override
                    public TraceEvent next() {
                        return next < list.size() ? list.get(next++) : null;
                    }

                    @Override
                    public boolean complete() {
                        return trace.complete();
                    }

                    @Override
                    public long count() {
                        return next;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }

    /**
     * A trace file, binary or JSON Lines (told apart by its first bytes); its header is read now
     * ({@link BadTraceException} when the file is not a trace), its events at each {@link #open()}.
     */
    static TraceSource of(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TraceFormat format = TraceFormat.detect(head);
        if (format == null) {
            throw BadTraceException.atOffset("not a reprise trace (neither binary nor JSON Lines)", 0);
        }
        if (format == TraceFormat.BINARY) {
            TraceHeader header;
            try (TraceReader r = TraceReader.open(file)) {
                header = r.header();
            }
            return binary(header, () -> TraceReader.open(file));
        }
        TraceHeader header;
        try (JsonLinesTraceReader r = JsonLinesTraceReader.open(file)) {
            header = r.header();
        }
        return new TraceSource() {
            @Override
            public TraceHeader header() {
                return header;
            }

            @Override
            public Events open() {
                JsonLinesTraceReader r = JsonLinesTraceReader.open(file);
                return events(r::read, r::isComplete, r::eventCount, () -> {
                    try {
                        r.close();
                    } catch (RuntimeException ignored) {
                        // closing a file that was only read
                    }
                });
            }
        };
    }

    /** A binary trace held in memory (not copied: do not change the array). */
    static TraceSource ofBinary(byte[] bytes) {
        return binary(TraceReader.open(bytes).header(), () -> TraceReader.open(bytes));
    }

    private static TraceSource binary(TraceHeader header, java.util.function.Supplier<TraceReader> opener) {
        return new TraceSource() {
            @Override
            public TraceHeader header() {
                return header;
            }

            @Override
            public Events open() {
                TraceReader r = opener.get();
                if (!r.header().equals(header)) {
                    r.close();
                    throw BadTraceException.of("the trace file changed while it was being read (another header)");
                }
                return events(r::read, r::isComplete, r::eventCount, () -> {
                    try {
                        r.close();
                    } catch (UncheckedIOException ignored) {
                        // closing a file that was only read
                    }
                });
            }
        };
    }

    /** The events of one reader, whichever class reads them (the binary and JSON Lines readers share no interface). */
    private static Events events(java.util.function.Supplier<TraceEvent> next, java.util.function.BooleanSupplier complete,
            java.util.function.LongSupplier count, Runnable close) {
        return new Events() {
            @Override
            public TraceEvent next() {
                return next.get();
            }

            @Override
            public boolean complete() {
                return complete.getAsBoolean();
            }

            @Override
            public long count() {
                return count.getAsLong();
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
