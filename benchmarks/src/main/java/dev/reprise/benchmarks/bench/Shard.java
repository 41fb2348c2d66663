package dev.reprise.benchmarks.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Shard {@code index} of {@code count} (0-based, as {@code reprise check --shard}): the items
 * at positions {@code index}, {@code index + count}, {@code index + 2 count}, ... of a list.
 * The shards of one list are disjoint and together cover it, so a corpus can be spread over
 * machines by any batch system and the results merged with {@code reprise bench merge}.
 */
public record Shard(int index, int count) {
    /** The whole list. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": need 0 <= I < N");
        }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String spec) {
        int slash = spec.indexOf('/');
        if (slash <= 0 || slash == spec.length() - 1) {
            throw new IllegalArgumentException("bad shard '" + spec + "' (expected I/N, e.g. 0/4)");
        }
        try {
            return new Shard(Integer.parseInt(spec.substring(0, slash).strip()),
                    Integer.parseInt(spec.substring(slash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad shard '" + spec + "' (expected I/N, e.g. 0/4)", e);
        }
    }

    /** This shard's items, in order. */
    public <T> List<T> select(List<T> items) {
        List<T> out = new ArrayList<>();
        for (int i = index; i < items.size(); i += count) {
            out.add(items.get(i));
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
