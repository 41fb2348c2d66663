package dev.reprise.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.wasm.Import;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.Opcode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import run.endive.runtime.Instance;
import run.endive.runtime.TrapException;

class AtomicsToSchedulerPassTest {
    private final AtomicsToSchedulerPass pass = new AtomicsToSchedulerPass();

    @BeforeEach
    void clear() {
        SchedulerStandIn.CALLS.clear();
    }

    private SchedulerStandIn.Call last() {
        return SchedulerStandIn.CALLS.get(SchedulerStandIn.CALLS.size() - 1);
    }

    @Test
    void hooksReceiveAddressOperandsTimeoutOffsetAndMemory() {
        Instance inst = Fixtures.instantiate(pass.apply(Fixtures.load("atomics.wasm")));
        assertEquals(2, inst.export("wait32").apply(0, 0, 5)[0], "equal value: only a timeout can end it");
        assertArrayEquals(new long[] {0, 0, 5, 8, 0}, last().args());
        assertEquals(1, inst.export("wait32").apply(4, 1, -1)[0], "different value: not-equal");
        assertArrayEquals(new long[] {4, 1, -1, 8, 0}, last().args());
        assertEquals(2, inst.export("wait64_m1").apply(8, 0, 7)[0]);
        assertEquals("atomic.wait64", last().name());
        assertArrayEquals(new long[] {8, 0, 7, 16, 1}, last().args());
        inst.export("notify").apply(0, -1);
        assertEquals("atomic.notify", last().name());
        assertEquals(-1, (int) last().args()[1], "count -1 reaches the scheduler: wake all");
        assertEquals(4, last().args()[2]);
    }

    @Test
    void misalignedAndOutOfBoundsAccessesTrap() {
        Instance inst = Fixtures.instantiate(pass.apply(Fixtures.load("atomics.wasm")));
        assertTrue(assertThrows(TrapException.class, () -> inst.export("wait32").apply(1, 0, 0)).getMessage().contains("unaligned"));
        assertTrue(assertThrows(TrapException.class, () -> inst.export("wait32").apply(65536, 0, 0)).getMessage().contains("out of bounds"));
    }

    @Test
    void noWaitOrNotifyRemainsAndModulesWithoutThemAreUntouched() {
        byte[] out = pass.apply(Fixtures.load("atomics.wasm"));
        OpcodeCounter c = OpcodeCounter.of(out);
        assertEquals(0, c.count(Opcode.MEMORY_ATOMIC_WAIT32) + c.count(Opcode.MEMORY_ATOMIC_WAIT64) + c.count(Opcode.MEMORY_ATOMIC_NOTIFY));
        assertNull(Fixtures.validate(out));
        byte[] spin = Fixtures.load("spin.wasm");
        assertArrayEquals(spin, pass.apply(spin));
    }

    @TestFactory
    Stream<DynamicTest> realBinariesWithAtomics() {
        return Fixtures.thirdParty().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private void check(Path p) throws Exception {
        byte[] in = Files.readAllBytes(p);
        OpcodeCounter before = OpcodeCounter.of(in);
        int waits32 = before.count(Opcode.MEMORY_ATOMIC_WAIT32);
        int waits64 = before.count(Opcode.MEMORY_ATOMIC_WAIT64);
        int notifies = before.count(Opcode.MEMORY_ATOMIC_NOTIFY);
        byte[] out = pass.apply(in);
        if (waits32 + waits64 + notifies == 0) {
            assertArrayEquals(in, out);
            return;
        }
        ModuleSummary s = new ModuleReader(out).summary();
        OpcodeCounter after = OpcodeCounter.of(out);
        int[] expected = {waits32, waits64, notifies};
        String[] names = {"atomic.wait32", "atomic.wait64", "atomic.notify"};
        for (int i = 0; i < names.length; i++) {
            int index = -1;
            for (int f = 0; f < s.importedFunctions(); f++) {
                Import imp = s.imports().stream().filter(x -> x.kind() == dev.reprise.wasm.ExternalKind.FUNCTION).skip(f).findFirst().get();
                if (imp.module().equals("reprise") && imp.name().equals(names[i])) {
                    index = f;
                }
            }
            assertEquals(expected[i], index < 0 ? 0 : after.callsTo.getOrDefault(index, 0), names[i] + " calls in " + p);
        }
        assertEquals(0, after.count(Opcode.MEMORY_ATOMIC_WAIT32) + after.count(Opcode.MEMORY_ATOMIC_WAIT64) + after.count(Opcode.MEMORY_ATOMIC_NOTIFY));
        if (out.length < 6_000_000) {
            assertNull(Fixtures.validate(out), "wasm-validate rejects " + p + " after the atomics pass");
        }
    }
}
