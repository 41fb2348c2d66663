package dev.reprise.benchmarks.corpus.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Builds small tar archives in memory for tests: ustar, GNU long names, pax headers. */
public final class TestTar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A regular file with a plain ustar header (name up to 100 bytes). */
    public TestTar file(String name, byte[] content) {
        header(name, "", '0', content.length, false);
        data(content);
        return this;
    }

    /** A regular file whose name is split into the ustar prefix and name fields. */
    public TestTar prefixedFile(String prefix, String name, byte[] content) {
        header(name, prefix, '0', content.length, false);
        data(content);
        return this;
    }

    /** A regular file preceded by a GNU 'L' long-name entry. */
    public TestTar gnuLongFile(String name, byte[] content) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        header("././@LongLink", "", 'L', n.length, false);
        data(n);
        header(name.substring(0, Math.min(99, name.length())), "", '0', content.length, false);
        data(content);
        return this;
    }

    /** A regular file preceded by a pax 'x' header carrying its path. */
    public TestTar paxFile(String name, byte[] content) {
        byte[] rec = paxRecord("path", name);
        byte[] mtime = paxRecord("mtime", "1234567890.5");
        byte[] both = new byte[rec.length + mtime.length];
        System.arraycopy(mtime, 0, both, 0, mtime.length);
        System.arraycopy(rec, 0, both, mtime.length, rec.length);
        header("PaxHeader/x", "", 'x', both.length, false);
        data(both);
        header("truncated-name", "", '0', content.length, false);
        data(content);
        return this;
    }

    /** A global pax header, which readers skip. */
    public TestTar paxGlobal(String key, String value) {
        byte[] rec = paxRecord(key, value);
        header("pax_global_header", "", 'g', rec.length, false);
        data(rec);
        return this;
    }

    /** A regular file whose size is written in GNU base-256. */
    public TestTar base256File(String name, byte[] content) {
        header(name, "", '0', content.length, true);
        data(content);
        return this;
    }

    public TestTar directory(String name) {
        header(name, "", '5', 0, false);
        return this;
    }

    /** The archive with its two terminating zero blocks. */
    public byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    /** The archive, gzipped. */
    public byte[] tgz() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    static byte[] paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int len = body.length();
        int total = len + String.valueOf(len).length();
        if (String.valueOf(total).length() != String.valueOf(len).length()) {
            total++;
        }
        return (total + body).getBytes(StandardCharsets.UTF_8);
    }

    private void header(String name, String prefix, char type, long size, boolean base256) {
        byte[] h = new byte[512];
        put(h, 0, name, 100);
        put(h, 100, "0000644", 8);
        put(h, 108, "0000000", 8);
        put(h, 116, "0000000", 8);
        if (base256) {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        } else {
            put(h, 124, String.format("%011o", size), 12);
        }
        put(h, 136, String.format("%011o", 0), 12);
        h[156] = (byte) type;
        put(h, 257, "ustar", 6);
        put(h, 263, "00", 2);
        put(h, 345, prefix, 155);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum), 7);
        out.writeBytes(h);
    }

    private void data(byte[] content) {
        out.writeBytes(content);
        int pad = (512 - content.length % 512) % 512;
        out.writeBytes(new byte[pad]);
    }

    private static void put(byte[] h, int at, String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > max) {
            throw new IllegalArgumentException("field too long: " + s);
        }
        System.arraycopy(b, 0, h, at, b.length);
    }
}
