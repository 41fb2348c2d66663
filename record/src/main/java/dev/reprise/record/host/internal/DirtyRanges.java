package dev.reprise.record.host.internal;

import java.util.Arrays;

/**
 * The byte ranges of one memory written on one thread since the guest last had control: appended
 * as they come (a write that touches or overlaps the last range extends it, so sequential writes
 * cost nothing), coalesced into disjoint, non-adjacent ranges in address order when taken.
 */
public final class DirtyRanges {
    private long[] starts = new long[8];
    private long[] ends = new long[8];
    private int count;

    /** Notes {@code [start, start + length)}. */
    public void add(long start, long length) {
        if (length <= 0) {
            return;
        }
        long end = start + length;
        if (count > 0) {
            int last = count - 1;
            if (start <= ends[last] && end >= starts[last]) {
                starts[last] = Math.min(starts[last], start);
                ends[last] = Math.max(ends[last], end);
                return;
            }
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    /** Whether exactly one range was noted (it is then coalesced already: {@link #singleStart}, {@link #singleEnd}). */
    public boolean isSingle() {
        return count == 1;
    }

    /** The start of the one range noted ({@link #isSingle}). */
    public long singleStart() {
        return starts[0];
    }

    /** The end (exclusive) of the one range noted ({@link #isSingle}). */
    public long singleEnd() {
        return ends[0];
    }

    /** Forgets every range noted (as {@link #take} does, without building the result). */
    public void clear() {
        count = 0;
    }

    /** Whether nothing was noted since the last {@link #take}. */
    public boolean isEmpty() {
        return count == 0;
    }

    /**
     * The coalesced ranges as {@code [start0, end0, start1, end1, ...]} (ends exclusive), in
     * address order; empties this set.
     */
    public long[] take() {
        int n = count;
        count = 0;
        if (n == 1) {
            return new long[] {starts[0], ends[0]};
        }
        long[][] pairs = new long[n][];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            pairs[i] = new long[] {starts[i], ends[i]};
            sorted &= i == 0 || starts[i - 1] <= starts[i];
        }
        if (!sorted) {
            Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        }
        long[] out = new long[2 * n];
        int k = 0;
        for (long[] p : pairs) {
            if (k > 0 && p[0] <= out[k - 1]) {
                out[k - 1] = Math.max(out[k - 1], p[1]);
            } else {
                out[k++] = p[0];
                out[k++] = p[1];
            }
        }
        if (starts.length > 1024) {
            starts = new long[8];
            ends = new long[8];
        }
        return Arrays.copyOf(out, k);
    }
}
