package dev.reprise.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The programs manifest: parsing, defaults, path resolution, and errors that name file, line and field. */
class ProgramsManifestTest {
    private static final Path FILE = Path.of("/corpus/programs.json");

    private static ProgramsManifest parse(String json) {
        return ProgramsManifest.parse(json.getBytes(StandardCharsets.UTF_8), FILE);
    }

    private static final String FIB = """
            {
              "schema": 1,
              "programs": [
                {
                  "name": "fib",
                  "description": "recursive Fibonacci",
                  "source": { "committed": "../programs/fib.wasm", "build": "../programs/build.sh" },
                  "licence": "Apache-2.0",
                  "provenance": "written for reprise",
                  "host": "wasi",
                  "args": ["30"],
                  "env": { "K": "V" },
                  "stdin": "inputs/words.txt",
                  "dirs": [ { "guest": "/data", "host": "inputs/data", "writable": true } ],
                  "exercises": ["compute", "c"],
                  "subset": true
                },
                {
                  "name": "lz4",
                  "description": "LZ4 round trips",
                  "source": { "binary": "lz4" },
                  "licence": "MIT",
                  "provenance": "npm lz4-wasm@0.9.2",
                  "host": "node",
                  "hostScript": "hosts/lz4.mjs",
                  "exercises": ["wasm-bindgen", "rust"],
                  "expectExit": 2
                }
              ]
            }
            """;

    @Test
    void readsEveryFieldAndResolvesPathsAgainstTheManifestFolder() {
        ProgramsManifest m = parse(FIB);
        BenchProgram fib = m.program("fib").orElseThrow();
        assertEquals(0, fib.index());
        assertEquals(4, fib.line());
        assertEquals(Path.of("/programs/fib.wasm"), fib.source().committed());
        assertEquals(Path.of("/programs/build.sh"), fib.source().build());
        assertEquals(BenchProgram.Host.WASI, fib.host());
        assertEquals(List.of("30"), fib.args());
        assertEquals(Map.of("K", "V"), fib.env());
        assertEquals(Path.of("/corpus/inputs/words.txt"), fib.stdin());
        assertEquals(List.of(new BenchProgram.Dir("/data", Path.of("/corpus/inputs/data"), true)), fib.dirs());
        assertTrue(fib.subset());
        assertEquals(0, fib.expectExit());
        assertNull(fib.hostScript());
        BenchProgram lz4 = m.program("lz4").orElseThrow();
        assertEquals(1, lz4.index());
        assertEquals("lz4", lz4.source().binary());
        assertFalse(lz4.source().isCommitted());
        assertEquals(Path.of("/corpus/hosts/lz4.mjs"), lz4.hostScript());
        assertEquals(List.of(), lz4.args());
        assertFalse(lz4.subset());
        assertEquals(2, lz4.expectExit());
        assertEquals(List.of(fib), m.subset());
        assertEquals(List.of(fib, lz4), m.select(List.of("lz4", "fib")));
        assertEquals("committed:../programs/fib.wasm", fib.source().describe(Path.of("/corpus")));
    }

    /** Replaces the first occurrence of {@code from} in the FIB manifest. */
    private static String with(String from, String to) {
        assertTrue(FIB.contains(from), from);
        return FIB.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    private static void assertError(String expected, String json) {
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> parse(json));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorsNameTheLineAndTheField() {
        assertError("/corpus/programs.json:10: program \"fib\": host: \"wasm\" is not a host (expected \"wasi\" or \"node\")",
                with("\"host\": \"wasi\"", "\"host\": \"wasm\""));
        assertError("/corpus/programs.json:11: program \"fib\": args: [0]: expected a string, found a number",
                with("\"args\": [\"30\"]", "\"args\": [30]"));
        assertError("/corpus/programs.json:11: program \"fib\": args: expected an array of strings, found a string",
                with("\"args\": [\"30\"]", "\"args\": \"30\""));
        assertError("/corpus/programs.json:4: program \"fib\": description: missing",
                with("\"description\": \"recursive Fibonacci\",", ""));
        assertError("/corpus/programs.json:18: program \"lz4\": hostScript: missing",
                with("\"hostScript\": \"hosts/lz4.mjs\",", ""));
        assertError("/corpus/programs.json:4: programs[0]: name: missing", with("\"name\": \"fib\",", ""));
        assertError("/corpus/programs.json:5: program \"Fib\": name: \"Fib\" must match [a-z0-9][a-z0-9-]*",
                with("\"name\": \"fib\"", "\"name\": \"Fib\""));
        assertError("/corpus/programs.json:18: program \"fib\": name: duplicate (first at line 4)",
                with("\"name\": \"lz4\"", "\"name\": \"fib\""));
        assertError("/corpus/programs.json:15: program \"fib\": exercises: unknown word \"maths\" (expected any of "
                        + "bulk-memory, c, compute, emscripten, exceptions, fs, go, io, multi-value, rust, simd, threads, "
                        + "wasm-bindgen, zig)",
                with("\"exercises\": [\"compute\", \"c\"]", "\"exercises\": [\"maths\"]"));
        assertError("/corpus/programs.json:7: program \"fib\": source: give exactly one of \"committed\" and \"binary\"",
                with("\"source\": { \"committed\": \"../programs/fib.wasm\", \"build\": \"../programs/build.sh\" }",
                        "\"source\": { \"committed\": \"a.wasm\", \"binary\": \"b\" }"));
        assertError("/corpus/programs.json:16: program \"fib\": subset: expected true or false, found a string",
                with("\"subset\": true", "\"subset\": \"yes\""));
        assertError("/corpus/programs.json:16: program \"fib\": colour: unknown field (expected one of args, description, "
                        + "dirs, engine, engineReason, env, exercises, expectExit, host, hostScript, licence, name, provenance, source, stdin, subset)",
                with("\"subset\": true", "\"subset\": true, \"colour\": 1"));
        assertError("/corpus/programs.json:12: program \"fib\": env: bad variable name \"A=B\"",
                with("\"K\": \"V\"", "\"A=B\": \"V\""));
        assertError("/corpus/programs.json:14: program \"fib\": dirs: [0]: expected {\"guest\": PATH, \"host\": PATH, \"writable\": BOOL}",
                with("\"guest\": \"/data\", ", ""));
        assertError("/corpus/programs.json:10: program \"fib\": hostScript: only for host \"node\"",
                with("\"host\": \"wasi\",", "\"host\": \"wasi\", \"hostScript\": \"x.mjs\","));
        assertError("/corpus/programs.json:2: schema: 2 is not supported (expected 1)", with("\"schema\": 1", "\"schema\": 2"));
        assertError("/corpus/programs.json:1: schema: missing (expected 1)", with("\"schema\": 1,", ""));
        assertError("/corpus/programs.json:3: unknown field \"program\" (expected schema, programs)",
                with("\"programs\"", "\"program\""));
    }

    @Test
    void engineNodeRunsAWasiProgramUnderNodeAndMustSayWhy() {
        assertEquals(BenchProgram.Engine.REPRISE, parse(FIB).program("fib").orElseThrow().engine());
        BenchProgram fib = parse(with("\"subset\": true", "\"subset\": true, \"engine\": \"node\", \"engineReason\": \"no SIMD\""))
                .program("fib").orElseThrow();
        assertEquals(BenchProgram.Engine.NODE, fib.engine());
        assertEquals("no SIMD", fib.engineReason());
        assertError("/corpus/programs.json:16: program \"fib\": engine: \"node\" needs an engineReason (why reprise's runtime cannot run it)",
                with("\"subset\": true", "\"subset\": true, \"engine\": \"node\""));
        assertError("/corpus/programs.json:16: program \"fib\": engine: \"v8\" is not an engine (expected \"reprise\" or \"node\")",
                with("\"subset\": true", "\"subset\": true, \"engine\": \"v8\", \"engineReason\": \"x\""));
        assertError("/corpus/programs.json:16: program \"fib\": engineReason: only with an engine other than \"reprise\"",
                with("\"subset\": true", "\"subset\": true, \"engineReason\": \"x\""));
        assertError("/corpus/programs.json:27: program \"lz4\": engine: only for host \"wasi\" (node programs always run on node)",
                with("\"expectExit\": 2", "\"expectExit\": 2, \"engine\": \"node\""));
    }

    @Test
    void malformedJsonNamesTheLine() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> parse(with("\"licence\": \"MIT\",", "\"licence\": \"MIT\"")));
        assertTrue(e.getMessage().startsWith("/corpus/programs.json:23: not valid JSON: "), e.getMessage());
    }

    @Test
    void unknownNamesInASelectionAreListedWithTheKnownOnes() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> parse(FIB).select(List.of("fib", "nope")));
        assertEquals("/corpus/programs.json: no program named nope (known: fib, lz4)", e.getMessage());
    }

    /** The repository's manifest: valid, and everything it names exists (committed files, binaries, hosts, inputs). */
    @Test
    void theRepositoryManifestIsConsistent() throws Exception {
        Path file = Path.of("corpus", "programs.json");
        ProgramsManifest m = ProgramsManifest.read(file);
        CorpusManifest binaries = CorpusManifest.read(Path.of("corpus", "binaries.json"));
        assertFalse(m.subset().isEmpty(), "the built-in subset is empty");
        for (BenchProgram p : m.programs()) {
            if (p.source().isCommitted()) {
                assertTrue(Files.isRegularFile(p.source().committed()), p.name() + ": " + p.source().committed());
            } else {
                assertTrue(binaries.entry(p.source().binary()).isPresent(), p.name() + ": binary " + p.source().binary()
                        + " is not in binaries.json");
            }
            if (p.hostScript() != null) {
                assertTrue(Files.isRegularFile(p.hostScript()), p.name() + ": " + p.hostScript());
            }
            if (p.stdin() != null) {
                assertTrue(Files.isRegularFile(p.stdin()), p.name() + ": " + p.stdin());
            }
            for (BenchProgram.Dir d : p.dirs()) {
                assertTrue(Files.isDirectory(d.host()), p.name() + ": " + d.host());
            }
        }
    }
}
