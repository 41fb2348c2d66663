package dev.reprise.record.trace;

import dev.reprise.record.trace.internal.BinaryFormat;
import dev.reprise.record.trace.internal.ByteSource;
import dev.reprise.record.trace.internal.EventDecoder;
import dev.reprise.record.trace.internal.HeaderCodec;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the events of a binary trace without loading it whole. {@link #open} reads and checks
 * magic, version and header; {@link #read()} returns events one by one and {@code null} at the
 * end. A trace that stops without its trailer (a recording cut short) ends normally with
 * {@link #isComplete()} false; a trailer whose event count or CRC32C does not match, bytes after
 * it, or any malformed event throw {@link BadTraceException} naming the byte offset. The
 * checksum is checked when the trailer is reached, after the events were handed out: read the
 * whole trace first ({@link #readAll}) where acting on a corrupt prefix would be wrong.
 */
public final class TraceReader implements Closeable, Iterable<TraceEvent> {
    private final InputStream stream;
    private final ByteSource in;
    private final EventDecoder decoder = new EventDecoder();
    private final TraceHeader header;
    private long events;
    private long lastEventOffset = -1;
    private boolean ended;
    private boolean complete;
    private String endNote = "";

    private TraceReader(InputStream stream, int bufferSize) {
        this.stream = stream;
        this.in = new ByteSource(stream, bufferSize);
        this.header = readHeader();
    }

    /** Opens a trace on {@code in}, reading its header; throws {@link BadTraceException} when it is not one. */
    public static TraceReader open(InputStream in) {
        return new TraceReader(in, 1 << 16);
    }

    /** Opens the trace file {@code path}. */
    public static TraceReader open(Path path) {
        InputStream s;
        try {
            s = Files.newInputStream(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new TraceReader(s, 1 << 16);
        } catch (RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /** Opens a trace held in memory. */
    public static TraceReader open(byte[] bytes) {
        return new TraceReader(new ByteArrayInputStream(bytes), Math.min(bytes.length + 1, 1 << 16));
    }

    /** Reads a whole trace: every event, and whether it was complete. */
    public static Trace readAll(InputStream in) {
        TraceReader r = open(in);
        List<TraceEvent> list = new ArrayList<>();
        for (TraceEvent e = r.read(); e != null; e = r.read()) {
            list.add(e);
        }
        return new Trace(r.header, list, r.complete);
    }

    /** Reads a whole trace file. */
    public static Trace readAll(Path path) {
        try (TraceReader r = open(path)) {
            List<TraceEvent> list = new ArrayList<>();
            for (TraceEvent e = r.read(); e != null; e = r.read()) {
                list.add(e);
            }
            return new Trace(r.header, list, r.complete);
        }
    }

    /** Reads a whole trace held in memory. */
    public static Trace readAll(byte[] bytes) {
        TraceReader r = open(bytes);
        List<TraceEvent> list = new ArrayList<>();
        for (TraceEvent e = r.read(); e != null; e = r.read()) {
            list.add(e);
        }
        return new Trace(r.header, list, r.complete);
    }

    private TraceHeader readHeader() {
        int magicLen = BinaryFormat.MAGIC.length;
        try {
            byte[] magic = in.bytes(magicLen);
            if (!Arrays.equals(magic, BinaryFormat.MAGIC)) {
                String hint = magic[0] == '{' ? " (it looks like JSON Lines: read it with JsonLinesTraceReader)" : "";
                throw BadTraceException.atOffset("not a binary reprise trace: bad magic bytes" + hint, 0);
            }
        } catch (ByteSource.Truncated t) {
            throw BadTraceException.atOffset("not a binary reprise trace: shorter than its magic bytes", 0);
        }
        long at = in.offset();
        try {
            int version = in.u32();
            if (version != TraceHeader.CURRENT_VERSION) {
                throw BadTraceException.atOffset("unsupported trace format version " + Integer.toUnsignedString(version)
                        + " (this build reads version " + TraceHeader.CURRENT_VERSION + ")", at);
            }
            at = in.offset();
            int len = in.u32();
            if (len < 0 || len > BinaryFormat.MAX_HEADER) {
                throw BadTraceException.atOffset("header length " + Integer.toUnsignedString(len) + " over the limit", at);
            }
            long start = in.offset();
            TraceHeader h = HeaderCodec.read(in, version);
            if (in.offset() - start != len) {
                throw BadTraceException.atOffset("header is " + (in.offset() - start) + " bytes, its length says " + len,
                        start);
            }
            return h;
        } catch (ByteSource.Truncated t) {
            throw BadTraceException.atOffset("trace cut inside its header", in.offset());
        }
    }

    /** The trace's header. */
    public TraceHeader header() {
        return header;
    }

    /** The next event, or {@code null} at the end of the trace (see {@link #isComplete()}). */
    public TraceEvent read() {
        if (ended) {
            return null;
        }
        long start = in.offset();
        try {
            if (in.atEnd()) {
                endWithoutTrailer(start, "the trace ends without a trailer after " + events + " events");
                return null;
            }
            int tag = in.u8();
            if (tag == BinaryFormat.TRAILER_TAG) {
                readTrailer(start);
                return null;
            }
            TraceEvent e = decoder.decode(tag, start, in);
            events++;
            lastEventOffset = start;
            return e;
        } catch (ByteSource.Truncated t) {
            in.drain();
            endWithoutTrailer(start, "the trace is cut inside the event at offset 0x" + Long.toHexString(start)
                    + ", after " + events + " events");
            return null;
        } catch (IllegalArgumentException e) {
            throw BadTraceException.atOffset("malformed event: " + e.getMessage(), start);
        }
    }

    private void endWithoutTrailer(long start, String note) {
        byte[] tail = in.tail();
        byte[] end = BinaryFormat.END_MARKER;
        if (tail.length >= end.length
                && Arrays.equals(tail, tail.length - end.length, tail.length, end, 0, end.length)) {
            throw BadTraceException.atOffset("corrupt trace: it ends with a trailer marker, but its data runs out"
                    + " inside the event here", start);
        }
        ended = true;
        complete = false;
        endNote = note;
    }

    private void readTrailer(long start) {
        long count = in.u64();
        int expected = in.crcSoFar();
        long crcAt = in.offset();
        int stored = in.i32le();
        long markerAt = in.offset();
        byte[] marker = in.bytes(BinaryFormat.END_MARKER.length);
        if (count != events) {
            throw BadTraceException.atOffset("corrupt trace: trailer counts " + Long.toUnsignedString(count)
                    + " events, " + events + " were read", start);
        }
        if (stored != expected) {
            throw BadTraceException.atOffset(String.format("corrupt trace: checksum mismatch (CRC32C stored %08x,"
                    + " computed %08x)", stored, expected), crcAt);
        }
        if (!Arrays.equals(marker, BinaryFormat.END_MARKER)) {
            throw BadTraceException.atOffset("corrupt trace: bad end marker", markerAt);
        }
        if (!in.atEnd()) {
            throw BadTraceException.atOffset("unexpected bytes after the trailer", in.offset());
        }
        ended = true;
        complete = true;
        endNote = "complete: " + events + " events";
    }

    /** Whether the end was reached through a valid trailer; false before the end. */
    public boolean isComplete() {
        return complete;
    }

    /** Whether {@link #read()} has reached the end. */
    public boolean isEnded() {
        return ended;
    }

    /** After the end: why the trace ended (complete, or where it was cut). */
    public String endNote() {
        return endNote;
    }

    /** Events read so far. */
    public long eventCount() {
        return events;
    }

    /** Byte offset of the next thing to read. */
    public long offset() {
        return in.offset();
    }

    /** Byte offset where the event returned last started, or -1. */
    public long lastEventOffset() {
        return lastEventOffset;
    }

    /** Reads the rest of the trace into {@code v}: header, events, end. */
    public void accept(TraceVisitor v) {
        v.visitHeader(header);
        for (TraceEvent e = read(); e != null; e = read()) {
            v.visitEvent(e);
        }
        v.visitEnd(complete, events);
    }

    /** The remaining events, read lazily; the iterator ends where {@link #read()} returns null. */
    @Override
    public Iterator<TraceEvent> iterator() {
        return new Iterator<>() {
            private TraceEvent next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = read();
                }
                return next != null;
            }

            @Override
            public TraceEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TraceEvent e = next;
                next = null;
                return e;
            }
        };
    }

    /** Closes the underlying stream. */
    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(InputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the open failure is the error worth reporting
        }
    }
}
