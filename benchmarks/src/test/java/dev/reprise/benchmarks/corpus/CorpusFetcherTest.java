package dev.reprise.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.benchmarks.corpus.CorpusManifest.Entry;
import dev.reprise.benchmarks.corpus.CorpusManifest.Kind;
import dev.reprise.benchmarks.corpus.CorpusManifest.PackageFile;
import dev.reprise.benchmarks.corpus.internal.TestTar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against an in-memory package source: no network. */
class CorpusFetcherTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    static final byte[] A = "\0asm\1\0\0\0 module a".getBytes(StandardCharsets.UTF_8);
    static final byte[] B = "\0asm\1\0\0\0 module b, a bit longer".getBytes(StandardCharsets.UTF_8);

    /** Serves tarballs from memory and counts downloads. */
    static final class FakeSource implements PackageSource {
        final Map<String, byte[]> tarballs = new HashMap<>();
        final Map<String, String> integrityOverride = new HashMap<>();
        final List<String> downloads = new ArrayList<>();

        FakeSource put(String spec, byte[] tgz) {
            tarballs.put(spec, tgz);
            return this;
        }

        @Override
        public Tarball resolve(String npmPackage, String version) {
            String spec = npmPackage + "@" + version;
            byte[] tgz = tarballs.get(spec);
            if (tgz == null) {
                throw new CorpusFetchException(spec + " is not in the registry");
            }
            String integrity = integrityOverride.getOrDefault(spec, "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", tgz)));
            return new Tarball(URI.create("mem:" + spec), integrity);
        }

        @Override
        public void download(Tarball tarball, Path target) throws IOException {
            String spec = tarball.uri().getSchemeSpecificPart();
            downloads.add(spec);
            Files.write(target, tarballs.get(spec));
        }
    }

    static byte[] digest(String algo, byte[] b) {
        try {
            return MessageDigest.getInstance(algo).digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] b) {
        return HexFormat.of().formatHex(digest("SHA-256", b));
    }

    static Entry entry(String name, String pkg, String path, byte[] content) {
        return new Entry(name, pkg, "1.0.0", path, sha256(content), content.length, "MIT", Kind.OTHER, List.of(), "");
    }

    private FakeSource twoFilePackage() {
        return new FakeSource().put("@scope/pkg@1.0.0", new TestTar()
                .directory("package/")
                .file("package/package.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("package/dist/a.wasm", A)
                .paxFile("package/" + "long/".repeat(30) + "b.wasm", B)
                .tgz());
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> cacheFiles(CorpusCache cache) throws IOException {
        try (Stream<Path> s = Files.list(cache.corpusDir())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fetchesBothEntriesFromOneDownloadThenNothing() throws IOException {
        FakeSource src = twoFilePackage();
        CorpusCache cache = new CorpusCache(tmp);
        List<Entry> entries = List.of(
                entry("a", "@scope/pkg", "dist/a.wasm", A),
                entry("b", "@scope/pkg", "long/".repeat(30) + "b.wasm", B));

        CorpusFetcher.Result r = new CorpusFetcher(cache, src, log).fetch(entries);
        assertTrue(r.ok(), log());
        assertEquals(2, r.fetched().size());
        assertEquals(List.of("@scope/pkg@1.0.0"), src.downloads, "one package, one download");
        assertArrayEquals(A, Files.readAllBytes(tmp.resolve("corpus/a.wasm")));
        assertArrayEquals(B, Files.readAllBytes(cache.pathOf("b")));
        assertEquals(List.of("a.wasm", "b.wasm"), cacheFiles(cache), "no temporary files left");
        assertTrue(entries.stream().allMatch(cache::isVerified));

        CorpusFetcher.Result again = new CorpusFetcher(cache, src, log).fetch(entries);
        assertTrue(again.ok());
        assertEquals(2, again.cached().size());
        assertEquals(1, src.downloads.size(), "second run downloads nothing");
    }

    @Test
    void checksumMismatchNamesExpectedAndActualAndCachesNothing() throws IOException {
        FakeSource src = twoFilePackage();
        CorpusCache cache = new CorpusCache(tmp);
        String wrong = "0".repeat(64);
        Entry bad = new Entry("a", "@scope/pkg", "1.0.0", "dist/a.wasm", wrong, A.length, "MIT", Kind.OTHER, List.of(), "");
        Entry good = entry("b", "@scope/pkg", "long/".repeat(30) + "b.wasm", B);

        CorpusFetcher.Result r = new CorpusFetcher(cache, src, log).fetch(List.of(bad, good));
        assertFalse(r.ok());
        String msg = r.failures().get("a");
        assertTrue(msg.contains("expected " + wrong), msg);
        assertTrue(msg.contains("got " + sha256(A)), msg);
        assertTrue(msg.contains("@scope/pkg@1.0.0"), msg);
        assertFalse(msg.contains("\n"), "one line");
        assertTrue(log().contains("FAILED a: SHA-256 mismatch"), log());
        assertEquals(List.of("b.wasm"), cacheFiles(cache), "the bad file never lands, the good one does");
        assertFalse(cache.isPresent(bad));
    }

    @Test
    void wrongFileInCacheIsReplaced() throws IOException {
        FakeSource src = twoFilePackage();
        CorpusCache cache = new CorpusCache(tmp);
        Entry a = entry("a", "@scope/pkg", "dist/a.wasm", A);
        Files.createDirectories(cache.corpusDir());
        byte[] corrupt = A.clone();
        corrupt[10] ^= 1;                              // same size, wrong digest
        Files.write(cache.pathOf(a), corrupt);
        assertTrue(cache.isPresent(a));
        assertFalse(cache.isVerified(a));

        assertTrue(new CorpusFetcher(cache, src, log).fetch(List.of(a)).ok(), log());
        assertEquals(1, src.downloads.size());
        assertArrayEquals(A, Files.readAllBytes(cache.pathOf(a)));
    }

    @Test
    void tarballIntegrityMismatchIsReported() throws IOException {
        FakeSource src = twoFilePackage();
        src.integrityOverride.put("@scope/pkg@1.0.0", "sha512-" + Base64.getEncoder().encodeToString(new byte[64]));
        CorpusCache cache = new CorpusCache(tmp);
        CorpusFetcher.Result r = new CorpusFetcher(cache, src, log).fetch(List.of(entry("a", "@scope/pkg", "dist/a.wasm", A)));
        String msg = r.failures().get("a");
        assertTrue(msg.startsWith("integrity mismatch for @scope/pkg@1.0.0 tarball: expected sha512-AAAA"), msg);
        assertEquals(List.of(), cacheFiles(cache));
    }

    @Test
    void missingPathNamesThePackage() throws IOException {
        FakeSource src = twoFilePackage();
        CorpusCache cache = new CorpusCache(tmp);
        CorpusFetcher.Result r = new CorpusFetcher(cache, src, log).fetch(List.of(
                entry("nope", "@scope/pkg", "dist/nope.wasm", A),
                entry("a", "@scope/pkg", "dist/a.wasm", A)));
        assertEquals("nope: path \"dist/nope.wasm\" not found in package @scope/pkg@1.0.0", r.failures().get("nope"));
        assertEquals(List.of("a"), r.fetched().stream().map(Entry::name).toList());
        assertEquals(List.of("a.wasm"), cacheFiles(cache));
    }

    @Test
    void unknownPackageFailsThatEntryOnly() {
        FakeSource src = twoFilePackage();
        CorpusFetcher.Result r = new CorpusFetcher(new CorpusCache(tmp), src, log).fetch(List.of(
                entry("ghost", "ghost-pkg", "x.wasm", A),
                entry("a", "@scope/pkg", "dist/a.wasm", A)));
        assertEquals("ghost-pkg@1.0.0 is not in the registry", r.failures().get("ghost"));
        assertEquals(1, r.fetched().size());
    }

    static final byte[] GLUE = "export function glue() { return 1; }\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] PKG_JSON = "{\"type\": \"module\"}".getBytes(StandardCharsets.UTF_8);

    private FakeSource gluePackage() {
        return new FakeSource().put("@scope/pkg@1.0.0", new TestTar()
                .file("package/package.json", PKG_JSON)
                .file("package/dist/a.wasm", A)
                .file("package/dist/glue.js", GLUE)
                .file("package/b.wasm", B)
                .tgz());
    }

    private static Entry withFiles(Entry e, PackageFile... files) {
        return new Entry(e.name(), e.npmPackage(), e.version(), e.path(), e.sha256(), e.size(), e.licence(), e.kind(),
                e.features(), e.notes(), List.of(files));
    }

    private static PackageFile file(String path, byte[] content) {
        return new PackageFile(path, sha256(content), content.length);
    }

    @Test
    void extraPackageFilesAreCachedBesideTheModuleAtTheirPackagePaths() throws IOException {
        FakeSource src = gluePackage();
        CorpusCache cache = new CorpusCache(tmp);
        Entry a = withFiles(entry("a", "@scope/pkg", "dist/a.wasm", A), file("dist/glue.js", GLUE), file("package.json", PKG_JSON));
        Entry b = withFiles(entry("b", "@scope/pkg", "b.wasm", B), file("package.json", PKG_JSON));

        CorpusFetcher.Result r = new CorpusFetcher(cache, src, log).fetch(List.of(a, b));
        assertTrue(r.ok(), log());
        assertEquals(1, src.downloads.size());
        assertEquals(tmp.resolve("corpus/a"), cache.filesDir(a));
        assertArrayEquals(GLUE, Files.readAllBytes(tmp.resolve("corpus/a/dist/glue.js")));
        assertArrayEquals(PKG_JSON, Files.readAllBytes(tmp.resolve("corpus/a/package.json")));
        assertArrayEquals(PKG_JSON, Files.readAllBytes(tmp.resolve("corpus/b/package.json")), "a file two entries want goes to both");
        assertArrayEquals(A, Files.readAllBytes(cache.pathOf(a)));
        assertEquals(List.of("a", "a.wasm", "b", "b.wasm"), cacheFiles(cache), "no temporary files left");
        assertTrue(cache.isVerified(a) && cache.isVerified(b));

        assertTrue(new CorpusFetcher(cache, src, log).fetch(List.of(a, b)).ok());
        assertEquals(1, src.downloads.size(), "second run downloads nothing");

        Files.delete(tmp.resolve("corpus/a/dist/glue.js"));
        assertFalse(cache.isPresent(a), "a missing extra file makes the entry missing");
        CorpusFetcher.Result again = new CorpusFetcher(cache, src, log).fetch(List.of(a, b));
        assertTrue(again.ok(), log());
        assertEquals(List.of("a"), again.fetched().stream().map(Entry::name).toList());
        assertArrayEquals(GLUE, Files.readAllBytes(tmp.resolve("corpus/a/dist/glue.js")));
    }

    @Test
    void extraFileChecksumMismatchIsOneLineAndNothingOfTheEntryLands() throws IOException {
        FakeSource src = gluePackage();
        CorpusCache cache = new CorpusCache(tmp);
        String wrong = "1".repeat(64);
        Entry a = withFiles(entry("a", "@scope/pkg", "dist/a.wasm", A), new PackageFile("dist/glue.js", wrong, GLUE.length));
        Entry b = entry("b", "@scope/pkg", "b.wasm", B);

        CorpusFetcher.Result r = new CorpusFetcher(cache, src, log).fetch(List.of(a, b));
        assertFalse(r.ok());
        String msg = r.failures().get("a");
        assertTrue(msg.startsWith("SHA-256 mismatch for a file dist/glue.js (@scope/pkg@1.0.0 dist/glue.js, "), msg);
        assertTrue(msg.contains("expected " + wrong + ", got " + sha256(GLUE)), msg);
        assertFalse(msg.contains("\n"));
        assertTrue(log().contains("corpus: FAILED a: SHA-256 mismatch for a file dist/glue.js"), log());
        assertEquals(List.of("b.wasm"), cacheFiles(cache), "neither a.wasm nor a/ lands; b does");
    }

    @Test
    void extraFileSizeMismatchAndMissingFileAreReported() throws IOException {
        FakeSource src = gluePackage();
        CorpusCache cache = new CorpusCache(tmp);
        Entry a = withFiles(entry("a", "@scope/pkg", "dist/a.wasm", A), new PackageFile("dist/glue.js", sha256(GLUE), 3));
        Entry b = withFiles(entry("b", "@scope/pkg", "b.wasm", B), file("dist/nope.js", GLUE));

        CorpusFetcher.Result r = new CorpusFetcher(cache, src, log).fetch(List.of(a, b));
        assertEquals("a file dist/glue.js: size mismatch: manifest says 3 bytes, @scope/pkg@1.0.0 dist/glue.js has "
                + GLUE.length + " (SHA-256 matches)", r.failures().get("a"));
        assertEquals("b: path \"dist/nope.js\" not found in package @scope/pkg@1.0.0", r.failures().get("b"));
        assertFalse(Files.exists(cache.corpusDir().resolve("b.wasm")));
    }

    @Test
    void packagePathDropsTheTopFolderWhateverItsName() {
        assertEquals("dist/x.wasm", CorpusFetcher.packagePath("package/dist/x.wasm"));
        assertEquals("x.wasm", CorpusFetcher.packagePath("node/x.wasm"));
        assertEquals("x.wasm", CorpusFetcher.packagePath("./package/x.wasm"));
    }

    @Test
    void commandLineCheckFailsOnEmptyCacheAndUsageErrorsExitTwo() throws IOException {
        Path manifest = tmp.resolve("m.json");
        Files.writeString(manifest, """
                {"schema": 1, "binaries": [{"name": "a", "package": "p", "version": "1.0.0", "path": "a.wasm",
                  "sha256": "%s", "size": %d, "licence": "MIT", "kind": "other", "features": [], "notes": ""}]}
                """.formatted(sha256(A), A.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Path cacheDir = tmp.resolve("cache");
        assertEquals(1, CorpusFetcher.run(new String[] {"--manifest", manifest.toString(), "--cache", cacheDir.toString(), "--check"}, o, log));
        assertTrue(log().contains("1 of 1 entries missing"), log());

        Files.createDirectories(cacheDir.resolve("corpus"));
        Files.write(cacheDir.resolve("corpus/a.wasm"), A);
        assertEquals(0, CorpusFetcher.run(new String[] {"--manifest", manifest.toString(), "--cache", cacheDir.toString(), "--check"}, o, log));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("ok "), out.toString(StandardCharsets.UTF_8));

        assertEquals(2, CorpusFetcher.run(new String[] {"--bogus"}, o, log));
        assertEquals(2, CorpusFetcher.run(new String[] {"--cache"}, o, log));
        assertEquals(1, CorpusFetcher.run(new String[] {"--manifest", manifest.toString(), "--cache", cacheDir.toString(), "--only", "zzz", "--check"}, o, log));
        assertTrue(log().contains("no corpus entry named zzz"), log());
    }
}
