package dev.reprise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import run.endive.runtime.HostFunction;

/** The imports hook lets other modules wrap every host call (recording) or add imports. */
class ImportCustomizationTest {
    @Test
    void wrappedHostFunctionsSeeEveryCall() {
        List<String> calls = new ArrayList<>();
        RunOptions options = RunOptions.builder().imports(fns -> fns.stream()
                .map(f -> new HostFunction(f.module(), f.name(), f.functionType(), (inst, args) -> {
                    calls.add(f.module() + "." + f.name());
                    return f.handle().apply(inst, args);
                }))
                .toList()).build();
        RunOutcome o = Sandbox.run(Fixtures.path("threads/spawn_yield.wasm"), options);
        assertEquals(0, o.exitCode());
        assertTrue(calls.contains("wasi.thread-spawn"), calls.toString());
        assertEquals("wasi_snapshot_preview1.proc_exit", calls.get(calls.size() - 1));
        assertEquals(5, calls.stream().filter(c -> c.endsWith("fd_write")).count());
    }

    @Test
    void missingImportsCanBeProvided() {
        RunOptions options = RunOptions.builder().imports(fns -> {
            List<HostFunction> all = new ArrayList<>(fns);
            all.add(new HostFunction("env", "host_magic",
                    run.endive.wasm.types.FunctionType.of(List.of(run.endive.wasm.types.ValType.I32),
                            List.of(run.endive.wasm.types.ValType.I32)),
                    (inst, args) -> new long[] {args[0] + 1}));
            return all;
        }).build();
        RunOutcome o = Sandbox.run(Fixtures.path("errors/missing_import.wasm"), options);
        assertEquals(Termination.RETURNED, o.termination());
    }
}
