package dev.reprise.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.runtime.DirMapping;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.StdinSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A WASI program of {@code benchmarks/corpus/programs.json} ready to run in the sandbox: its
 * bytes (committed beside the benchmarks, or a corpus binary from the cache), arguments,
 * environment, stdin and directories (a writable one is copied to a temporary folder first, so
 * benchmark runs never change the committed inputs).
 *
 * @param kind {@code io} when the manifest says the program exercises I/O or a file system, else {@code compute}
 */
record BenchProgram(String name, String kind, byte[] bytes, List<String> args, RunOptions options, int expectedExit) {
    private static final Path MANIFEST = Path.of("benchmarks", "corpus", "programs.json");

    /**
     * The programs {@code requested} ({@code NAME}, {@code NAME=ARGS}, or a path to a {@code .wasm}
     * WASI command with {@code =ARGS}); all WASI entries whose binary is present when empty.
     * {@code longer} replaces the manifest's arguments of the programs it names.
     */
    static List<BenchProgram> wasiPrograms(List<String> requested, Map<String, List<String>> longer) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(MANIFEST.toFile());
        List<BenchProgram> out = new ArrayList<>();
        if (requested.isEmpty()) {
            for (JsonNode p : manifest.path("programs")) {
                if (p.path("host").asText().equals("wasi") && binary(p) != null && Files.isRegularFile(binary(p))) {
                    out.add(of(p, longer.get(p.path("name").asText())));
                }
            }
            return out;
        }
        for (String r : requested) {
            String[] kv = r.split("=", 2);
            List<String> args = kv.length > 1 ? (kv[1].isBlank() ? List.of() : Arrays.asList(kv[1].split(" "))) : null;
            JsonNode entry = null;
            for (JsonNode p : manifest.path("programs")) {
                if (p.path("name").asText().equals(kv[0]) && p.path("host").asText().equals("wasi")) {
                    entry = p;
                }
            }
            if (entry != null) {
                out.add(of(entry, args != null ? args : longer.get(kv[0])));
            } else if (kv[0].endsWith(".wasm")) {
                Path file = Path.of(kv[0]);
                RunOptions.Builder b = RunOptions.builder();
                b.args(args != null ? args : List.of());
                String name = file.getFileName().toString().replace(".wasm", "");
                out.add(new BenchProgram(name, "compute", Files.readAllBytes(file), args != null ? args : List.of(), b.build(), 0));
            } else {
                throw new IllegalArgumentException("no WASI program named '" + kv[0] + "' in " + MANIFEST);
            }
        }
        return out;
    }

    private static Path binary(JsonNode p) {
        JsonNode source = p.path("source");
        if (source.has("committed")) {
            return MANIFEST.getParent().resolve(source.get("committed").asText()).normalize();
        }
        if (source.has("binary")) {
            return CodecOps.corpusDir().resolve(source.get("binary").asText() + ".wasm");
        }
        return null;
    }

    private static BenchProgram of(JsonNode p, List<String> argsOverride) throws IOException {
        String name = p.path("name").asText();
        Path file = binary(p);
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalStateException(name + ": " + file + " is missing (run .ci/fetch-corpus for corpus binaries)");
        }
        RunOptions.Builder b = RunOptions.builder();
        List<String> args = new ArrayList<>();
        if (argsOverride != null) {
            args.addAll(argsOverride);
        } else {
            p.path("args").forEach(a -> args.add(a.asText()));
        }
        b.args(args);
        p.path("env").fields().forEachRemaining(e -> b.env(e.getKey(), e.getValue().asText()));
        for (JsonNode d : p.path("dirs")) {
            Path host = MANIFEST.getParent().resolve(d.path("host").asText()).toAbsolutePath().normalize();
            boolean writable = d.path("writable").asBoolean(false);
            if (writable) {
                host = copy(host);
            }
            b.dir(new DirMapping(d.path("guest").asText(), host, writable));
        }
        if (p.has("stdin")) {
            b.stdin(StdinSource.of(Files.readAllBytes(MANIFEST.getParent().resolve(p.get("stdin").asText()))));
        }
        boolean io = false;
        for (JsonNode e : p.path("exercises")) {
            io |= e.asText().equals("io") || e.asText().equals("fs");
        }
        return new BenchProgram(name, io ? "io" : "compute", Files.readAllBytes(file), args, b.build(), p.path("exit").asInt(0));
    }

    private static Path copy(Path dir) throws IOException {
        Path to = Files.createTempDirectory("reprise-bench-" + dir.getFileName());
        try (var s = Files.walk(dir)) {
            for (Path from : s.toList()) {
                Path target = to.resolve(dir.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(from, target);
                }
            }
        }
        return to;
    }

    /** The system load average, for the figures' header. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }
}
