package dev.reprise.replay;

import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.WasmR3TraceImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The Wasm-R3 samples of {@code ../shared/corpus/wasm-r3/core}, imported with the module's own signatures. */
final class Samples {
    private Samples() {
    }

    record Sample(String name, byte[] wasm, Trace trace) {
    }

    static Path root() {
        Path p = Path.of(System.getProperty("reprise.shared", "../../shared"), "corpus", "wasm-r3", "core");
        Assumptions.assumeTrue(Files.isDirectory(p), "Wasm-R3 samples not found at " + p + ": skipped");
        return p;
    }

    static List<Sample> all() throws IOException {
        List<Sample> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root())) {
            for (Path d : dirs.sorted().toList()) {
                Path wasm = d.resolve("index.wasm");
                Path r3 = d.resolve("reference.r3");
                if (Files.exists(wasm) && Files.exists(r3)) {
                    byte[] bytes = Files.readAllBytes(wasm);
                    Trace t = new WasmR3TraceImporter(ModuleSignatures.of(bytes)).importTrace(r3, bytes);
                    out.add(new Sample(d.getFileName().toString(), bytes, t));
                }
            }
        }
        return out;
    }
}
