package dev.reprise.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Consistency of {@code corpus/programs.json} with the files beside it and with
 * {@code binaries.json}, read with Jackson's tree model only (the typed reader is
 * {@code ProgramsManifest}'s job): every problem is collected, so one run lists them all.
 */
class ProgramsJsonTest {

    private static final Path CORPUS = Path.of("corpus");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> EXERCISES = Set.of("compute", "io", "fs", "threads", "simd", "exceptions",
            "bulk-memory", "multi-value", "emscripten", "wasm-bindgen", "go", "rust", "c", "zig");

    private final List<String> problems = new ArrayList<>();

    @Test
    void programsJsonIsConsistentWithTheFilesAndTheBinaries() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(CORPUS.resolve("programs.json").toFile());
        CorpusManifest binaries = CorpusManifest.read(CORPUS.resolve("binaries.json"));
        assertEquals(1, root.path("schema").asInt(), "schema");
        JsonNode programs = root.path("programs");
        assertTrue(programs.isArray(), "programs is an array");

        Set<String> names = new HashSet<>();
        Set<String> binariesUsed = new HashSet<>();
        int thirdParty = 0;
        int subset = 0;
        for (JsonNode p : programs) {
            String name = p.path("name").asText("");
            String where = "program \"" + name + "\"";
            check(NAME.matcher(name).matches(), where + ": name must match " + NAME.pattern());
            check(names.add(name), where + ": duplicate name");
            for (String field : List.of("description", "licence", "provenance", "host")) {
                check(!p.path(field).asText("").isBlank(), where + ": " + field + " is missing");
            }
            JsonNode source = p.path("source");
            boolean committed = source.has("committed");
            check(committed != source.has("binary"), where + ": source needs exactly one of committed and binary");
            if (committed) {
                exists(where, source.path("committed").asText());
                exists(where, source.path("build").asText("(no build script)"));
                check(p.path("licence").asText().equals("Apache-2.0"), where + ": our programs carry the project's licence");
            } else {
                thirdParty++;
                String binary = source.path("binary").asText();
                binariesUsed.add(binary);
                check(binaries.entry(binary).isPresent(), where + ": binary \"" + binary + "\" is not in binaries.json");
                binaries.entry(binary).ifPresent(e -> check(p.path("provenance").asText().contains(e.packageSpec()),
                        where + ": provenance should name " + e.packageSpec()));
            }
            String host = p.path("host").asText();
            check(host.equals("wasi") || host.equals("node"), where + ": host must be wasi or node");
            if (host.equals("node")) {
                check(p.has("hostScript"), where + ": a node program needs a hostScript");
                exists(where, p.path("hostScript").asText());
                check(!committed, where + ": node programs are third-party binaries with their glue");
            } else {
                check(!p.has("hostScript"), where + ": hostScript is for node programs only");
            }
            for (JsonNode a : p.path("args")) {
                check(a.isTextual(), where + ": args are strings");
            }
            p.path("env").fields().forEachRemaining(e -> check(e.getValue().isTextual(), where + ": env values are strings"));
            if (p.has("stdin")) {
                exists(where, p.path("stdin").asText());
            }
            for (JsonNode d : p.path("dirs")) {
                check(d.path("guest").asText("").startsWith("/"), where + ": a dir's guest path is absolute");
                check(Files.isDirectory(CORPUS.resolve(d.path("host").asText("?"))), where + ": dir " + d.path("host") + " is not a folder");
                check(d.path("writable").isBoolean(), where + ": dir needs writable true or false");
            }
            check(p.path("exercises").size() > 0, where + ": exercises is empty");
            for (JsonNode x : p.path("exercises")) {
                check(EXERCISES.contains(x.asText()), where + ": unknown exercise \"" + x.asText() + "\"");
            }
            check(p.path("subset").isBoolean(), where + ": subset must be true or false");
            if (p.path("subset").asBoolean()) {
                subset++;
                check(committed && host.equals("wasi"), where + ": the built-in subset holds committed WASI programs only");
            }
        }
        check(programs.size() >= 30, "at least 30 programs, found " + programs.size());
        check(thirdParty >= 20, "at least 20 third-party programs, found " + thirdParty);
        check(binariesUsed.size() >= 20, "at least 20 different third-party binaries, found " + binariesUsed.size());
        check(subset >= 8, "a built-in subset of about 10 programs, found " + subset);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private void exists(String where, String relative) {
        check(Files.isRegularFile(CORPUS.resolve(relative)), where + ": " + relative + " does not exist under " + CORPUS.toAbsolutePath());
    }

    private void check(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
