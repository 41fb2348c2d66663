package dev.reprise.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import run.endive.runtime.Instance;
import run.endive.runtime.WasmException;

/**
 * A module using legacy exception handling (the transform module's {@code legacy_eh.wat}: catch,
 * catch_all, rethrow, delegate to a try, a block and the caller), which Endive cannot load as it
 * is, runs under reprise's runtime on both engines: {@link Program#of} translates it to
 * {@code try_table} first, and keeps the original bytes for recording.
 */
class LegacyExceptionsTest {
    private static final Path FIXTURE = Path.of("..", "transform", "src", "test", "resources", "fixtures", "legacy_eh.wasm");

    private static int call(Instance inst, String export, int x) {
        return (int) inst.export(export).apply(x)[0];
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void legacyTrysRunAfterTheTranslation(Engine engine) throws Exception {
        byte[] bytes = Files.readAllBytes(FIXTURE);
        Program program = Program.of(bytes, "legacy_eh.wasm");
        assertArrayEquals(bytes, program.bytes(), "the original bytes are kept");
        Instance inst = program.instanceBuilder(engine).build();
        // node 20 on the original gives the same (LegacyExceptionsPassTest's table)
        assertEquals(1011, call(inst, "catch_value", 11));
        assertEquals(3, call(inst, "catch_all", 1));
        assertEquals(100, call(inst, "rethrow", 0));
        assertEquals(204, call(inst, "rethrow_nested", 4));
        assertEquals(19, call(inst, "delegate_outer", 9));
        assertEquals(23, call(inst, "delegate_block", 3));
        assertEquals(34, call(inst, "delegate_caller", 4));
        assertEquals(5, call(inst, "delegate_caller", 0));
        assertEquals(71, call(inst, "delegate_chain", 11));
        assertEquals(1058, call(inst, "branches", 0));
        assertEquals(24, call(inst, "multi", 9));
        assertEquals(50, call(inst, "escape", 2));
        // the exception reaches the host (the interpreter's machine wraps it as a guest trap)
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> call(inst, "uncaught", 1));
        Throwable wasm = thrown;
        while (wasm != null && !(wasm instanceof WasmException)) {
            wasm = wasm.getCause();
        }
        assertEquals(WasmException.class, wasm == null ? thrown.getClass() : wasm.getClass());
    }
}
