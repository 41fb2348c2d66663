package dev.reprise.runtime.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.runtime.DirMapping;
import dev.reprise.runtime.Engine;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every WASI preview1 program of {@code ../shared/corpus/wasi-testsuite} (C and
 * AssemblyScript) under both engines and checks exit code and stdout against its JSON.
 */
class WasiTestsuiteTest {
    private static final String SUITE = "corpus/wasi-testsuite";

    static Stream<Arguments> programs() throws IOException {
        Path suite = SharedCorpus.find(SUITE);
        if (suite == null) {
            return Stream.of(Arguments.of(Engine.COMPILER, "(absent)", null));
        }
        List<Arguments> out = new ArrayList<>();
        for (String folder : List.of("assemblyscript", "c")) {
            try (Stream<Path> s = Files.list(suite.resolve(folder))) {
                for (Path p : s.filter(f -> f.toString().endsWith(".wasm")).sorted().toList()) {
                    for (Engine e : Engine.values()) {
                        out.add(Arguments.of(e, folder + "/" + p.getFileName(), p));
                    }
                }
            }
        }
        return out.stream();
    }

    /** Options from the test's JSON (args, env, dirs or root). */
    static RunOptions optionsFor(Path wasm, Engine engine, JsonNode spec) {
        RunOptions.Builder b = RunOptions.builder().engine(engine);
        if (spec.has("args")) {
            spec.get("args").forEach(a -> b.arg(a.asText()));
        }
        if (spec.has("env")) {
            Iterator<Map.Entry<String, JsonNode>> it = spec.get("env").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                b.env(e.getKey(), e.getValue().asText());
            }
        }
        if (spec.has("root")) {
            b.dir(new DirMapping("/", wasm.resolveSibling(spec.get("root").asText()), false));
        }
        if (spec.has("dirs")) {
            spec.get("dirs").forEach(d -> b.dir(new DirMapping(d.asText(), wasm.resolveSibling(d.asText()), false)));
        }
        return b.build();
    }

    static JsonNode spec(Path wasm) throws IOException {
        Path json = wasm.resolveSibling(wasm.getFileName().toString().replaceAll("\\.wasm$", ".json"));
        ObjectMapper mapper = new ObjectMapper();
        return Files.exists(json) ? mapper.readTree(json.toFile()) : mapper.createObjectNode();
    }

    @ParameterizedTest(name = "{1} [{0}]")
    @MethodSource("programs")
    void passes(Engine engine, String name, Path wasm) throws IOException {
        Assumptions.assumeTrue(wasm != null, "skipped: ../shared/" + SUITE + " is absent (set -Dreprise.shared=DIR)");
        JsonNode spec = spec(wasm);
        RunOutcome o = Sandbox.run(wasm, optionsFor(wasm, engine, spec));
        int expected = spec.has("exit_code") ? spec.get("exit_code").asInt() : 0;
        String diag = name + ": " + o.termination() + " " + o.message() + " " + o.guestStack()
                + "\nstdout: " + o.stdoutText() + "\nstderr: " + o.stderrText();
        assertEquals(expected, o.exitCode(), diag);
        if (spec.has("stdout")) {
            assertEquals(spec.get("stdout").asText(), o.stdoutText(), diag);
        }
    }
}
