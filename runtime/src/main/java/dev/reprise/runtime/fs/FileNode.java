package dev.reprise.runtime.fs;

import java.util.Arrays;

/** A regular file held in memory as a growable byte array. */
public final class FileNode extends Node {
    private byte[] data;
    private int size;

    FileNode(long inode, long now, byte[] content) {
        super(inode, now);
        this.data = content;
        this.size = content.length;
    }

    @Override
    public FileType type() {
        return FileType.REGULAR_FILE;
    }

    @Override
    public long size() {
        return size;
    }

    /** A copy of the content. */
    public byte[] content() {
        return Arrays.copyOf(data, size);
    }

    /** Reads up to {@code len} bytes at {@code offset} into {@code dst}; returns the count read. */
    public int read(long offset, byte[] dst, int dstOff, int len) {
        if (offset >= size) {
            return 0;
        }
        int n = (int) Math.min(len, size - offset);
        System.arraycopy(data, (int) offset, dst, dstOff, n);
        return n;
    }

    /** Writes bytes at {@code offset}, growing the file (zero-filled) as needed. */
    public void write(long offset, byte[] src, int srcOff, int len) {
        long end = offset + len;
        if (end > Integer.MAX_VALUE - 8) {
            throw new FsException(FsError.FBIG, "file would exceed 2 GiB");
        }
        ensureCapacity((int) end);
        System.arraycopy(src, srcOff, data, (int) offset, len);
        if (end > size) {
            size = (int) end;
        }
    }

    /** Truncates or zero-extends the file to {@code newSize}. */
    public void setSize(long newSize) {
        if (newSize > Integer.MAX_VALUE - 8) {
            throw new FsException(FsError.FBIG, "file would exceed 2 GiB");
        }
        int n = (int) newSize;
        if (n < size) {
            Arrays.fill(data, n, size, (byte) 0);
        } else {
            ensureCapacity(n);
        }
        size = n;
    }

    private void ensureCapacity(int needed) {
        if (needed > data.length) {
            int cap = Math.max(needed, Math.min(Integer.MAX_VALUE - 8, Math.max(16, data.length * 2)));
            data = Arrays.copyOf(data, cap);
        }
    }
}
