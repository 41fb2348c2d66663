package dev.reprise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;

/** A program instantiated outside the sandbox gets the sandbox's memory class (one class per program's call sites). */
class ProgramInstanceBuilderTest {
    /** (memory (export "memory") 1) (func (export "_start") (i32.store (i32.const 0) (i32.const 42))) */
    private static final byte[] STORE_42 = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x03, 0x02, 0x01, 0x00,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x07, 0x13, 0x02, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, 0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00,
        0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0x00, 0x41, 0x2a, 0x36, 0x02, 0x00, 0x0b,
    };

    @Test
    void theInstanceHasTheSandboxsMemoryClass() {
        Program program = Program.of(STORE_42, "store42.wasm");
        AtomicReference<Memory> sandboxed = new AtomicReference<>();
        RunOutcome o = Sandbox.run(program, RunOptions.builder().memoryWrapper(m -> {
            sandboxed.set(m);
            return m;
        }).build());
        assertEquals(Termination.RETURNED, o.termination(), o.message());

        Instance direct = program.instanceBuilder(Engine.COMPILER).withStart(false).build();
        direct.export("_start").apply();
        assertEquals(42, direct.memory(0).readInt(0));
        assertEquals(sandboxed.get().getClass(), direct.memory(0).getClass());
    }
}
