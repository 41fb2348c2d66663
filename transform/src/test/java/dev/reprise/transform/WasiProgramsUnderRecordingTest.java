package dev.reprise.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasi.WasiExitException;
import run.endive.wasi.WasiOptions;
import run.endive.wasi.WasiPreview1;
import run.endive.wasm.Parser;

/**
 * Real programs: each wasi-testsuite program (C and AssemblyScript, those that need no host
 * directory) runs under Endive's WASI before and after instrumentation, in all three modes, with the
 * same arguments, environment, clock and random seed; stdout, stderr and exit code must be
 * identical. Also compares how many reads each mode reports.
 */
class WasiProgramsUnderRecordingTest {
    record Outcome(int exit, byte[] out, byte[] err) {
    }

    @Test
    void instrumentedProgramsPrintAndExitLikeTheOriginals() throws Exception {
        Path suite = Paths.get(System.getProperty("reprise.shared", "../../shared")).toAbsolutePath().normalize()
                .resolve("corpus/wasi-testsuite");
        Assumptions.assumeTrue(Files.isDirectory(suite), "skipped: " + suite + " not found (../shared is absent)");
        List<Path> programs;
        try (Stream<Path> s = Stream.concat(Files.list(suite.resolve("c")), Files.list(suite.resolve("assemblyscript")))) {
            programs = s.filter(p -> p.toString().endsWith(".wasm")).sorted().collect(Collectors.toList());
        }
        int ran = 0;
        long shadowReads = 0;
        long fullReads = 0;
        for (Path p : programs) {
            JsonNode spec = spec(p);
            if (spec.has("root") || spec.has("dirs")) {
                continue; // needs a host directory the programs write to
            }
            byte[] original = Files.readAllBytes(p);
            Outcome expected = run(original, spec, new RecordingStandIn(false));
            RecordingStandIn shadowHooks = new RecordingStandIn(true);
            Outcome shadow = run(new RecordingInstrumentation().apply(original), spec, shadowHooks);
            RecordingStandIn fullHooks = new RecordingStandIn(true);
            Outcome full = run(new RecordingInstrumentation(true).apply(original), spec, fullHooks);
            RecordingStandIn hostHooks = new RecordingStandIn(true);
            Outcome host = run(new RecordingInstrumentation(RecordingMode.HOST).apply(original), spec, hostHooks);
            assertEquals(fullHooks.named("import_enter").stream().map(e -> e.args()[0]).toList(),
                    hostHooks.named("import_enter").stream().map(e -> e.args()[0]).toList(), p + " import calls in host mode");
            assertEquals(0, hostHooks.named("read_").size(), p + ": host mode reports no reads");
            for (Outcome o : List.of(shadow, full, host)) {
                assertEquals(expected.exit(), o.exit(), p + " exit code");
                assertArrayEquals(expected.out(), o.out(), p + " stdout");
                assertArrayEquals(expected.err(), o.err(), p + " stderr");
            }
            assertEquals(fullHooks.named("import_enter").size(), shadowHooks.named("import_enter").size(), p + " import calls");
            shadowReads += shadowHooks.named("read_").size();
            fullReads += fullHooks.named("read_").size();
            ran++;
        }
        System.out.printf("wasi-testsuite under recording: %d programs identical in all three modes; reads reported: full %,d, shadow %,d%n",
                ran, fullReads, shadowReads);
        assertTrue(ran >= 15, "expected most of the suite to run, ran " + ran);
        assertTrue(shadowReads * 10 < fullReads, "the shadow should drop most reads: " + shadowReads + " of " + fullReads);
    }

    private static JsonNode spec(Path wasm) throws Exception {
        Path json = wasm.resolveSibling(wasm.getFileName().toString().replace(".wasm", ".json"));
        return Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : new ObjectMapper().createObjectNode();
    }

    private static Outcome run(byte[] module, JsonNode spec, RecordingStandIn hooks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("prog"));
        spec.path("args").forEach(a -> args.add(a.asText()));
        WasiOptions.Builder options = WasiOptions.builder().withStdout(out).withStderr(err).withArguments(args)
                .withRandom(new Random(7)).withClock(java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1_700_000_000), java.time.ZoneOffset.UTC));
        spec.path("env").fields().forEachRemaining(e -> options.withEnvironment(e.getKey(), e.getValue().asText()));
        int exit = 0;
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
            ImportValues imports = hooks.addTo(ImportValues.builder()).addFunction(wasi.toHostFunctions()).build();
            Instance inst = Instance.builder(Parser.parse(module)).withImportValues(imports).withStart(false).build();
            inst.export("_start").apply();
        } catch (WasiExitException e) {
            exit = e.exitCode();
        } catch (RuntimeException e) {
            exit = -1000;
            err.writeBytes(("trap: " + e.getClass().getSimpleName()).getBytes());
        }
        return new Outcome(exit, out.toByteArray(), err.toByteArray());
    }
}
