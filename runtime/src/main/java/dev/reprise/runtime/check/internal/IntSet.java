package dev.reprise.runtime.check.internal;

import java.util.Arrays;

/** A small open-addressing set of ints (no boxing), cleared in time proportional to its size. */
final class IntSet {
    private static final int EMPTY = Integer.MIN_VALUE;
    private int[] table = newTable(16);
    private int[] members = new int[8];
    private int size;

    private static int[] newTable(int n) {
        int[] t = new int[n];
        Arrays.fill(t, EMPTY);
        return t;
    }

    void add(int key) {
        if (key == EMPTY) {
            key = EMPTY + 1;
        }
        int mask = table.length - 1;
        int i = (key * 0x9E3779B9) >>> 16 & mask;
        while (true) {
            int v = table[i];
            if (v == key) {
                return;
            }
            if (v == EMPTY) {
                break;
            }
            i = (i + 1) & mask;
        }
        table[i] = key;
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
        }
        members[size++] = key;
        if (size * 2 > table.length) {
            int[] old = Arrays.copyOf(members, size);
            table = newTable(table.length * 2);
            size = 0;
            for (int k : old) {
                add(k);
            }
        }
    }

    int size() {
        return size;
    }

    /** The members, sorted. */
    int[] sorted() {
        int[] out = Arrays.copyOf(members, size);
        Arrays.sort(out);
        return out;
    }

    void clear() {
        if (size > table.length / 8) {
            Arrays.fill(table, EMPTY);
        } else {
            int mask = table.length - 1;
            for (int j = 0; j < size; j++) {
                int key = members[j];
                int i = (key * 0x9E3779B9) >>> 16 & mask;
                while (table[i] != key) {
                    i = (i + 1) & mask;
                }
                table[i] = EMPTY;
            }
            // re-insertion after removal is not needed: every slot of the set was emptied
        }
        size = 0;
    }
}
