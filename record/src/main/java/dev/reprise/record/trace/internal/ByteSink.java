package dev.reprise.record.trace.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with LEB128 and little-endian writers; reused across events. */
public final class ByteSink {
    private byte[] buf;
    private int size;

    /** An empty sink with the given initial capacity. */
    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Bytes written since the last {@link #reset()}. */
    public int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()}. */
    public byte[] array() {
        return buf;
    }

    /** Forgets the content, keeping the capacity. */
    public void reset() {
        size = 0;
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Writes the content to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    private void room(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    /** One byte. */
    public void u8(int b) {
        room(1);
        buf[size++] = (byte) b;
    }

    /** An unsigned LEB128 of the 32 bits of {@code v}. */
    public void u32(int v) {
        room(5);
        byte[] b = buf;
        int at = size;
        while ((v & ~0x7f) != 0) {
            b[at++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        size = at;
    }

    /** An unsigned LEB128 of the 64 bits of {@code v}. */
    public void u64(long v) {
        room(10);
        byte[] b = buf;
        int at = size;
        while ((v & ~0x7fL) != 0) {
            b[at++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        size = at;
    }

    /** A signed LEB128 of {@code v}. */
    public void s64(long v) {
        room(10);
        byte[] b = buf;
        int at = size;
        while (true) {
            int low = (int) (v & 0x7f);
            v >>= 7;
            if ((v == 0 && (low & 0x40) == 0) || (v == -1 && (low & 0x40) != 0)) {
                b[at++] = (byte) low;
                size = at;
                return;
            }
            b[at++] = (byte) (low | 0x80);
        }
    }

    /** Four bytes, little-endian. */
    public void i32le(int v) {
        room(4);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 24);
    }

    /** Eight bytes, little-endian. */
    public void i64le(long v) {
        i32le((int) v);
        i32le((int) (v >>> 32));
    }

    /** Raw bytes. */
    public void bytes(byte[] b, int off, int len) {
        room(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** A length (u32) followed by the UTF-8 bytes of {@code s}. */
    public void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        bytes(b, 0, b.length);
    }
}
