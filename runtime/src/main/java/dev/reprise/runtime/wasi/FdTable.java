package dev.reprise.runtime.wasi;

import java.util.TreeMap;

/** The descriptor table; new descriptors take the lowest free number, as POSIX does. */
final class FdTable {
    private static final int MAX_FDS = 1 << 16;
    private final TreeMap<Integer, Descriptor> fds = new TreeMap<>();

    Descriptor get(int fd) {
        Descriptor d = fds.get(fd);
        if (d == null) {
            throw new WasiException(Errno.BADF, "bad file descriptor " + fd);
        }
        return d;
    }

    <T extends Descriptor> T get(int fd, Class<T> kind, Errno otherwise) {
        Descriptor d = get(fd);
        if (!kind.isInstance(d)) {
            throw new WasiException(otherwise, "descriptor " + fd + " is a " + d.type());
        }
        return kind.cast(d);
    }

    Descriptor find(int fd) {
        return fds.get(fd);
    }

    int add(Descriptor d) {
        int fd = 0;
        for (int used : fds.keySet()) {
            if (used != fd) {
                break;
            }
            fd++;
        }
        if (fd >= MAX_FDS) {
            throw new WasiException(Errno.NFILE, "too many open descriptors");
        }
        fds.put(fd, d);
        return fd;
    }

    void put(int fd, Descriptor d) {
        fds.put(fd, d);
    }

    Descriptor remove(int fd) {
        Descriptor d = fds.remove(fd);
        if (d == null) {
            throw new WasiException(Errno.BADF, "bad file descriptor " + fd);
        }
        return d;
    }
}
