package dev.reprise.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import run.endive.runtime.Instance;

class PreemptionPassTest {
    @BeforeEach
    void clear() {
        SchedulerStandIn.CALLS.clear();
    }

    @Test
    void preemptIsCalledOncePerBudgetOfLoopIterations() {
        Instance inst = Fixtures.instantiate(new PreemptionPass(10).apply(Fixtures.load("spin.wasm")));
        assertEquals(1000, inst.export("spin").apply(1000)[0]);
        // 1 entry check + 1000 loop-header checks; the budget starts full and refills after 10.
        assertEquals(100, SchedulerStandIn.CALLS.stream().filter(c -> c.name().equals("preempt")).count());
        // Calls came at checks 11, 21, ..., 1001, leaving 9; spin(5) makes 6 checks (9 -> 3), and
        // spin(3) makes 4: the fourth finds the budget empty. The budget carries over between calls.
        SchedulerStandIn.CALLS.clear();
        inst.export("spin").apply(5);
        assertEquals(0, SchedulerStandIn.CALLS.size());
        inst.export("spin").apply(3);
        assertEquals(1, SchedulerStandIn.CALLS.size());
    }

    @Test
    void aLimitedPassLeavesLaterFunctionsWithoutPoints() {
        byte[] spin = Fixtures.load("spin.wasm");
        dev.reprise.wasm.ModuleSummary before = new dev.reprise.wasm.ModuleReader(spin).summary();
        int defined = before.functionCount() - before.importedFunctions();
        // limit 0: no function gets points, so spinning never calls preempt
        Instance none = Fixtures.instantiate(new PreemptionPass(10, 0).apply(spin));
        assertEquals(1000, none.export("spin").apply(1000)[0]);
        assertEquals(0, SchedulerStandIn.CALLS.size());
        // limit = every defined function: the same as the unlimited pass, byte for byte
        assertEquals(java.util.Arrays.toString(new PreemptionPass(10).apply(spin)),
                java.util.Arrays.toString(new PreemptionPass(10, defined).apply(spin)));
        dev.reprise.wasm.ModuleSummary after = new dev.reprise.wasm.ModuleReader(new PreemptionPass(10, 0).apply(spin)).summary();
        org.junit.jupiter.api.Assertions.assertTrue(PreemptionPass.hasPoints(after) && !PreemptionPass.hasPoints(before));
    }

    @Test
    void budgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new PreemptionPass(0));
    }

    @TestFactory
    Stream<DynamicTest> realBinariesStayValid() {
        return Fixtures.thirdParty().stream().filter(p -> p.toFile().length() < 3_000_000)
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                        () -> assertNull(Fixtures.validate(new PreemptionPass().apply(Files.readAllBytes(p))), p.toString())));
    }
}
