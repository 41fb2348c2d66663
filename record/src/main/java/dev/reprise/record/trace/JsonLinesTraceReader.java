package dev.reprise.record.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.record.trace.internal.JsonEventCodec;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a JSON Lines trace written by {@link JsonLinesTraceWriter}, line by line. A trace
 * without its end line (cut short; a last line cut in the middle included) ends with
 * {@link #isComplete()} false; anything malformed throws {@link BadTraceException} naming the line.
 */
public final class JsonLinesTraceReader implements Closeable {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Reader in;
    private final StringBuilder line = new StringBuilder(256);
    private final char[] chars = new char[8192];
    private int pos;
    private int limit;
    private boolean midLine;
    private final TraceHeader header;
    private long lineNo;
    private boolean lastLineTerminated;
    private long events;
    private boolean ended;
    private boolean complete;

    private JsonLinesTraceReader(Reader in) {
        this.in = in;
        JsonNode first = nextLine();
        if (first == null) {
            throw BadTraceException.atLine(lineNo == 0 ? "empty trace: no header line"
                    : "the header line is cut short or not JSON (not a JSON Lines trace?)", Math.max(1, lineNo), null);
        }
        try {
            header = JsonEventCodec.readHeader(first);
        } catch (IllegalArgumentException e) {
            throw BadTraceException.atLine(e.getMessage(), lineNo, e);
        }
    }

    /** Opens a JSON Lines trace on {@code in} (UTF-8), reading its header line. */
    public static JsonLinesTraceReader open(InputStream in) {
        return new JsonLinesTraceReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Opens the JSON Lines trace file {@code path}. */
    public static JsonLinesTraceReader open(Path path) {
        try {
            return open(Files.newInputStream(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a whole JSON Lines trace. */
    public static Trace readAll(InputStream in) {
        JsonLinesTraceReader r = open(in);
        List<TraceEvent> list = new ArrayList<>();
        for (TraceEvent e = r.read(); e != null; e = r.read()) {
            list.add(e);
        }
        return new Trace(r.header, list, r.complete);
    }

    /** Reads a whole JSON Lines trace held in memory. */
    public static Trace readAll(byte[] bytes) {
        return readAll(new ByteArrayInputStream(bytes));
    }

    /** The trace's header. */
    public TraceHeader header() {
        return header;
    }

    /** The next event, or {@code null} at the end (see {@link #isComplete()}). */
    public TraceEvent read() {
        if (ended) {
            return null;
        }
        JsonNode o = nextLine();
        if (o == null) {
            ended = true;
            return null;
        }
        try {
            if (o.has("end")) {
                if (!"complete".equals(o.get("end").asText()) || !o.path("events").canConvertToLong()
                        || o.path("events").longValue() != events) {
                    throw new IllegalArgumentException("end line says " + o + " but " + events + " events were read");
                }
                if (nextLine() != null) {
                    throw BadTraceException.atLine("lines after the end line", lineNo, null);
                }
                ended = true;
                complete = true;
                return null;
            }
            TraceEvent e = JsonEventCodec.readEvent(o);
            events++;
            return e;
        } catch (IllegalArgumentException e) {
            throw BadTraceException.atLine(e.getMessage(), lineNo, e);
        }
    }

    /** Whether the end line was read; false before the end and for traces cut short. */
    public boolean isComplete() {
        return complete;
    }

    /** Events read so far. */
    public long eventCount() {
        return events;
    }

    /** The 1-based number of the line read last. */
    public long lineNumber() {
        return lineNo;
    }

    /** Reads the rest of the trace into {@code v}. */
    public void accept(TraceVisitor v) {
        v.visitHeader(header);
        for (TraceEvent e = read(); e != null; e = read()) {
            v.visitEvent(e);
        }
        v.visitEnd(complete, events);
    }

    /** The next non-blank line parsed, or null at the end or at an unterminated, unparsable last line. */
    private JsonNode nextLine() {
        while (true) {
            if (!readLine()) {
                return null;
            }
            if (line.toString().isBlank()) {
                continue;
            }
            try {
                JsonNode n = MAPPER.readTree(line.toString());
                if (n == null || !n.isObject()) {
                    throw BadTraceException.atLine("expected a JSON object", lineNo, null);
                }
                return n;
            } catch (JsonProcessingException e) {
                if (!lastLineTerminated) {
                    return null; // the recording stopped in the middle of this line
                }
                throw BadTraceException.atLine("malformed JSON: " + e.getOriginalMessage(), lineNo, e);
            }
        }
    }

    private boolean readLine() {
        line.setLength(0);
        try {
            while (true) {
                if (pos == limit) {
                    limit = in.read(chars, 0, chars.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (line.length() == 0 && !midLine) {
                            return false;
                        }
                        midLine = false;
                        lineNo++;
                        lastLineTerminated = false;
                        return true;
                    }
                }
                int start = pos;
                while (pos < limit && chars[pos] != '\n') {
                    pos++;
                }
                line.append(chars, start, pos - start);
                if (pos < limit) {
                    pos++;
                    midLine = false;
                    lineNo++;
                    lastLineTerminated = true;
                    return true;
                }
                midLine = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the underlying reader. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
