package dev.reprise.reduce.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Bytes of one memory by address, kept as disjoint runs that never touch (adjacent bytes join
 * one run): a later put over the same addresses wins. Appending right after a run (byte-by-byte
 * reads, consecutive writes) grows it in place, so a long run costs one map entry, not one per
 * byte.
 */
final class ByteRuns {
    /** A run: its bytes are {@code data[0..length)}; capacity grows by doubling. */
    private static final class Run {
        byte[] data;
        int length;

        Run(byte[] data, int length) {
            this.data = data;
            this.length = length;
        }

        long end(long start) {
            return start + length;
        }

        void append(byte[] b, int offset, int n) {
            if (length + n > data.length) {
                int doubled = (int) Math.min(Integer.MAX_VALUE - 8, 2L * data.length);
                data = Arrays.copyOf(data, Math.max(length + n, doubled));
            }
            System.arraycopy(b, offset, data, length, n);
            length += n;
        }
    }

    private final TreeMap<Long, Run> runs = new TreeMap<>();

    /** Stores {@code b[offset..offset+n)} at {@code address}. */
    void put(long address, byte[] b, int offset, int n) {
        long end = address + n;
        Map.Entry<Long, Run> before = runs.floorEntry(address);
        if (before != null) {
            long start = before.getKey();
            Run r = before.getValue();
            if (r.end(start) == address && noRunWithin(address, end)) {
                r.append(b, offset, n);
                absorbNext(start, r);
                return;
            }
        }
        // general case: one new run covering the new bytes and every run they touch
        long lo = address;
        long hi = end;
        if (before != null && before.getValue().end(before.getKey()) >= address) {
            lo = before.getKey();
            hi = Math.max(hi, before.getValue().end(lo));
        }
        Map.Entry<Long, Run> last = runs.floorEntry(end);
        if (last != null && last.getKey() >= lo) {
            hi = Math.max(hi, last.getValue().end(last.getKey()));
        }
        byte[] merged = new byte[Math.toIntExact(hi - lo)];
        for (Map.Entry<Long, Run> e : runs.subMap(lo, true, hi, true).entrySet()) {
            System.arraycopy(e.getValue().data, 0, merged, (int) (e.getKey() - lo), e.getValue().length);
        }
        runs.subMap(lo, true, hi, true).clear();
        System.arraycopy(b, offset, merged, (int) (address - lo), n);
        runs.put(lo, new Run(merged, merged.length));
    }

    /** Whether no run starts inside {@code [from, to)} (one starting at {@code to} merely touches). */
    private boolean noRunWithin(long from, long to) {
        Long next = runs.ceilingKey(from);
        return next == null || next >= to;
    }

    /** Joins the run after {@code r} when it now touches it. */
    private void absorbNext(long start, Run r) {
        Long next = runs.higherKey(start);
        if (next != null && next == r.end(start)) {
            Run n = runs.remove(next);
            r.append(n.data, 0, n.length);
        }
    }

    /** Each run in address order: its start and its bytes (a copy of exactly its length). */
    void forEach(BiConsumer<Long, byte[]> action) {
        for (Map.Entry<Long, Run> e : runs.entrySet()) {
            action.accept(e.getKey(), Arrays.copyOf(e.getValue().data, e.getValue().length));
        }
    }
}
