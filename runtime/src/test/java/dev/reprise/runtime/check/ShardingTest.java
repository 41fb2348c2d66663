package dev.reprise.runtime.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.runtime.Fixtures;
import dev.reprise.runtime.Program;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Shards split the tree deterministically and together explore exactly the unsharded executions; jobs too. */
class ShardingTest {
    private final Program program = Program.load(Fixtures.path("check/three_threads.wasm"));

    private record Run(Set<List<Integer>> executions, CheckReport report) {
    }

    private Run check(CheckOptions.Builder b) {
        Set<List<Integer>> seen = ConcurrentHashMap.newKeySet();
        CheckReport r = ModelChecker.check(program, b.onExecution(o -> {
            if (!seen.add(Arrays.stream(o.choices()).boxed().toList())) {
                throw new AssertionError("explored twice: " + Arrays.toString(o.choices()));
            }
        }).build());
        return new Run(seen, r);
    }

    @Test
    void shardsTogetherExploreExactlyTheUnshardedExecutions() {
        for (boolean reduction : new boolean[] {true, false}) {
            Run whole = check(CheckOptions.builder().reduction(reduction).maxExecutions(reduction ? 0 : 600)
                    .maxDepth(reduction ? 100_000 : 7));
            Set<List<Integer>> union = new HashSet<>();
            long executions = 0;
            int n = 3;
            for (int i = 0; i < n; i++) {
                Run shard = check(CheckOptions.builder().reduction(reduction).shard(i, n).splitDepth(6)
                        .maxDepth(reduction ? 100_000 : 7));
                assertFalse(shard.executions().isEmpty(), "shard " + i + " is empty");
                for (List<Integer> e : shard.executions()) {
                    assertTrue(union.add(e), "two shards explored " + e);
                }
                executions += shard.report().executions();
            }
            if (reduction) {
                assertEquals(whole.executions(), union);
                assertEquals(whole.report().executions(), executions);
            } else {
                // without reduction, compare the depth-bounded trees (cut at 7 decisions)
                Run bounded = check(CheckOptions.builder().reduction(false).maxDepth(7));
                assertEquals(bounded.executions(), union);
                assertEquals(bounded.report().executions(), executions);
            }
        }
    }

    @Test
    void jobsExploreTheSameExecutionsInParallel() {
        Run one = check(CheckOptions.builder());
        Run four = check(CheckOptions.builder().jobs(4).splitDepth(3));
        assertEquals(one.executions(), four.executions());
        assertEquals(one.report().executions(), four.report().executions());
        assertTrue(four.report().complete(), four.report().summary());
    }
}
