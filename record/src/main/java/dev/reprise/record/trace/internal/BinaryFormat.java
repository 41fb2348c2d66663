package dev.reprise.record.trace.internal;

/**
 * Layout constants of the binary trace format, version 1.
 *
 * <pre>
 * trace   := MAGIC version:u32 header-length:u32 header event* trailer
 * event   := tag:u8 [tid:u32 when tag has TID_FLAG] fields      (tag & 0x0f = EventKind tag)
 * trailer := TRAILER_TAG event-count:u64 crc32c:i32le END_MARKER (crc of every byte before it)
 * value   := type-code:u8 payload  (i32/i64 signed LEB128, f32/f64/v128 raw little-endian bits,
 *                                    references u32 of index+1, 0 for null)
 * string  := 0 length:u32 utf8-bytes (first use, gets the next id) | id+1:u32 (later uses)
 * </pre>
 */
public final class BinaryFormat {
    /** The first bytes of every binary trace. */
    public static final byte[] MAGIC = {0, 'r', 'p', 't', 'r', 'a', 'c', 'e'};
    /** The last bytes of every complete binary trace. */
    public static final byte[] END_MARKER = {'R', 'P', 'T', '$'};
    /** Set in an event's tag byte when a thread id follows it (omitted for thread 0). */
    public static final int TID_FLAG = 0x80;
    /** The tag byte that starts the trailer. */
    public static final int TRAILER_TAG = 0x7f;
    /** Upper bound on a header's length. */
    public static final int MAX_HEADER = 1 << 24;
    /** Upper bound on a string's UTF-8 length. */
    public static final int MAX_STRING = 1 << 20;
    /** Upper bound on the bytes of one host read event. */
    public static final int MAX_READ = 1 << 24;
    /** Upper bound on the values of one argument or result list. */
    public static final int MAX_VALUES = 1 << 16;

    private BinaryFormat() {
    }
}
