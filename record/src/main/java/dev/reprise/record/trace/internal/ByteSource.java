package dev.reprise.record.trace.internal;

import dev.reprise.record.trace.BadTraceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A buffered reader of LEB128 and little-endian values that knows its absolute offset, keeps a
 * CRC32C of every byte consumed and remembers the last bytes of the stream. Running out of data
 * throws {@link Truncated}; malformed encodings throw {@link BadTraceException}.
 */
public final class ByteSource {
    /** Thrown when the data ends before a value does; carries no stack trace. */
    public static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super("unexpected end of data", null, false, false);
        }
    }

    private static final Truncated TRUNCATED = new Truncated();

    /** How many trailing bytes of the stream {@link #tail()} keeps. */
    public static final int TAIL = 8;

    private final InputStream in;
    private final CRC32C crc = new CRC32C();
    private final byte[] tail = new byte[TAIL];
    private int tailLen;
    private byte[] buf;
    private int pos;
    private int limit;
    private int crcMark;
    private long base;
    private boolean eof;

    /** A source over {@code in}. */
    public ByteSource(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(64, bufferSize)];
    }

    /** The absolute offset of the next byte. */
    public long offset() {
        return base + pos;
    }

    private void ensure(int n) {
        if (limit - pos >= n) {
            return;
        }
        fill(n);
        if (limit - pos < n) {
            throw TRUNCATED;
        }
    }

    private void fill(int n) {
        crc.update(buf, crcMark, pos - crcMark);
        int keep = limit - pos;
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, buf.length * 2)];
            System.arraycopy(buf, pos, bigger, 0, keep);
            buf = bigger;
        } else {
            System.arraycopy(buf, pos, buf, 0, keep);
        }
        base += pos;
        pos = 0;
        crcMark = 0;
        limit = keep;
        while (limit < n && !eof) {
            int k;
            try {
                k = in.read(buf, limit, buf.length - limit);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (k < 0) {
                eof = true;
            } else {
                remember(limit, k);
                limit += k;
            }
        }
    }

    private void remember(int off, int k) {
        if (k >= TAIL) {
            System.arraycopy(buf, off + k - TAIL, tail, 0, TAIL);
            tailLen = TAIL;
            return;
        }
        int drop = Math.max(0, tailLen + k - TAIL);
        System.arraycopy(tail, drop, tail, 0, tailLen - drop);
        tailLen -= drop;
        System.arraycopy(buf, off, tail, tailLen, k);
        tailLen += k;
    }

    /** Whether no byte is left. */
    public boolean atEnd() {
        if (pos < limit) {
            return false;
        }
        fill(1);
        return pos >= limit;
    }

    /** The last bytes of the stream read so far (all of them once the end was reached). */
    public byte[] tail() {
        return java.util.Arrays.copyOf(tail, tailLen);
    }

    /** Reads to the end of the stream, so that {@link #tail()} shows its last bytes. */
    public void drain() {
        while (!eof) {
            pos = limit;
            fill(buf.length);
        }
        pos = limit;
    }

    /** The CRC32C of every byte from the start up to (not including) the next one. */
    public int crcSoFar() {
        crc.update(buf, crcMark, pos - crcMark);
        crcMark = pos;
        return (int) crc.getValue();
    }

    /** One unsigned byte. */
    public int u8() {
        ensure(1);
        return buf[pos++] & 0xff;
    }

    /** An unsigned LEB128 of at most 32 bits. */
    public int u32() {
        long start = offset();
        long v = u64();
        if ((v >>> 32) != 0) {
            throw BadTraceException.atOffset("u32 out of range: " + Long.toUnsignedString(v), start);
        }
        return (int) v;
    }

    /** An unsigned LEB128 of at most 64 bits. */
    public long u64() {
        long start = offset();
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            ensure(1);
            int b = buf[pos++];
            if (shift == 63 && (b & 0x7e) != 0) {
                throw BadTraceException.atOffset("LEB128 value too large", start);
            }
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw BadTraceException.atOffset("LEB128 value too long", start);
    }

    /** A signed LEB128 of at most 64 bits. */
    public long s64() {
        long start = offset();
        long v = 0;
        int shift = 0;
        while (true) {
            ensure(1);
            int b = buf[pos++];
            if (shift == 63) {
                // The last byte holds only the sign: 0x00 or 0x7f.
                if (b != 0 && b != 0x7f) {
                    throw BadTraceException.atOffset("signed LEB128 value too large", start);
                }
                return v | (long) (b & 1) << 63;
            }
            v |= (long) (b & 0x7f) << shift;
            shift += 7;
            if (b >= 0) {
                if (shift < 64 && (b & 0x40) != 0) {
                    v |= -1L << shift;
                }
                return v;
            }
        }
    }

    /** Four bytes, little-endian. */
    public int i32le() {
        ensure(4);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16
                | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    /** Eight bytes, little-endian. */
    public long i64le() {
        long lo = i32le() & 0xffff_ffffL;
        return lo | (long) i32le() << 32;
    }

    /** {@code n} raw bytes into a new array. */
    public byte[] bytes(int n) {
        ensure(n);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    /** A length-prefixed UTF-8 string of at most {@code max} bytes. */
    public String string(int max) {
        long start = offset();
        int n = u32();
        if (n < 0 || n > max) {
            throw BadTraceException.atOffset("string length " + Integer.toUnsignedString(n) + " over the limit of "
                    + max, start);
        }
        ensure(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }
}
