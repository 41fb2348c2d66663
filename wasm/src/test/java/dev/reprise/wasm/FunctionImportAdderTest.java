package dev.reprise.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adding imports keeps every reference and every name pointing at the same function. */
class FunctionImportAdderTest {
    private static NameSection names(byte[] module) {
        NameSection[] found = new NameSection[1];
        new ModuleReader(module).accept(new ModuleVisitor() {
            @Override
            public void visitNameSection(NameSection n) {
                found[0] = n;
            }
        });
        return found[0];
    }

    @Test
    void namesExportsStartElementsAndCallsMoveWithTheirFunctions() {
        // Wasm-R3 sample with names, an import, a start-less export; plus the wasi-testsuite programs.
        for (java.nio.file.Path p : TestCorpus.programs()) {
            byte[] in = TestCorpus.read(p);
            NameSection before = names(in);
            if (before == null || before.functionNames().isEmpty()) {
                continue;
            }
            ModuleReader reader = new ModuleReader(in);
            FunctionImportAdder adder = new FunctionImportAdder(reader.summary());
            int a = adder.add("reprise", "one", FuncType.of(List.of(), List.of()));
            int b = adder.add("reprise", "two", FuncType.of(List.of(ValType.I64), List.of(ValType.I64)));
            ModuleWriter w = new ModuleWriter();
            reader.accept(adder.visitor(w));
            byte[] out = w.toByteArray();
            NameSection after = names(out);
            int imported = reader.summary().importedFunctions();
            assertEquals(imported, a);
            assertEquals(imported + 1, b);
            assertEquals("reprise.one", after.functionNames().get(a));
            assertEquals("reprise.two", after.functionNames().get(b));
            for (Map.Entry<Integer, String> e : before.functionNames().entrySet()) {
                int moved = e.getKey() >= imported ? e.getKey() + 2 : e.getKey();
                assertEquals(e.getValue(), after.functionNames().get(moved), p + ": name of function " + e.getKey());
            }
            ModuleSummary s = new ModuleReader(out).summary();
            assertEquals(FuncType.of(List.of(ValType.I64), List.of(ValType.I64)), s.functionType(b));
            if (reader.summary().start() >= 0) {
                assertEquals(reader.summary().start() + 2, s.start());
            }
        }
    }

    @Test
    void callsAreRemappedInsideBodies() {
        byte[] in = TestCorpus.read(TestCorpus.requireShared("corpus/wasm-r3/core/call-imported").resolve("index.wasm"));
        ModuleReader reader = new ModuleReader(in);
        FunctionImportAdder adder = new FunctionImportAdder(reader.summary());
        adder.add("reprise", "x", FuncType.of(List.of(), List.of()));
        ModuleWriter w = new ModuleWriter();
        reader.accept(adder.visitor(w));
        StringBuilder body = new StringBuilder();
        new ModuleReader(w.toByteArray()).accept(new ModuleVisitor() {
            @Override
            public CodeVisitor visitCode(int functionIndex) {
                return new TextCodePrinter(body, "", false);
            }
        });
        assertTrue(body.toString().contains("call 0"), "the call of the original import keeps index 0: " + body);
    }
}
