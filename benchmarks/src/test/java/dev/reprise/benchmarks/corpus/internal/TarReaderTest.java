package dev.reprise.benchmarks.corpus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.benchmarks.corpus.internal.TarReader.TarEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Reads every regular file, in order. */
    private static Map<String, byte[]> readAll(byte[] tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        TarReader r = new TarReader(new ByteArrayInputStream(tar));
        for (TarEntry e; (e = r.next()) != null; ) {
            if (e.isFile()) {
                out.put(e.name(), r.content().readAllBytes());
            }
        }
        return out;
    }

    @Test
    void readsUstarFilesAndSkipsDirectories() throws IOException {
        byte[] big = random(5000, 1);
        byte[] tar = new TestTar()
                .directory("package/")
                .file("package/package.json", bytes("{\"license\":\"MIT\"}"))
                .file("package/empty", new byte[0])
                .file("package/big.wasm", big)
                .file("package/exact", random(512, 2))
                .bytes();
        Map<String, byte[]> files = readAll(tar);
        assertEquals(List.of("package/package.json", "package/empty", "package/big.wasm", "package/exact"),
                new ArrayList<>(files.keySet()));
        assertArrayEquals(big, files.get("package/big.wasm"));
        assertEquals(0, files.get("package/empty").length);
        assertArrayEquals(random(512, 2), files.get("package/exact"));
    }

    @Test
    void unreadContentIsSkipped() throws IOException {
        byte[] tar = new TestTar()
                .file("package/a", random(3000, 3))
                .file("package/b", bytes("bee"))
                .bytes();
        TarReader r = new TarReader(new ByteArrayInputStream(tar));
        TarEntry a = r.next();
        assertEquals("package/a", a.name());
        assertEquals(3000, a.size());
        r.content().readNBytes(17);                    // partly read
        TarEntry b = r.next();
        assertEquals("package/b", b.name());
        assertArrayEquals(bytes("bee"), r.content().readAllBytes());
        assertNull(r.next());
        assertNull(r.next());
    }

    @Test
    void joinsUstarPrefixAndName() throws IOException {
        byte[] tar = new TestTar().prefixedFile("package/a/very/deep", "dir/file.wasm", bytes("x")).bytes();
        assertEquals(List.of("package/a/very/deep/dir/file.wasm"), new ArrayList<>(readAll(tar).keySet()));
    }

    @Test
    void readsGnuLongNames() throws IOException {
        String longName = "package/" + "d".repeat(120) + "/" + "f".repeat(80) + ".wasm";
        byte[] tar = new TestTar()
                .gnuLongFile(longName, bytes("long"))
                .file("package/after", bytes("after"))
                .bytes();
        Map<String, byte[]> files = readAll(tar);
        assertArrayEquals(bytes("long"), files.get(longName));
        assertArrayEquals(bytes("after"), files.get("package/after"), "long name applies to one entry only");
    }

    @Test
    void readsPaxPathAndSkipsGlobalHeaders() throws IOException {
        String longName = "package/" + "p".repeat(300) + ".wasm";
        byte[] tar = new TestTar()
                .paxGlobal("comment", "made by a test")
                .paxFile(longName, bytes("pax"))
                .file("package/plain", bytes("plain"))
                .bytes();
        Map<String, byte[]> files = readAll(tar);
        assertEquals(List.of(longName, "package/plain"), new ArrayList<>(files.keySet()));
        assertArrayEquals(bytes("pax"), files.get(longName));
    }

    @Test
    void readsBase256Size() throws IOException {
        byte[] content = random(700, 4);
        byte[] tar = new TestTar().base256File("package/b256", content).file("package/next", bytes("n")).bytes();
        Map<String, byte[]> files = readAll(tar);
        assertArrayEquals(content, files.get("package/b256"));
        assertArrayEquals(bytes("n"), files.get("package/next"));
    }

    @Test
    void readsThroughGzip() throws IOException {
        byte[] content = random(100_000, 5);
        byte[] tgz = new TestTar().file("package/x.wasm", content).tgz();
        TarReader r = new TarReader(new GZIPInputStream(new ByteArrayInputStream(tgz)));
        TarEntry e = r.next();
        assertEquals("package/x.wasm", e.name());
        assertArrayEquals(content, r.content().readAllBytes());
        assertNull(r.next());
    }

    @Test
    void badHeaderChecksumSaysWhere() {
        byte[] tar = new TestTar().file("package/a", bytes("a")).file("package/b", bytes("b")).bytes();
        tar[1024 + 10] ^= 1;                         // corrupt the second header's name
        MalformedTarException e = assertThrows(MalformedTarException.class, () -> readAll(tar));
        assertEquals(1024, e.offset());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertTrue(e.getMessage().contains("(at offset 0x400)"), e.getMessage());
    }

    @Test
    void truncatedArchiveIsAnError() {
        byte[] tar = new TestTar().file("package/a", random(2000, 6)).bytes();
        byte[] cut = Arrays.copyOf(tar, 512 + 1000);
        MalformedTarException e = assertThrows(MalformedTarException.class, () -> readAll(cut));
        assertTrue(e.getMessage().contains("ends inside"), e.getMessage());
    }

    @Test
    void notATarIsAnError() {
        byte[] junk = bytes("this is not a tar archive".repeat(30));
        assertThrows(MalformedTarException.class, () -> readAll(junk));
    }

    @Test
    void paxRecordLengthsAreSelfConsistent() {
        assertEquals("12 path=abc\n", new String(TestTar.paxRecord("path", "abc"), StandardCharsets.UTF_8));
        byte[] r = TestTar.paxRecord("path", "x".repeat(95));
        assertEquals(String.valueOf(r.length), new String(r, StandardCharsets.UTF_8).split(" ")[0]);
    }
}
