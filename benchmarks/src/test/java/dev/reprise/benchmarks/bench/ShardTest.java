package dev.reprise.benchmarks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Shard arithmetic: I/N takes positions I, I+N, ...; the shards of a list are disjoint and cover it. */
class ShardTest {
    @Test
    void takesEveryNthItemFromI() {
        List<String> items = List.of("a", "b", "c", "d", "e", "f", "g");
        assertEquals(List.of("a", "d", "g"), Shard.parse("0/3").select(items));
        assertEquals(List.of("b", "e"), Shard.parse("1/3").select(items));
        assertEquals(List.of("c", "f"), Shard.parse("2/3").select(items));
        assertEquals(items, Shard.ALL.select(items));
        assertEquals(List.of(), Shard.parse("6/8").select(List.of("a", "b")));
        assertEquals("2/3", Shard.parse(" 2 / 3 ").toString().replace(" ", ""));
    }

    @Test
    void shardsAreDisjointAndCoverEveryList() {
        for (int size = 0; size <= 23; size++) {
            List<Integer> items = IntStream.range(0, size).boxed().toList();
            for (int n = 1; n <= 7; n++) {
                List<Integer> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    List<Integer> part = new Shard(i, n).select(items);
                    assertEquals((size - i + n - 1) / n, part.size(), size + " items, shard " + i + "/" + n);
                    all.addAll(part);
                }
                all.sort(null);
                assertEquals(items, all, size + " items in " + n + " shards");
            }
        }
    }

    @Test
    void rejectsBadSpecs() {
        for (String bad : new String[] {"3/3", "-1/2", "0/0", "1", "a/b", "/2", "1/", "1/2/3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
            assertEquals(true, e.getMessage().contains(bad.equals("3/3") || bad.equals("-1/2") || bad.equals("0/0")
                    ? "need 0 <= I < N" : "expected I/N"), e.getMessage());
        }
    }
}
