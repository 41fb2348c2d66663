package dev.reprise.benchmarks.corpus.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A small streaming reader for tar archives as npm writes them: POSIX ustar headers (with the
 * {@code prefix} field), GNU long names ({@code L}/{@code K} entries), GNU base-256 sizes and
 * pax extended headers ({@code x}, whose {@code path}/{@code linkpath}/{@code size} override
 * the next header; global {@code g} headers are read and skipped).
 *
 * <p>Call order: {@link #next()} until it returns {@code null}; after each entry, read its
 * content with {@link #content()} (optional: unread content is skipped by the next
 * {@code next()}). The reader does not close the underlying stream.
 *
 * <pre>{@code
 * TarReader tar = new TarReader(new GZIPInputStream(in));
 * for (TarEntry e; (e = tar.next()) != null; ) {
 *     if (e.isFile() && e.name().equals("package/x.wasm")) tar.content().transferTo(out);
 * }
 * }</pre>
 */
public final class TarReader {

    private static final int BLOCK = 512;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long offset;          // bytes consumed from the underlying stream
    private long remaining;       // unread content bytes of the current entry
    private long padding;         // padding after the current entry's content
    private boolean done;

    /** One archive member. */
    public record TarEntry(String name, char type, long size, String linkName, long headerOffset) {
        /** A regular file (type {@code '0'}, NUL or the contiguous-file {@code '7'}). */
        public boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        public boolean isDirectory() {
            return type == '5';
        }
    }

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next member, or {@code null} at the end of the archive. */
    public TarEntry next() throws IOException {
        if (done) {
            return null;
        }
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;

        String longName = null;
        String longLink = null;
        String paxPath = null;
        String paxLink = null;
        long paxSize = -1;
        while (true) {
            long at = offset;
            if (!readBlock(at)) {
                done = true;          // end of stream without the two zero blocks: tolerated
                return null;
            }
            if (isZero(header)) {
                done = true;          // first of the two terminating zero blocks
                return null;
            }
            verifyChecksum(at);
            char type = (char) (header[156] & 0xff);
            long size = parseNumber(124, 12, "size", at);
            switch (type) {
                case 'L' -> longName = readString(size, at);
                case 'K' -> longLink = readString(size, at);
                case 'x', 'X' -> {
                    PaxHeaders pax = PaxHeaders.parse(readBytes(size, at), at);
                    if (pax.path() != null) {
                        paxPath = pax.path();
                    }
                    if (pax.linkPath() != null) {
                        paxLink = pax.linkPath();
                    }
                    if (pax.size() >= 0) {
                        paxSize = pax.size();
                    }
                }
                case 'g' -> readBytes(size, at); // global pax header: nothing here needs it
                default -> {
                    String name = paxPath != null ? paxPath : longName != null ? longName : ustarName();
                    String link = paxLink != null ? paxLink : longLink != null ? longLink : string(157, 100);
                    long realSize = paxSize >= 0 ? paxSize : size;
                    // Directories, links and devices carry no content even if a size is written.
                    boolean hasContent = type != '1' && type != '2' && type != '3' && type != '4'
                            && type != '5' && type != '6';
                    remaining = hasContent ? realSize : 0;
                    padding = hasContent ? pad(realSize) : 0;
                    return new TarEntry(name, type, realSize, link, at);
                }
            }
        }
    }

    /**
     * The content of the entry {@link #next()} returned last; reads at most its size. Closing
     * the returned stream does nothing.
     */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new MalformedTarException("archive ends inside an entry's content", offset);
                }
                remaining -= n;
                offset += n;
                return n;
            }
        };
    }

    /** Bytes consumed from the underlying stream so far. */
    public long offset() {
        return offset;
    }

    private String ustarName() {
        String name = string(0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't'
                && header[260] == 'a' && header[261] == 'r';
        if (ustar && !(header[262] == ' ')) {        // POSIX "ustar\0", not old GNU "ustar  \0"
            String prefix = string(345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private String string(int from, int max) {
        int end = from;
        while (end < from + max && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.UTF_8);
    }

    private long parseNumber(int from, int len, String field, long at) {
        if ((header[from] & 0x80) != 0) {            // GNU base-256
            if ((header[from] & 0x40) != 0) {
                throw new MalformedTarException("negative " + field + " in header", at);
            }
            long v = header[from] & 0x3f;
            for (int i = from + 1; i < from + len; i++) {
                if ((v >>> 55) != 0) {
                    throw new MalformedTarException(field + " too large in header", at);
                }
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = from;
        int end = from + len;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        for (; i < end; i++) {
            byte c = header[i];
            if (c == 0 || c == ' ') {
                break;
            }
            if (c < '0' || c > '7') {
                throw new MalformedTarException("bad octal digit in " + field + " field", at);
            }
            v = (v << 3) | (c - '0');
        }
        return v;
    }

    private void verifyChecksum(long at) {
        long stored = parseNumber(148, 8, "checksum", at);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += (i >= 148 && i < 156) ? ' ' : header[i];
        }
        if (stored != unsigned && stored != signed) {
            throw new MalformedTarException("header checksum " + stored + " does not match computed "
                    + unsigned + " (not a tar archive?)", at);
        }
    }

    private String readString(long size, long at) throws IOException {
        byte[] b = readBytes(size, at);
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private byte[] readBytes(long size, long at) throws IOException {
        if (size > (1 << 20)) {
            throw new MalformedTarException("extended header of " + size + " bytes is too large", at);
        }
        byte[] b = new byte[(int) size];
        readFully(b, b.length);
        skipFully(pad(size));
        return b;
    }

    private boolean readBlock(long at) throws IOException {
        int n = 0;
        while (n < BLOCK) {
            int r = in.read(header, n, BLOCK - n);
            if (r < 0) {
                if (n == 0) {
                    return false;
                }
                throw new MalformedTarException("archive ends inside a header", at);
            }
            n += r;
        }
        offset += BLOCK;
        return true;
    }

    private void readFully(byte[] b, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, n, len - n);
            if (r < 0) {
                throw new MalformedTarException("archive ends inside an extended header", offset);
            }
            n += r;
            offset += r;
        }
    }

    private void skipFully(long n) throws IOException {
        byte[] buf = null;
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (buf == null) {
                    buf = new byte[8192];
                }
                int r = in.read(buf, 0, (int) Math.min(buf.length, n));
                if (r < 0) {
                    throw new MalformedTarException("archive ends inside an entry", offset);
                }
                s = r;
            }
            n -= s;
            offset += s;
        }
    }

    private static long pad(long size) {
        return (BLOCK - (size % BLOCK)) % BLOCK;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
