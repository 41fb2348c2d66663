package dev.reprise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SandboxErrorsTest {
    private static RunOptions opts(Engine e) {
        return RunOptions.builder().engine(e).build();
    }

    @Test
    void malformedModuleIsReported() {
        byte[] junk = {0, 'a', 's', 'm', 1, 0, 0, 0, 42, 42};
        var e = assertThrows(MalformedModuleException.class, () -> Sandbox.run(junk, "junk.wasm", opts(Engine.COMPILER)));
        assertTrue(e.getMessage().startsWith("malformed"), e.getMessage());
        assertThrows(MalformedModuleException.class, () -> Sandbox.run(new byte[] {1, 2}, "x", opts(Engine.COMPILER)));
    }

    @Test
    void missingImportIsNamed() {
        var e = assertThrows(UnlinkableModuleException.class,
                () -> Sandbox.run(Fixtures.path("errors/missing_import.wasm"), opts(Engine.COMPILER)));
        assertTrue(e.getMessage().contains("env.host_magic"), e.getMessage());
    }

    @Test
    void wrongImportTypeIsNamed() {
        var e = assertThrows(UnlinkableModuleException.class,
                () -> Sandbox.run(Fixtures.path("errors/wrong_type.wasm"), opts(Engine.INTERPRETER)));
        assertTrue(e.getMessage().contains("wasi_snapshot_preview1.fd_write"), e.getMessage());
        assertTrue(e.getMessage().contains("wrong type"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void trapCarriesMessageOutputAndStack(Engine engine) {
        RunOutcome o = Sandbox.run(Fixtures.path("errors/trap.wasm"), opts(engine));
        assertEquals(Termination.TRAPPED, o.termination());
        assertEquals(RunOutcome.EXIT_TRAP, o.exitCode());
        assertTrue(o.message().contains("unreachable"), o.message());
        assertEquals("hi\n", o.stdoutText());
        assertEquals(java.util.List.of("inner", "outer", "_start"), o.guestStack());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void stackOverflowIsATrap(Engine engine) {
        RunOutcome o = Sandbox.run(Fixtures.path("errors/stack_overflow.wasm"), opts(engine));
        assertEquals(Termination.TRAPPED, o.termination(), o.message());
        assertEquals("call stack exhausted", o.message());
        assertTrue(o.guestStack().get(0).startsWith("recurse (x"), o.guestStack().toString());
    }

    @Test
    void unreadablePreopenIsReported(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        RunOptions o = RunOptions.builder().dir("/data=" + tmp.resolve("missing")).build();
        var e = assertThrows(SandboxException.class, () -> Sandbox.run(Fixtures.path("errors/trap.wasm"), o));
        assertTrue(e.getMessage().startsWith("cannot preopen /data="), e.getMessage());
    }

    @Test
    void moduleWithoutStartIsNotACommand() {
        byte[] empty = {0, 'a', 's', 'm', 1, 0, 0, 0};
        var e = assertThrows(UnlinkableModuleException.class, () -> Sandbox.run(empty, "lib.wasm", opts(Engine.COMPILER)));
        assertTrue(e.getMessage().contains("no _start"), e.getMessage());
    }
}
