package dev.reprise.record.trace;

import dev.reprise.record.trace.internal.ByteSink;
import dev.reprise.record.trace.internal.EventEncoder;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Events and binary-encoded bytes per event kind. Built from a binary trace as read (the bytes are
 * the file's) or from events (the bytes are what the binary writer would produce for them, in
 * that order, string table included).
 */
public final class TraceStats {
    private final long[] events = new long[EventKind.values().length];
    private final long[] bytes = new long[EventKind.values().length];
    private long fileBytes;
    private boolean complete = true;

    private TraceStats() {
    }

    /** Reads the rest of a binary trace and counts it. */
    public static TraceStats of(TraceReader reader) {
        TraceStats s = new TraceStats();
        long at = reader.offset();
        for (TraceEvent e = reader.read(); e != null; e = reader.read()) {
            long next = reader.offset();
            s.add(e.kind(), next - at);
            at = next;
        }
        s.fileBytes = reader.offset();
        s.complete = reader.isComplete();
        return s;
    }

    /** Counts events by encoding them as the binary writer would. */
    public static TraceStats of(Iterable<? extends TraceEvent> events) {
        TraceStats s = new TraceStats();
        EventEncoder enc = new EventEncoder();
        ByteSink sink = new ByteSink(256);
        for (TraceEvent e : events) {
            sink.reset();
            enc.encode(e, sink);
            s.add(e.kind(), sink.size());
        }
        return s;
    }

    private void add(EventKind k, long n) {
        events[k.ordinal()]++;
        bytes[k.ordinal()] += n;
    }

    /** Events per kind (kinds with none left out). */
    public Map<EventKind, Long> eventsPerKind() {
        return perKind(events);
    }

    /** Encoded bytes per kind (kinds with no events left out). */
    public Map<EventKind, Long> bytesPerKind() {
        return perKind(bytes);
    }

    private Map<EventKind, Long> perKind(long[] a) {
        Map<EventKind, Long> m = new EnumMap<>(EventKind.class);
        for (EventKind k : EventKind.values()) {
            if (events[k.ordinal()] > 0) {
                m.put(k, a[k.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** All events. */
    public long totalEvents() {
        long n = 0;
        for (long v : events) {
            n += v;
        }
        return n;
    }

    /** Bytes of all events (without header and trailer). */
    public long eventBytes() {
        long n = 0;
        for (long v : bytes) {
            n += v;
        }
        return n;
    }

    /** Bytes of the whole file read, or 0 when counted from events. */
    public long fileBytes() {
        return fileBytes;
    }

    /** Whether the trace read ended with its trailer (true when counted from events). */
    public boolean complete() {
        return complete;
    }

    /** A small table: kind, events, bytes, bytes per event. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("%-20s %12s %14s %10s%n", "kind", "events", "bytes",
                "bytes/ev"));
        for (EventKind k : EventKind.values()) {
            long n = events[k.ordinal()];
            if (n > 0) {
                sb.append(String.format("%-20s %12d %14d %10.2f%n", k.jsonName(), n, bytes[k.ordinal()],
                        (double) bytes[k.ordinal()] / n));
            }
        }
        long n = totalEvents();
        sb.append(String.format("%-20s %12d %14d %10.2f%n", "total", n, eventBytes(),
                n == 0 ? 0.0 : (double) eventBytes() / n));
        if (fileBytes > 0) {
            sb.append(String.format("file: %d bytes%s%n", fileBytes, complete ? "" : " (incomplete: no trailer)"));
        }
        return sb.toString();
    }
}
