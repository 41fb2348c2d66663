package dev.reprise.replay.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** Each distinct run's bytes in the order added, then (once packed) its slice. */
    private final Map<ByteBuffer, Slice> slices = new LinkedHashMap<>();
    private final List<ByteArrayOutputStream> pools = new ArrayList<>();
    private final int minPool;
    private final int maxPool;
    /** How many segments the pools may add before they grow past {@code minPool}. */
    private final int room;
    private long total;
    private boolean packed;
    private int firstIndex = -1;

    /**
     * Pools as small as {@value #SMALL_SEGMENT} bytes while the replay's segments stay under half
     * of engines' cap together with the target's own, larger ones when the runs' bytes would pass
     * it, and one pool of up to {@value #MAX_SEGMENT} bytes at a time when the target alone leaves
     * no room (esbuild: 98,450 segments of its own). Endive's {@code memory.init} copies its whole
     * segment ({@code DataSegment.data()} clones it) before taking the slice: base64's 3,513 reads
     * from one 200 KB pool replayed 20x slower than from 4 KB pools, and 1.4x slower from 4 KB
     * pools than from pools of {@value #SMALL_SEGMENT} (3.7-4.7 against 2.0-2.1 ms, replay alone).
     *
     * @param targetSegments the target module's own data segments
     */
    public static PassiveData forTarget(int targetSegments) {
        int room = SEGMENT_CAP / 2 - targetSegments;
        return room <= 0 ? new PassiveData(MAX_SEGMENT) : new PassiveData(SMALL_SEGMENT, MAX_SEGMENT, room);
    }

    /** The smallest pool of {@link #forTarget} for targets with room for many segments. */
    static final int SMALL_SEGMENT = 512;
    /** The count engines refuse to exceed (V8: 100,000 data segments per module). */
    static final int SEGMENT_CAP = 100_000;

    /** Pools of at most {@value #MAX_SEGMENT} bytes (a longer run gets a segment of its own). */
    public PassiveData() {
        this(MAX_SEGMENT);
    }

    /** Pools of at most {@code pool} bytes. */
    PassiveData(int pool) {
        this(pool, pool, Integer.MAX_VALUE);
    }

    private PassiveData(int minPool, int maxPool, int room) {
        this.minPool = minPool;
        this.maxPool = maxPool;
        this.room = room;
    }

    /** Adds a run's bytes (once: identical bytes share their slice). Runs are all added before the first slice is asked for. */
    public void add(byte[] bytes) {
        if (packed) {
            throw new IllegalStateException("a run added after the pools were packed");
        }
        if (slices.putIfAbsent(ByteBuffer.wrap(bytes), null) == null) {
            total += bytes.length;
        }
    }

    /** Packs the runs, in the order added, into pools of the size the total and the room call for. */
    private void pack() {
        if (packed) {
            return;
        }
        packed = true;
        // two consecutive pools hold more than one pool's worth (the second began with a run that
        // did not fit in the first), so pools of 2 * total / room bytes number at most room + 1
        long pool = Math.min(maxPool, Math.max(minPool, (2 * total + room - 1) / room));
        for (Map.Entry<ByteBuffer, Slice> e : slices.entrySet()) {
            byte[] bytes = e.getKey().array();
            ByteArrayOutputStream last = pools.isEmpty() ? null : pools.get(pools.size() - 1);
            if (last == null || last.size() > 0 && (long) last.size() + bytes.length > pool) {
                last = new ByteArrayOutputStream();
                pools.add(last);
            }
            e.setValue(new Slice(pools.size() - 1, last.size()));
            last.writeBytes(bytes);
        }
    }

    /** The slice of {@code bytes}, or null when they were not added. */
    public Slice slice(byte[] bytes) {
        pack();
        return slices.get(ByteBuffer.wrap(bytes));
    }

    /** The pooled segments' bytes, in order. */
    public List<byte[]> segments() {
        pack();
        List<byte[]> out = new ArrayList<>(pools.size());
        for (ByteArrayOutputStream p : pools) {
            out.add(p.toByteArray());
        }
        return out;
    }

    /** The number of pooled segments. */
    public int segmentCount() {
        pack();
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
