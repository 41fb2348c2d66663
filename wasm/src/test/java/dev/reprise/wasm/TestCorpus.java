package dev.reprise.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The corpora tests run over: the spec suite's binary modules (with the suite's own verdict on
 * each), the wasi-testsuite programs, the Wasm-R3 samples and the pinned third-party binaries in
 * the cache. Tests skip with a message when {@code ../shared} or the cache is absent.
 */
final class TestCorpus {
    /** One binary module named by a spec JSON command. */
    record SpecModule(Path file, String command, String expectedText, int line, String currentVerdict) {
        boolean malformed() {
            return command.equals("assert_malformed");
        }

        /**
         * Why the spec's verdict on this module no longer holds for the current standard, or null.
         * The 2022 proposal snapshots predate later merges into the core: memory.size/grow and
         * call_indirect take LEB128 indices since multi-memory and reference types; a shared
         * memory without maximum became invalid rather than malformed; function-references drafts
         * encoded (ref $t) as 0x6B/0x6C.
         */
        String superseded() {
            String dir = file.getParent().getFileName().toString();
            boolean snapshot2022 = file.getParent().getParent().getFileName().toString().equals("json-2022");
            if (!snapshot2022 && !dir.equals("multi-memory_binary")) {
                return null;
            }
            if (currentVerdict != null && !currentVerdict.equals(command + ":" + expectedText)) {
                return "the current suite judges the same bytes as " + currentVerdict;
            }
            if ("zero byte expected".equals(expectedText)) {
                return "memory index of memory.size/grow is a LEB128 u32 since multi-memory";
            }
            if ("zero flag expected".equals(expectedText)) {
                return "table index of call_indirect is a LEB128 u32 since reference types";
            }
            if (malformed() && "integer too large".equals(expectedText) && isSharedWithoutMax()) {
                return "limits flag 0x02 (shared) is a threads feature; no maximum is a validation error";
            }
            if (dir.equals("function-references_type-equivalence")) {
                return "pre-standard encoding of (ref $t)";
            }
            return null;
        }

        private boolean isSharedWithoutMax() {
            byte[] b = read(file);
            return b.length == 13 && b[8] == 5 && b[11] == 2;
        }

        @Override
        public String toString() {
            return file.getParent().getFileName() + "/" + file.getFileName() + " (line " + line + ", " + command + ")";
        }
    }

    private TestCorpus() {
    }

    static Path shared() {
        String p = System.getProperty("reprise.shared", "../../shared");
        return Paths.get(p).toAbsolutePath().normalize();
    }

    static Path requireShared(String sub) {
        Path dir = shared().resolve(sub);
        Assumptions.assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " not found (../shared is absent)");
        return dir;
    }

    static Path cache() {
        String env = System.getenv("REPRISE_CACHE");
        String p = env != null ? env : System.getProperty("reprise.cache", System.getProperty("user.home") + "/.cache/reprise");
        return Paths.get(p).resolve("corpus");
    }

    /** Every binary module named by the spec JSON files (both snapshots). */
    static List<SpecModule> specModules() {
        Path root = requireShared("corpus/spec");
        List<SpecModule> out = new ArrayList<>();
        java.util.Map<String, String> currentVerdicts = new java.util.HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String dir : List.of("json", "json-2022")) {
            for (Path f : list(root.resolve(dir), ".json")) {
                try {
                    JsonNode commands = json.readTree(f.toFile()).get("commands");
                    for (JsonNode c : commands) {
                        String name = c.path("filename").asText("");
                        if (!name.endsWith(".wasm") || "text".equals(c.path("module_type").asText())) {
                            continue;
                        }
                        Path wasm = f.getParent().resolve(name);
                        if (Files.isRegularFile(wasm)) {
                            String command = c.get("type").asText();
                            String text = c.path("text").asText(null);
                            String key = java.util.Base64.getEncoder().encodeToString(read(wasm));
                            String verdict = command + ":" + text;
                            String current = dir.equals("json") ? null : currentVerdicts.get(key);
                            if (dir.equals("json")) {
                                currentVerdicts.putIfAbsent(key, verdict);
                            }
                            out.add(new SpecModule(wasm, command, text, c.path("line").asInt(), current));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /** The wasi-testsuite programs and Wasm-R3 samples. */
    static List<Path> programs() {
        Path root = requireShared("corpus");
        List<Path> out = new ArrayList<>(list(root.resolve("wasi-testsuite"), ".wasm"));
        out.addAll(list(root.resolve("wasm-r3"), ".wasm"));
        return out;
    }

    /** Third-party binaries fetched into the cache; empty when none were fetched. */
    static List<Path> thirdParty() {
        return list(cache(), ".wasm");
    }

    static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
