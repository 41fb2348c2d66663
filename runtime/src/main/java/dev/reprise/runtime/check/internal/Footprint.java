package dev.reprise.runtime.check.internal;

import java.util.Arrays;

/**
 * What one thread touched during one step: the 8-byte memory words it read and wrote (sorted
 * keys; wait and notify count as a read and a write of their word) and whether it did
 * something the checker cannot place (a WASI call, growing memory, spawning): such a step is
 * dependent on every other step. Immutable.
 */
public record Footprint(int[] reads, int[] writes, boolean global) {
    /** Touches nothing. */
    public static final Footprint EMPTY = new Footprint(new int[0], new int[0], false);
    /** Depends on everything. */
    public static final Footprint GLOBAL = new Footprint(new int[0], new int[0], true);

    /** True when the two steps may not commute: one writes what the other reads or writes. */
    public boolean dependent(Footprint o) {
        return global || o.global || intersects(writes, o.writes) || intersects(writes, o.reads)
                || intersects(reads, o.writes);
    }

    private static boolean intersects(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                return true;
            }
            if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Footprint f && global == f.global && Arrays.equals(reads, f.reads)
                && Arrays.equals(writes, f.writes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(reads) + Arrays.hashCode(writes) + (global ? 1 : 0);
    }

    @Override
    public String toString() {
        return global ? "global" : "r" + Arrays.toString(reads) + " w" + Arrays.toString(writes);
    }
}
