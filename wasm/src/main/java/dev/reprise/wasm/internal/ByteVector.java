package dev.reprise.wasm.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the binary format's encodings (like ASM's ByteVector). */
public final class ByteVector {
    private byte[] data;
    private int length;

    public ByteVector() {
        this(64);
    }

    public ByteVector(int initialCapacity) {
        data = new byte[Math.max(16, initialCapacity)];
    }

    public int length() {
        return length;
    }

    public byte[] data() {
        return data;
    }

    public void reset() {
        length = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(data, length);
    }

    /** The bytes written; the internal array itself when it is exactly full (no copy). */
    public byte[] toByteArrayShared() {
        return length == data.length ? data : Arrays.copyOf(data, length);
    }

    private void ensure(int extra) {
        if (length + extra > data.length) {
            long wanted = Math.max((long) data.length * 2, (long) length + extra);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("module too large to encode: " + wanted + " bytes");
            }
            data = Arrays.copyOf(data, (int) wanted);
        }
    }

    public ByteVector putByte(int b) {
        if (length == data.length) {
            ensure(1);
        }
        data[length++] = (byte) b;
        return this;
    }

    public ByteVector putBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, data, length, len);
        length += len;
        return this;
    }

    public ByteVector putBytes(ByteVector other) {
        return putBytes(other.data, 0, other.length);
    }

    /** Unsigned LEB128 of a value treated as unsigned 64-bit. */
    public ByteVector putU64(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            data[length++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        data[length++] = (byte) v;
        return this;
    }

    /** Unsigned LEB128 of a u32 (the int is taken as unsigned). */
    public ByteVector putU32(int v) {
        if ((v & ~0x7F) == 0) {
            if (length == data.length) {
                ensure(1);
            }
            data[length++] = (byte) v;
            return this;
        }
        return putU64(v & 0xFFFFFFFFL);
    }

    /** Signed LEB128 (s32, s33 or s64). */
    public ByteVector putS64(long v) {
        ensure(10);
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
                data[length++] = (byte) b;
                return this;
            }
            data[length++] = (byte) (b | 0x80);
        }
    }

    public ByteVector putI32LE(int v) {
        ensure(4);
        data[length++] = (byte) v;
        data[length++] = (byte) (v >>> 8);
        data[length++] = (byte) (v >>> 16);
        data[length++] = (byte) (v >>> 24);
        return this;
    }

    public ByteVector putI64LE(long v) {
        putI32LE((int) v);
        return putI32LE((int) (v >>> 32));
    }

    public ByteVector putName(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putU32(b.length);
        return putBytes(b, 0, b.length);
    }

    /** Number of bytes {@link #putU32} uses for {@code v}. */
    public static int u32Size(int v) {
        long u = v & 0xFFFFFFFFL;
        int n = 1;
        while (u >= 0x80) {
            u >>>= 7;
            n++;
        }
        return n;
    }
}
