package dev.reprise.wasm.internal;

import dev.reprise.wasm.MalformedModuleException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * A cursor over a slice of a {@code byte[]} that decodes the binary format's primitive encodings
 * (LEB128 integers, little-endian floats, names). Reads never go past {@link #limit()}; every
 * failure is a {@link MalformedModuleException} with the absolute offset. Allocates nothing
 * except for names.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private int limit;

    public ByteReader(byte[] buf, int pos, int limit) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
    }

    public byte[] buffer() {
        return buf;
    }

    public int position() {
        return pos;
    }

    public void position(int newPos) {
        this.pos = newPos;
    }

    public int limit() {
        return limit;
    }

    public void limit(int newLimit) {
        this.limit = newLimit;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    public MalformedModuleException error(String reason) {
        return new MalformedModuleException(reason, pos);
    }

    public MalformedModuleException error(String reason, int at) {
        return new MalformedModuleException(reason, at);
    }

    private MalformedModuleException eof() {
        return new MalformedModuleException(limit < buf.length ? "unexpected end of section or function" : "unexpected end", pos);
    }

    public int u8() {
        if (pos >= limit) {
            throw eof();
        }
        return buf[pos++] & 0xFF;
    }

    public int peekU8() {
        if (pos >= limit) {
            throw eof();
        }
        return buf[pos] & 0xFF;
    }

    public void skip(int n) {
        if (n < 0 || n > limit - pos) {
            throw eof();
        }
        pos += n;
    }

    /** An unsigned 32-bit LEB128 as a non-negative long. */
    public long u32Long() {
        int b = u8();
        if (b < 0x80) {
            return b;
        }
        long result = b & 0x7F;
        int shift = 7;
        while (true) {
            int start = pos;
            b = u8();
            if (shift == 28) {
                if ((b & 0x80) != 0) {
                    throw error("integer representation too long", start);
                }
                if ((b & 0x70) != 0) {
                    throw error("integer too large", start);
                }
                return result | ((long) b << 28);
            }
            result |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return result;
            }
            shift += 7;
        }
    }

    /**
     * An unsigned 32-bit LEB128 index, bits kept: values above 2^31 come back negative (print them
     * with {@link Integer#toUnsignedString}); they are invalid, not malformed.
     */
    public int u32() {
        return (int) u32Long();
    }

    /** A u32 byte length that must fit in what is left; {@code reason} names the error otherwise. */
    public int size(String reason) {
        int at = pos;
        long v = u32Long();
        if (v > remaining()) {
            throw error(reason, at);
        }
        return (int) v;
    }

    /** A u32 count of vector elements, each at least {@code minElementBytes} long, checked against the bytes left. */
    public int count(int minElementBytes) {
        int at = pos;
        long v = u32Long();
        if (v * minElementBytes > remaining()) {
            throw error(limit < buf.length ? "unexpected end of section or function" : "unexpected end", at);
        }
        return (int) v;
    }

    /** An unsigned 64-bit LEB128 (bits kept; may be negative as a Java long). */
    public long u64() {
        long result = 0;
        int shift = 0;
        while (true) {
            int start = pos;
            int b = u8();
            if (shift == 63) {
                if ((b & 0x80) != 0) {
                    throw error("integer representation too long", start);
                }
                if ((b & 0x7E) != 0) {
                    throw error("integer too large", start);
                }
                return result | ((long) b << 63);
            }
            result |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return result;
            }
            shift += 7;
        }
    }

    /** A signed 32-bit LEB128. */
    public int s32() {
        int b = u8();
        if (b < 0x40) {
            return b;
        }
        if (b < 0x80) {
            return b - 0x80;
        }
        int result = b & 0x7F;
        int shift = 7;
        while (true) {
            int start = pos;
            b = u8();
            if (shift == 28) {
                if ((b & 0x80) != 0) {
                    throw error("integer representation too long", start);
                }
                int high = b & 0x78; // bits above the 4 that fit must be a sign extension
                if (high != 0 && high != 0x78) {
                    throw error("integer too large", start);
                }
                return result | (b << 28);
            }
            result |= (b & 0x7F) << shift;
            shift += 7;
            if (b < 0x80) {
                return (b & 0x40) != 0 ? result | (-1 << shift) : result;
            }
        }
    }

    /** A signed 33-bit LEB128 (block types, heap types). */
    public long s33() {
        return sN(33);
    }

    /** A signed 64-bit LEB128. */
    public long s64() {
        return sN(64);
    }

    private long sN(int bits) {
        long result = 0;
        int shift = 0;
        int maxBytes = (bits + 6) / 7;
        for (int i = 0; ; i++) {
            int start = pos;
            int b = u8();
            if (i == maxBytes - 1) {
                if ((b & 0x80) != 0) {
                    throw error("integer representation too long", start);
                }
                int used = bits - shift; // bits of payload that fit in this byte
                int signAndUnused = b & ~((1 << (used - 1)) - 1) & 0x7F;
                int allOnes = 0x7F & ~((1 << (used - 1)) - 1);
                if (signAndUnused != 0 && signAndUnused != allOnes) {
                    throw error("integer too large", start);
                }
                result |= (long) (b & 0x7F) << shift;
                shift += 7;
                return shift < 64 && (b & 0x40) != 0 ? result | (-1L << shift) : result;
            }
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
            if (b < 0x80) {
                return shift < 64 && (b & 0x40) != 0 ? result | (-1L << shift) : result;
            }
        }
    }

    public int f32Bits() {
        if (limit - pos < 4) {
            pos = limit;
            throw eof();
        }
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public long f64Bits() {
        if (limit - pos < 8) {
            pos = limit;
            throw eof();
        }
        long lo = f32Bits() & 0xFFFFFFFFL;
        long hi = f32Bits() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** A length-prefixed UTF-8 name, validated. */
    public String name() {
        int len = size(limit < buf.length ? "unexpected end of section or function" : "length out of bounds");
        int start = pos;
        pos += len;
        boolean ascii = true;
        for (int i = start; i < start + len; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buf, start, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, start, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("malformed UTF-8 encoding", start);
        }
    }
}
