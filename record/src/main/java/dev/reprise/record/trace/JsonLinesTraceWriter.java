package dev.reprise.record.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.reprise.record.trace.internal.JsonEventCodec;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trace as JSON Lines (UTF-8): the header on the first line, one event per line, and on
 * {@link #close()} an end line {@code {"end":"complete","events":N}}. Values are bit-exact (see
 * the format notes in the README); the form is meant for reading and diffing, the binary one for
 * recording.
 */
public final class JsonLinesTraceWriter implements TraceSink, Closeable {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonGenerator g;
    private long events;
    private boolean closed;

    private JsonLinesTraceWriter(OutputStream out, TraceHeader header) {
        try {
            g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
            g.setRootValueSeparator(null);
            JsonEventCodec.writeHeader(g, header);
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One event as its JSON Lines line (without the newline), e.g. for messages. */
    public static String line(TraceEvent event) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (JsonGenerator gen = FACTORY.createGenerator(w)) {
            JsonEventCodec.writeEvent(gen, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A writer onto {@code out}; writes the header line at once. */
    public static JsonLinesTraceWriter create(OutputStream out, TraceHeader header) {
        return new JsonLinesTraceWriter(out, header);
    }

    /** A writer creating (or replacing) the file {@code path}. */
    public static JsonLinesTraceWriter create(Path path, TraceHeader header) {
        try {
            return new JsonLinesTraceWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one event line. */
    @Override
    public void write(TraceEvent event) {
        if (closed) {
            throw new IllegalStateException("trace writer is closed");
        }
        try {
            JsonEventCodec.writeEvent(g, event);
            g.writeRaw('\n');
            events++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands buffered lines to the stream. */
    public void flush() {
        try {
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events written so far. */
    public long eventCount() {
        return events;
    }

    /**
     * Closes the stream without the end line, so that readers see the trace as incomplete (used
     * when converting a trace that was cut short); later calls do nothing.
     */
    public void closeIncomplete() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the end line and closes the stream; later calls do nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            g.writeStartObject();
            g.writeStringField("end", "complete");
            g.writeNumberField("events", events);
            g.writeEndObject();
            g.writeRaw('\n');
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
