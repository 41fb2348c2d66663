package dev.reprise.reduce.internal;

import dev.reprise.record.trace.Value;
import java.util.HashMap;
import java.util.Map;

/**
 * What the module can know of its state at a point of the replay: for each byte (per memory),
 * table element and global, the value last observed or provided and the host-control segment
 * in which that happened. A value read again within the same segment needs nothing, changed or
 * not: the host did not run in between, so only the module can have changed it. A value read
 * after a host-control point is replayed even when unchanged, because the module may have
 * written something else there meanwhile, which a trace of reads cannot show.
 */
public final class Shadow {
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    /**
     * One 4 KiB chunk: which of its bytes were seen in segment {@code segment} (a bit each; bits
     * of an older segment are stale and cleared on the chunk's first use in a new one), and, when
     * the values are kept, the value each byte was last provided with. Only "seen in the current
     * segment or not" decides anything, so a chunk costs an eighth of the memory it shadows.
     */
    private static final class Chunk {
        final long[] seen = new long[CHUNK / 64];
        final byte[] values;
        long segment;

        Chunk(boolean keepValues) {
            values = keepValues ? new byte[CHUNK] : null;
        }
    }

    private record Seen(Value value, long segment) {
    }

    private final boolean keepValues;
    private final Map<Long, Chunk> chunks = new HashMap<>();
    private long lastKey = Long.MIN_VALUE;
    private Chunk last;
    private final Map<Long, Seen> elements = new HashMap<>();
    private final Map<Integer, Seen> globals = new HashMap<>();

    /** A shadow that keeps the byte values too (needed for {@link #segmentBytes}). */
    public Shadow() {
        this(true);
    }

    /** @param keepValues whether to keep the byte values read ({@link #segmentBytes} needs them) */
    public Shadow(boolean keepValues) {
        this.keepValues = keepValues;
    }

    /**
     * Notes that the module read {@code value} at {@code address} of {@code memory} during
     * {@code segment} (1-based, never decreasing); returns whether the host must have written it.
     */
    public boolean readByte(int memory, long address, byte value, long segment) {
        long key = ((long) memory << 48) ^ (address >>> CHUNK_BITS);
        Chunk c = last;
        if (key != lastKey || c == null) {
            c = chunks.computeIfAbsent(key, k -> new Chunk(keepValues));
            last = c;
            lastKey = key;
        }
        if (c.segment != segment) {
            java.util.Arrays.fill(c.seen, 0);
            c.segment = segment;
        }
        int i = (int) (address & (CHUNK - 1));
        long bit = 1L << i;
        // Between two host-control points only the module changes memory, so a read in the same
        // segment as the last one needs nothing, changed or not. After a host-control point the
        // value must be stored even when it equals the last value read: the module may have
        // written something else there in between (a reused stack slot), which a trace without
        // the module's writes cannot show (found on wasi-testsuite lseek: fd_tell rewrote the
        // offset fd_seek had written, over a libc temporary).
        if ((c.seen[i >>> 6] & bit) != 0) {
            return false;
        }
        c.seen[i >>> 6] |= bit;
        if (c.values != null) {
            c.values[i] = value;
        }
        return true;
    }

    /**
     * The bytes at {@code address} as the current segment first saw them (what a store at the
     * segment's control point must establish): for the "without reduction" ablation, which replays
     * every read, re-reads included, with the value the segment started with. Needs the values kept.
     */
    public byte[] segmentBytes(int memory, long address, int length) {
        if (!keepValues) {
            throw new IllegalStateException("this shadow does not keep byte values");
        }
        byte[] out = new byte[length];
        for (int k = 0; k < length; k++) {
            long a = address + k;
            Chunk c = chunks.get(((long) memory << 48) ^ (a >>> CHUNK_BITS));
            out[k] = c == null ? 0 : c.values[(int) (a & (CHUNK - 1))];
        }
        return out;
    }

    /** Same rule for a table element. */
    public boolean readElement(int table, long index, Value value, long segment) {
        return readElement(table, index, value, segment, false);
    }

    /**
     * As {@link #readElement(int, long, Value, long)}; {@code onlyTheHostWrites}: the module's code
     * never writes this table, so an entry read after a host-control point with the value it was
     * last read with needs nothing either: the replay's table already holds it.
     */
    public boolean readElement(int table, long index, Value value, long segment, boolean onlyTheHostWrites) {
        long key = ((long) table << 40) ^ index;
        if (onlyTheHostWrites) {
            Seen seen = elements.get(key);
            if (seen != null && seen.value().equals(value)) {
                if (seen.segment() != segment) {
                    elements.put(key, new Seen(value, segment));
                }
                return false;
            }
        }
        return check(elements, key, value, segment);
    }

    /** Same rule for a global. */
    public boolean readGlobal(int global, Value value, long segment) {
        return check(globals, global, value, segment);
    }

    private static <K> boolean check(Map<K, Seen> map, K key, Value value, long segment) {
        Seen seen = map.get(key);
        if (seen == null || seen.segment() != segment) {
            map.put(key, new Seen(value, segment));
            return true;
        }
        return false;
    }
}
