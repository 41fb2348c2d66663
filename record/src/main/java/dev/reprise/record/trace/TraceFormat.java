package dev.reprise.record.trace;

import dev.reprise.record.trace.internal.BinaryFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The two encodings of a trace, and detection of which one a file uses. */
public enum TraceFormat {
    /** The compact streaming binary form (the default). */
    BINARY,
    /** JSON Lines, for reading and diffing. */
    JSON_LINES;

    /** The format of a trace starting with {@code prefix}, or {@code null} when it is neither. */
    public static TraceFormat detect(byte[] prefix) {
        int n = BinaryFormat.MAGIC.length;
        if (prefix.length >= n && Arrays.equals(prefix, 0, n, BinaryFormat.MAGIC, 0, n)) {
            return BINARY;
        }
        for (byte b : prefix) {
            if (b == '{') {
                return JSON_LINES;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xef && b != (byte) 0xbb
                    && b != (byte) 0xbf) {
                return null;
            }
        }
        return null;
    }

    /** The format of the trace file {@code path}; {@link BadTraceException} when it is neither. */
    public static TraceFormat detect(Path path) {
        byte[] head = new byte[BinaryFormat.MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TraceFormat f = detect(Arrays.copyOf(head, n));
        if (f == null) {
            throw BadTraceException.atOffset("not a reprise trace (neither binary nor JSON Lines): " + path, 0);
        }
        return f;
    }

    /** Reads a whole trace file of either format. */
    public static Trace readAll(Path path) {
        return detect(path) == BINARY ? TraceReader.readAll(path) : readJsonLines(path);
    }

    private static Trace readJsonLines(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return JsonLinesTraceReader.readAll(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
