package dev.reprise.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.benchmarks.corpus.CorpusManifest.Entry;
import dev.reprise.benchmarks.corpus.CorpusManifest.Kind;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CorpusManifestTest {

    private static final String ENTRY = """
            {"name": "%s", "package": "@s/p", "version": "1.0.0", "path": "%s",
             "sha256": "%s", "size": 10, "licence": "MIT", "kind": "%s", "features": ["simd"], "notes": "n"}""";

    private static String manifest(String... entries) {
        return "{\"schema\": 1, \"binaries\": [" + String.join(",", entries) + "]}";
    }

    private static String entry(String name, String path, String sha, String kind) {
        return ENTRY.formatted(name, path, sha, kind);
    }

    private static final String SHA = "ab".repeat(32);

    @Test
    void parsesAnEntry() {
        CorpusManifest m = CorpusManifest.parse(manifest(entry("x", "dist/x.wasm", SHA, "wasi-command")));
        Entry e = m.entry("x").orElseThrow();
        assertEquals("@s/p", e.npmPackage());
        assertEquals("@s/p@1.0.0", e.packageSpec());
        assertEquals(Kind.WASI_COMMAND, e.kind());
        assertTrue(e.hasFeature("SIMD"));
        assertEquals(List.of(e), m.withFeature("simd"));
    }

    @Test
    void rejectsBadEntries() {
        assertMessage("sha256 must be 64", manifest(entry("x", "x.wasm", "AB".repeat(32), "other")));
        assertMessage("path must be relative", manifest(entry("x", "package/x.wasm", SHA, "other")));
        assertMessage("name must match", manifest(entry("X Y", "x.wasm", SHA, "other")));
        assertMessage("duplicate name \"x\"", manifest(entry("x", "x.wasm", SHA, "other"), entry("x", "y.wasm", SHA, "other")));
        assertMessage("unknown kind", manifest(entry("x", "x.wasm", SHA, "rust")));
        assertMessage("schema 2 is not supported", "{\"schema\": 2, \"binaries\": []}");
        assertThrows(InvalidManifestException.class, () -> CorpusManifest.parse("{\"schema\": 1, \"binaries\": [}"));
    }

    private static String entryWithFiles(String files) {
        return ENTRY.formatted("x", "x.wasm", SHA, "emscripten").replace("}", ", \"files\": " + files + "}");
    }

    @Test
    void parsesExtraPackageFiles() {
        CorpusManifest m = CorpusManifest.parse(manifest(entryWithFiles(
                "[{\"path\": \"dist/glue.js\", \"sha256\": \"" + SHA + "\", \"size\": 12}, {\"path\": \"package.json\", \"sha256\": \"" + SHA + "\", \"size\": 0}]")));
        Entry e = m.entry("x").orElseThrow();
        assertEquals(List.of(new CorpusManifest.PackageFile("dist/glue.js", SHA, 12), new CorpusManifest.PackageFile("package.json", SHA, 0)), e.files());
        assertEquals(List.of(), CorpusManifest.parse(manifest(entry("y", "y.wasm", SHA, "other"))).binaries().get(0).files(),
                "files is optional");
        assertEquals(Path.of("/c/corpus/x/dist/glue.js"), new CorpusCache(Path.of("/c")).pathOf(e, e.files().get(0)));
    }

    @Test
    void rejectsBadExtraFiles() {
        String f = "{\"path\": \"%s\", \"sha256\": \"%s\", \"size\": 1}";
        assertMessage("entry \"x\": file \"../up.js\": path must be relative", manifest(entryWithFiles("[" + f.formatted("../up.js", SHA) + "]")));
        assertMessage("path must be relative", manifest(entryWithFiles("[" + f.formatted("/abs.js", SHA) + "]")));
        assertMessage("path must be relative", manifest(entryWithFiles("[" + f.formatted("a//b.js", SHA) + "]")));
        assertMessage("file \"a.js\": sha256 must be 64", manifest(entryWithFiles("[" + f.formatted("a.js", "xyz") + "]")));
        assertMessage("file \"a.js\" is listed twice", manifest(entryWithFiles("[" + f.formatted("a.js", SHA) + "," + f.formatted("a.js", SHA) + "]")));
        assertThrows(InvalidManifestException.class, () -> CorpusManifest.parse(manifest(entryWithFiles("[\"glue.js\"]"))),
                "a bare path without a checksum is not accepted");
    }

    @Test
    void selectRejectsUnknownNames() {
        CorpusManifest m = CorpusManifest.parse(manifest(entry("x", "x.wasm", SHA, "other")));
        assertEquals(1, m.select(List.of("x")).size());
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> m.select(List.of("x", "y")));
        assertEquals("no corpus entry named y", e.getMessage());
    }

    /** The real manifest: valid, and covering what the project promised to cover. */
    @Test
    void packagedManifestCoversTheKindsAndFeatures() {
        CorpusManifest m = CorpusManifest.readDefault();
        assertTrue(m.binaries().size() >= 14, "at least 14 binaries");
        Set<Kind> kinds = m.binaries().stream().map(Entry::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));
        assertTrue(kinds.containsAll(EnumSet.of(Kind.WASI_COMMAND, Kind.WASI_REACTOR, Kind.EMSCRIPTEN, Kind.WASM_BINDGEN, Kind.GO)), kinds.toString());
        for (String f : List.of("threads", "simd", "exceptions", "reference-types", "multi-table", "wasi-threads", "bulk-memory", "multi-value")) {
            assertFalse(m.withFeature(f).isEmpty(), "some binary uses " + f);
        }
        long large = m.binaries().stream().filter(e -> e.size() > 15_000_000 && e.kind() == Kind.WASI_REACTOR || e.kind() == Kind.WASI_COMMAND && e.size() > 15_000_000).count();
        assertTrue(large >= 1, "a large WASI program");
    }

    @Test
    void cacheLocationFollowsTheSystemProperty() {
        String before = System.getProperty(CorpusCache.PROPERTY);
        try {
            System.setProperty(CorpusCache.PROPERTY, "/some/where");
            assertEquals(Path.of("/some/where/corpus/x.wasm"), CorpusCache.fromEnvironment().pathOf("x"));
        } finally {
            if (before == null) {
                System.clearProperty(CorpusCache.PROPERTY);
            } else {
                System.setProperty(CorpusCache.PROPERTY, before);
            }
        }
    }

    private static void assertMessage(String part, String json) {
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> CorpusManifest.parse(json));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
