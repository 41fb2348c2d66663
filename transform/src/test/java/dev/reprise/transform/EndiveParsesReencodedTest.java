package dev.reprise.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;

/**
 * Every spec module and real binary that Endive's parser accepts is still accepted after a
 * forced re-encode (no copy-through), with the same number of functions, imports and exports.
 */
class EndiveParsesReencodedTest {
    @Test
    void reencodedModulesParseUnderEndive() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(SpecScript.specJsonDir())) {
            s.filter(p -> p.toString().endsWith(".wasm")).forEach(files::add);
        }
        files.addAll(Fixtures.thirdParty());
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (Path p : files) {
            byte[] in = Files.readAllBytes(p);
            WasmModule original;
            try {
                original = Parser.parse(in);
            } catch (RuntimeException e) {
                continue; // not accepted by Endive in the first place
            }
            byte[] out;
            try {
                ModuleReader r = new ModuleReader(in);
                ModuleWriter w = new ModuleWriter();
                r.accept(w);
                out = w.toByteArray();
            } catch (RuntimeException e) {
                continue; // malformed for reprise too (checked by the wasm module's tests)
            }
            try {
                WasmModule again = Parser.parse(out);
                checked++;
                if (again.functionSection().functionCount() != original.functionSection().functionCount()
                        || again.importSection().importCount() != original.importSection().importCount()
                        || again.exportSection().exportCount() != original.exportSection().exportCount()) {
                    failures.add(p + ": different shape after re-encoding");
                }
            } catch (RuntimeException e) {
                failures.add(p + ": " + e);
            }
        }
        System.out.println("re-encoded modules parsed by Endive: " + checked);
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), failures.size() + " failures");
    }
}
