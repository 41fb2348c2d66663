package dev.reprise.runtime.check.internal;

import java.util.Arrays;

/**
 * Collects, for the current segment of a run (between two decisions), which words each guest
 * thread read and wrote. Guest threads are told apart by their Java thread (the scheduler names
 * them {@code reprise-guest-TID}); only one runs at a time and the scheduler's lock orders
 * their accesses, so no further synchronisation is needed. Keys are 8-byte words, so the
 * footprints over-approximate (which only makes more steps dependent).
 */
public final class FootprintRecorder {
    private static final String PREFIX = "reprise-guest-";
    private static final int MAX_RANGE_WORDS = 1 << 12;

    private static final class Acc {
        final IntSet reads = new IntSet();
        final IntSet writes = new IntSet();
        boolean global;
        boolean active;
    }

    private Acc[] accs = new Acc[4];
    private int[] active = new int[4];
    private int activeCount;
    private Thread lastThread;
    private Acc last;
    private int lastTid;

    private Acc current() {
        Thread t = Thread.currentThread();
        if (t != lastThread) {
            lastThread = t;
            lastTid = tidOf(t);
            last = acc(lastTid);
        }
        return last;
    }

    private static int tidOf(Thread t) {
        String n = t.getName();
        if (n.startsWith(PREFIX)) {
            try {
                return Integer.parseInt(n.substring(PREFIX.length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private Acc acc(int tid) {
        int slot = tid + 1; // the host thread (-1) gets slot 0
        if (slot >= accs.length) {
            accs = Arrays.copyOf(accs, Math.max(slot + 1, accs.length * 2));
        }
        Acc a = accs[slot];
        if (a == null) {
            a = new Acc();
            accs[slot] = a;
        }
        if (!a.active) {
            a.active = true;
            if (activeCount == active.length) {
                active = Arrays.copyOf(active, activeCount * 2);
            }
            active[activeCount++] = tid;
            if (tid < 0) {
                a.global = true;
            }
        }
        return a;
    }

    /** The calling guest thread's tid (-1 for a host thread). */
    public int currentTid() {
        current();
        return lastTid;
    }

    /** Notes that the calling thread runs in this segment. */
    public void touch() {
        current();
    }

    private static int key(int memory, long word) {
        return (int) word + memory * 0x2000_0000;
    }

    /** A read of {@code size} bytes at {@code addr} of memory {@code memory}. */
    public void read(int memory, int addr, int size) {
        Acc a = current();
        range(a.reads, a, memory, addr, size);
    }

    /** A write of {@code size} bytes at {@code addr}. */
    public void write(int memory, int addr, int size) {
        Acc a = current();
        range(a.writes, a, memory, addr, size);
    }

    /** A read-modify-write (atomic rmw, wait, notify): both a read and a write. */
    public void update(int memory, int addr, int size) {
        Acc a = current();
        range(a.reads, a, memory, addr, size);
        range(a.writes, a, memory, addr, size);
    }

    private static void range(IntSet set, Acc a, int memory, int addr, int size) {
        long start = Integer.toUnsignedLong(addr) >>> 3;
        long end = (Integer.toUnsignedLong(addr) + Math.max(size, 1) - 1) >>> 3;
        if (end - start >= MAX_RANGE_WORDS) {
            a.global = true;
            return;
        }
        for (long w = start; w <= end; w++) {
            set.add(key(memory, w));
        }
    }

    /** A thread spawn: an update of a word no memory has (spawns are ordered by their tids). */
    public void spawn() {
        update(-1, 0, 1);
    }

    /** The calling thread did something whose effect is not a memory range: dependent on everything. */
    public void global() {
        current().global = true;
    }

    /** Ends the segment: returns its footprints and starts an empty one. */
    public StepFootprints close() {
        int[] tids = Arrays.copyOf(active, activeCount);
        Footprint[] fps = new Footprint[activeCount];
        for (int i = 0; i < activeCount; i++) {
            Acc a = accs[tids[i] + 1];
            fps[i] = a.global ? Footprint.GLOBAL : new Footprint(a.reads.sorted(), a.writes.sorted(), false);
        }
        reset();
        return new StepFootprints(tids, fps);
    }

    /** Ends the segment without looking at it. */
    public void reset() {
        for (int i = 0; i < activeCount; i++) {
            Acc a = accs[active[i] + 1];
            a.reads.clear();
            a.writes.clear();
            a.global = false;
            a.active = false;
        }
        activeCount = 0;
        lastThread = null;
        last = null;
    }
}
