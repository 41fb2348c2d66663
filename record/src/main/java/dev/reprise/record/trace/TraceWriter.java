package dev.reprise.record.trace;

import dev.reprise.record.trace.internal.BinaryFormat;
import dev.reprise.record.trace.internal.ByteSink;
import dev.reprise.record.trace.internal.EventEncoder;
import dev.reprise.record.trace.internal.HeaderCodec;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes a binary trace as the run goes: magic, version and header at once, then events into a
 * reused buffer that goes to the stream whenever it holds {@code flushBytes} bytes (and on
 * {@link #flush()}), so that a crash leaves a readable prefix. {@link #close()} appends the
 * trailer (event count and CRC32C of every byte before it). Not thread-safe: recorders
 * serialise their threads' events.
 */
public final class TraceWriter implements TraceSink, Closeable {
    /** The default number of buffered bytes that triggers a flush. */
    public static final int DEFAULT_FLUSH_BYTES = 16 * 1024;

    private final OutputStream out;
    private final ByteSink buf;
    private final int flushBytes;
    private final EventEncoder encoder = new EventEncoder();
    private final CRC32C crc = new CRC32C();
    private long written;
    private long events;
    private boolean closed;

    private TraceWriter(OutputStream out, TraceHeader header, int flushBytes) {
        this.out = out;
        this.flushBytes = Math.max(1, flushBytes);
        this.buf = new ByteSink(Math.max(this.flushBytes + 256, 1024));
        if (header.formatVersion() != TraceHeader.CURRENT_VERSION) {
            throw new IllegalArgumentException("this writer writes format version " + TraceHeader.CURRENT_VERSION
                    + ", not " + header.formatVersion());
        }
        ByteSink h = new ByteSink(256);
        HeaderCodec.write(h, header);
        buf.bytes(BinaryFormat.MAGIC, 0, BinaryFormat.MAGIC.length);
        buf.u32(header.formatVersion());
        buf.u32(h.size());
        buf.bytes(h.array(), 0, h.size());
        flush();
    }

    /** A writer onto {@code out} with the default flush threshold; writes the header at once. */
    public static TraceWriter create(OutputStream out, TraceHeader header) {
        return new TraceWriter(out, header, DEFAULT_FLUSH_BYTES);
    }

    /** A writer that hands bytes to {@code out} whenever {@code flushBytes} are buffered (1 = every event). */
    public static TraceWriter create(OutputStream out, TraceHeader header, int flushBytes) {
        return new TraceWriter(out, header, flushBytes);
    }

    /** A writer creating (or replacing) the file {@code path}. */
    public static TraceWriter create(Path path, TraceHeader header) {
        try {
            return new TraceWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), header,
                    DEFAULT_FLUSH_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one event. */
    @Override
    public void write(TraceEvent event) {
        if (closed) {
            throw new IllegalStateException("trace writer is closed");
        }
        encoder.encode(event, buf);
        events++;
        if (buf.size() >= flushBytes) {
            flush();
        }
    }

    /** Encodes the import call straight from its raw slots: no event object, the same bytes as {@link #write}. */
    @Override
    public void importCall(int tid, int funcIndex, String module, String name, ValType[] types, long[] raw) {
        if (closed) {
            throw new IllegalStateException("trace writer is closed");
        }
        encoder.importCall(buf, tid, funcIndex, module, name, types, raw);
        events++;
        if (buf.size() >= flushBytes) {
            flush();
        }
    }

    /** Encodes the import return straight from its raw slots: no event object, the same bytes as {@link #write}. */
    @Override
    public void importReturn(int tid, int funcIndex, ValType[] types, long[] raw) {
        if (closed) {
            throw new IllegalStateException("trace writer is closed");
        }
        encoder.importReturn(buf, tid, funcIndex, types, raw);
        events++;
        if (buf.size() >= flushBytes) {
            flush();
        }
    }

    /** Hands every buffered byte to the stream and flushes it. */
    public void flush() {
        try {
            drain();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() throws IOException {
        crc.update(buf.array(), 0, buf.size());
        buf.writeTo(out);
        written += buf.size();
        buf.reset();
    }

    /** Events written so far. */
    public long eventCount() {
        return events;
    }

    /** Bytes written so far, buffered ones included. */
    public long size() {
        return written + buf.size();
    }

    /**
     * Flushes and closes the stream without the trailer, so that readers see the trace as
     * incomplete (used when converting a trace that was cut short); later calls do nothing.
     */
    public void closeIncomplete() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the trailer and closes the stream; later calls do nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            buf.u8(BinaryFormat.TRAILER_TAG);
            buf.u64(events);
            drain();
            buf.i32le((int) crc.getValue());
            buf.bytes(BinaryFormat.END_MARKER, 0, BinaryFormat.END_MARKER.length);
            buf.writeTo(out);
            written += buf.size();
            buf.reset();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
