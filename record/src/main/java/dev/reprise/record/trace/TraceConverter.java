package dev.reprise.record.trace;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Converts traces between the binary and JSON Lines forms, streaming. A trace cut short stays
 * incomplete in the other form (no trailer, no end line); the result says how many events went
 * across and whether the input was complete.
 */
public final class TraceConverter {
    /** What a conversion carried over. */
    public record Result(long events, boolean complete) {
    }

    private TraceConverter() {
    }

    /** Binary on {@code in} to JSON Lines on {@code out}; closes {@code out}. */
    public static Result binaryToJsonLines(InputStream in, OutputStream out) {
        TraceReader r = TraceReader.open(in);
        JsonLinesTraceWriter w = JsonLinesTraceWriter.create(out, r.header());
        for (TraceEvent e = r.read(); e != null; e = r.read()) {
            w.write(e);
        }
        if (r.isComplete()) {
            w.close();
        } else {
            w.closeIncomplete();
        }
        return new Result(r.eventCount(), r.isComplete());
    }

    /** JSON Lines on {@code in} to binary on {@code out}; closes {@code out}. */
    public static Result jsonLinesToBinary(InputStream in, OutputStream out) {
        JsonLinesTraceReader r = JsonLinesTraceReader.open(in);
        TraceWriter w = TraceWriter.create(out, r.header());
        for (TraceEvent e = r.read(); e != null; e = r.read()) {
            w.write(e);
        }
        if (r.isComplete()) {
            w.close();
        } else {
            w.closeIncomplete();
        }
        return new Result(r.eventCount(), r.isComplete());
    }
}
