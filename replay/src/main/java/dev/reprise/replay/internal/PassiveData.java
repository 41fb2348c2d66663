package dev.reprise.replay.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a replay's {@code memory.init} runs, packed one after another into as few passive
 * data segments as possible (a new one every {@value #MAX_SEGMENT} bytes); each run is a slice
 * ({@code memory.init segment} with a source offset), identical runs share one. One segment per
 * run would add as many segments as runs, and engines cap the count: V8 refuses a module with more
 * than 100,000 data segments, which esbuild (98,450 of its own) and a replay adding 18,111 runs
 * passed ("data segments count of 116561 exceeds internal limit of 100000").
 *
 * <pre>
 * runs:    [1 2 3 4 ...32 bytes] at 100   [9 9 9 ...40 bytes] at 900   [1 2 3 4 ...32 bytes] at 4000
 * before:  (data $d0 passive "\01\02...") (data $d1 passive "\09...")  ;; one segment per distinct run
 *          (memory.init $d0 (i32.const 100) (i32.const 0) (i32.const 32)) ...
 * after:   (data $pool passive "\01\02...\09...")                      ;; one segment for all
 *          (memory.init $pool (i32.const 100) (i32.const 0) (i32.const 32))
 *          (memory.init $pool (i32.const 900) (i32.const 32) (i32.const 40))
 *          (memory.init $pool (i32.const 4000) (i32.const 0) (i32.const 32))
 * </pre>
 */
public final class PassiveData {
    /** The most bytes packed into one segment. */
    static final int MAX_SEGMENT = 64 << 20;

    /** Where a run's bytes are: the pooled segment (0-based, in the order of {@link #segments}) and the offset in it. */
    public record Slice(int segment, int offset) {
    }

    private final Map<ByteBuffer, Slice> slices = new HashMap<>();
    private final List<ByteArrayOutputStream> pools = new ArrayList<>();
    private final int maxSegment;
    private int firstIndex = -1;

    /**
     * Small pools ({@value #SMALL_SEGMENT} bytes) unless the target's own data segments leave few
     * to add under engines' cap, then pools of up to {@value #MAX_SEGMENT} bytes. Endive's
     * {@code memory.init} costs time in proportion to its segment's size, not the slice's: base64's
     * 3,513 reads from one 200 KB pool replayed 20x slower than from 4 KB pools.
     *
     * @param targetSegments the target module's own data segments
     */
    public static PassiveData forTarget(int targetSegments) {
        return new PassiveData(targetSegments > SEGMENT_CAP / 2 ? MAX_SEGMENT : SMALL_SEGMENT);
    }

    /** The pool size of {@link #forTarget} for targets with room for many segments. */
    static final int SMALL_SEGMENT = 4 << 10;
    /** The count engines refuse to exceed (V8: 100,000 data segments per module). */
    static final int SEGMENT_CAP = 100_000;

    /** Pools of at most {@value #MAX_SEGMENT} bytes (a longer run gets a segment of its own). */
    public PassiveData() {
        this(MAX_SEGMENT);
    }

    PassiveData(int maxSegment) {
        this.maxSegment = maxSegment;
    }

    /** Adds a run's bytes (once: identical bytes share their slice). */
    public void add(byte[] bytes) {
        slices.computeIfAbsent(ByteBuffer.wrap(bytes), k -> {
            ByteArrayOutputStream pool = pools.isEmpty() ? null : pools.get(pools.size() - 1);
            if (pool == null || pool.size() > 0 && (long) pool.size() + bytes.length > maxSegment) {
                pool = new ByteArrayOutputStream();
                pools.add(pool);
            }
            Slice s = new Slice(pools.size() - 1, pool.size());
            pool.writeBytes(bytes);
            return s;
        });
    }

    /** The slice of {@code bytes}, or null when they were not added. */
    public Slice slice(byte[] bytes) {
        return slices.get(ByteBuffer.wrap(bytes));
    }

    /** The pooled segments' bytes, in order. */
    public List<byte[]> segments() {
        List<byte[]> out = new ArrayList<>(pools.size());
        for (ByteArrayOutputStream p : pools) {
            out.add(p.toByteArray());
        }
        return out;
    }

    /** The number of pooled segments. */
    public int segmentCount() {
        return pools.size();
    }

    /** Notes the module's index of the first pooled segment (the others follow it). */
    public void placedAt(int firstIndex) {
        this.firstIndex = firstIndex;
    }

    /** The module's index of pooled segment {@code segment}. */
    public int index(int segment) {
        if (firstIndex < 0) {
            throw new IllegalStateException("the passive segments were not placed in the module yet");
        }
        return firstIndex + segment;
    }
}
