package dev.reprise.wasm;

import java.util.Arrays;

/**
 * A data segment. Its bytes are a slice of a larger array (the module being read) and are not
 * copied unless asked for with {@link #bytes()}.
 *
 * @param mode   active or passive
 * @param memory the memory of an active segment (0 otherwise)
 * @param offset the offset expression of an active segment, else null
 * @param buf    array holding the bytes
 * @param off    start of the bytes in {@code buf}
 * @param len    number of bytes
 * @param flags  the encoding read (0..2), a hint the writer keeps when it still fits, or -1
 */
public record DataSegment(SegmentMode mode, int memory, ConstExpr offset, byte[] buf, int off, int len, int flags) {
    public DataSegment {
        if ((mode == SegmentMode.ACTIVE) != (offset != null)) {
            throw new IllegalArgumentException("only an active data segment has an offset");
        }
        if (mode == SegmentMode.DECLARATIVE) {
            throw new IllegalArgumentException("data segments are active or passive");
        }
    }

    public static DataSegment active(int memory, ConstExpr offset, byte[] data) {
        return new DataSegment(SegmentMode.ACTIVE, memory, offset, data, 0, data.length, -1);
    }

    public static DataSegment passive(byte[] data) {
        return new DataSegment(SegmentMode.PASSIVE, 0, null, data, 0, data.length, -1);
    }

    /** A copy of the segment's bytes. */
    public byte[] bytes() {
        return Arrays.copyOfRange(buf, off, off + len);
    }
}
