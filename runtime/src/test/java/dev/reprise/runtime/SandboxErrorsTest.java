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

    @Test
    void aReadWriteFolderThatCannotBeWrittenBackIsNamedWithTheHostsReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        // the guest prints; while it runs, the host folder is replaced by a file, so the write-back at the end fails
        java.nio.file.Path out = java.nio.file.Files.createDirectory(tmp.resolve("out"));
        java.io.OutputStream sabotage = new java.io.ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                try {
                    if (java.nio.file.Files.isDirectory(out)) {
                        java.nio.file.Files.delete(out);
                        java.nio.file.Files.writeString(out, "not a folder");
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                super.write(b, off, len);
            }
        };
        RunOptions o = RunOptions.builder().dir("/data=" + out + ":rw").stdout(sabotage).build();
        var e = assertThrows(HostWriteBackException.class, () -> Sandbox.run(Fixtures.path("errors/trap.wasm"), o));
        assertEquals("cannot write /data back to " + out + ": " + out + ": exists and is not a folder", e.getMessage());
        assertEquals("not a folder", java.nio.file.Files.readString(out), "the host's file is left as it was");
    }
}
