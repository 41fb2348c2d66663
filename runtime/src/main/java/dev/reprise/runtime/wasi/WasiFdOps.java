package dev.reprise.runtime.wasi;

import dev.reprise.runtime.fs.DirNode;
import dev.reprise.runtime.fs.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import run.endive.runtime.Memory;

/** The {@code fd_*} functions. */
final class WasiFdOps {
    static final int FST_ATIM = 1;
    static final int FST_ATIM_NOW = 2;
    static final int FST_MTIM = 4;
    static final int FST_MTIM_NOW = 8;
    private static final int WHENCE_SET = 0;
    private static final int WHENCE_CUR = 1;
    private static final int WHENCE_END = 2;

    private final WasiState s;

    WasiFdOps(WasiState s) {
        this.s = s;
    }

    /**
     * The output side of an {@code fd_write} alone, for replays: the bytes go to stdout or stderr
     * (fd 1 or 2 as the run has them), nothing is written to memory and other fds are ignored
     * (the replayed call's results come from the recording).
     */
    void replayOutput(Memory m, int fd, int iovs, int count) {
        if (fd != 1 && fd != 2) {
            return;
        }
        if (s.fds.find(fd) instanceof Descriptor.Output o) {
            try {
                o.out.write(WasiState.gather(m, iovs, count));
            } catch (IOException | RuntimeException e) {
                // as the recorded call failed or succeeded, the replay returns its recorded result
            }
        }
    }

    int write(Memory m, int fd, int iovs, int count, int nwrittenPtr) {
        Descriptor d = s.fds.get(fd);
        byte[] data = WasiState.gather(m, iovs, count);
        if (d instanceof Descriptor.Output o) {
            try {
                o.out.write(data);
            } catch (IOException e) {
                return Errno.IO.value();
            }
        } else if (d instanceof Descriptor.File f) {
            f.require(Rights.FD_WRITE, Errno.BADF);
            if ((f.fdflags & Descriptor.FDFLAG_APPEND) != 0) {
                f.position = f.node.size();
            }
            f.node.write(f.position, data, 0, data.length);
            f.position += data.length;
            f.node.touchModified(s.fs.now());
        } else if (d instanceof Descriptor.Directory) {
            return Errno.ISDIR.value();
        } else {
            return Errno.BADF.value();
        }
        m.writeI32(nwrittenPtr, data.length);
        return 0;
    }

    int read(Memory m, int fd, int iovs, int count, int nreadPtr) {
        Descriptor d = s.fds.get(fd);
        long total = Math.min(Integer.MAX_VALUE - 8, WasiState.iovTotal(m, iovs, count));
        int n;
        byte[] buf;
        if (d instanceof Descriptor.Stdin in) {
            if (in.available() == 0 && in.blockAtEnd && total > 0) {
                s.scheduler.blockForever("reading stdin");
            }
            n = (int) Math.min(total, in.available());
            buf = new byte[n];
            System.arraycopy(in.data, in.pos, buf, 0, n);
            in.pos += n;
        } else if (d instanceof Descriptor.File f) {
            f.require(Rights.FD_READ, Errno.BADF);
            buf = new byte[(int) Math.min(total, Math.max(0, f.node.size() - f.position))];
            n = f.node.read(f.position, buf, 0, buf.length);
            f.position += n;
        } else if (d instanceof Descriptor.Directory) {
            return Errno.ISDIR.value();
        } else {
            return Errno.BADF.value();
        }
        WasiState.scatter(m, iovs, count, buf, n);
        m.writeI32(nreadPtr, n);
        return 0;
    }

    int pread(Memory m, int fd, int iovs, int count, long offset, int nreadPtr) {
        Descriptor.File f = file(fd);
        f.require(Rights.FD_READ, Errno.BADF);
        if (offset < 0) {
            return Errno.INVAL.value();
        }
        long total = Math.min(Integer.MAX_VALUE - 8, WasiState.iovTotal(m, iovs, count));
        byte[] buf = new byte[(int) Math.min(total, Math.max(0, f.node.size() - offset))];
        int n = f.node.read(offset, buf, 0, buf.length);
        WasiState.scatter(m, iovs, count, buf, n);
        m.writeI32(nreadPtr, n);
        return 0;
    }

    int pwrite(Memory m, int fd, int iovs, int count, long offset, int nwrittenPtr) {
        Descriptor.File f = file(fd);
        f.require(Rights.FD_WRITE, Errno.BADF);
        if (offset < 0) {
            return Errno.INVAL.value();
        }
        byte[] data = WasiState.gather(m, iovs, count);
        f.node.write(offset, data, 0, data.length);
        f.node.touchModified(s.fs.now());
        m.writeI32(nwrittenPtr, data.length);
        return 0;
    }

    private Descriptor.File file(int fd) {
        Descriptor d = s.fds.get(fd);
        if (d instanceof Descriptor.File f) {
            return f;
        }
        if (d instanceof Descriptor.Directory) {
            throw new WasiException(Errno.ISDIR, "descriptor " + fd + " is a directory");
        }
        throw new WasiException(Errno.SPIPE, "descriptor " + fd + " is a stream");
    }

    int seek(Memory m, int fd, long offset, int whence, int newOffsetPtr) {
        Descriptor d = s.fds.get(fd);
        if (d instanceof Descriptor.Directory) {
            return Errno.BADF.value();
        }
        Descriptor.File f = file(fd);
        f.require(offset == 0 && whence == WHENCE_CUR ? Rights.FD_TELL | Rights.FD_SEEK : Rights.FD_SEEK, Errno.NOTCAPABLE);
        long base = switch (whence) {
            case WHENCE_SET -> 0;
            case WHENCE_CUR -> f.position;
            case WHENCE_END -> f.node.size();
            default -> throw new WasiException(Errno.INVAL, "bad whence " + whence);
        };
        long pos = base + offset;
        if (pos < 0) {
            return Errno.INVAL.value();
        }
        f.position = pos;
        m.writeLong(newOffsetPtr, pos);
        return 0;
    }

    int tell(Memory m, int fd, int ptr) {
        Descriptor.File f = file(fd);
        f.require(Rights.FD_TELL, Errno.NOTCAPABLE);
        m.writeLong(ptr, f.position);
        return 0;
    }

    int close(int fd) {
        s.fds.remove(fd);
        return 0;
    }

    int fdstatGet(Memory m, int fd, int ptr) {
        Descriptor d = s.fds.get(fd);
        m.fill((byte) 0, ptr, ptr + 24);
        m.writeByte(ptr, (byte) d.type().wasiCode());
        m.writeShort(ptr + 2, (short) d.fdflags);
        m.writeLong(ptr + 8, d.rightsBase);
        m.writeLong(ptr + 16, d.rightsInheriting);
        return 0;
    }

    int fdstatSetFlags(int fd, int flags) {
        Descriptor d = s.fds.get(fd);
        d.require(Rights.FD_FDSTAT_SET_FLAGS, Errno.NOTCAPABLE);
        if ((flags & ~0x1F) != 0) {
            return Errno.INVAL.value();
        }
        d.fdflags = flags;
        return 0;
    }

    int fdstatSetRights(int fd, long base, long inheriting) {
        Descriptor d = s.fds.get(fd);
        if ((base & ~d.rightsBase) != 0 || (inheriting & ~d.rightsInheriting) != 0) {
            return Errno.NOTCAPABLE.value();
        }
        d.rightsBase = base;
        d.rightsInheriting = inheriting;
        return 0;
    }

    int filestatGet(Memory m, int fd, int ptr) {
        Descriptor d = s.fds.get(fd);
        Node n = node(d);
        if (n == null) {
            WasiState.writeStreamFilestat(m, ptr, d.type());
        } else {
            d.require(Rights.FD_FILESTAT_GET, Errno.NOTCAPABLE);
            WasiState.writeFilestat(m, ptr, n);
        }
        return 0;
    }

    private static Node node(Descriptor d) {
        if (d instanceof Descriptor.File f) {
            return f.node;
        }
        if (d instanceof Descriptor.Directory dir) {
            return dir.node;
        }
        return null;
    }

    int filestatSetSize(int fd, long size) {
        Descriptor.File f = file(fd);
        f.require(Rights.FD_FILESTAT_SET_SIZE, Errno.NOTCAPABLE);
        if (size < 0) {
            return Errno.INVAL.value();
        }
        f.node.setSize(size);
        f.node.touchModified(s.fs.now());
        return 0;
    }

    int filestatSetTimes(int fd, long atim, long mtim, int flags) {
        Descriptor d = s.fds.get(fd);
        Node n = node(d);
        if (n == null) {
            return Errno.BADF.value();
        }
        d.require(Rights.FD_FILESTAT_SET_TIMES, Errno.NOTCAPABLE);
        return setTimes(n, atim, mtim, flags);
    }

    int setTimes(Node n, long atim, long mtim, int flags) {
        if ((flags & (FST_ATIM | FST_ATIM_NOW)) == (FST_ATIM | FST_ATIM_NOW)
                || (flags & (FST_MTIM | FST_MTIM_NOW)) == (FST_MTIM | FST_MTIM_NOW) || (flags & ~0xF) != 0) {
            return Errno.INVAL.value();
        }
        long now = s.fs.now();
        if ((flags & FST_ATIM) != 0) {
            n.setAccessTime(atim);
        } else if ((flags & FST_ATIM_NOW) != 0) {
            n.setAccessTime(now);
        }
        if ((flags & FST_MTIM) != 0) {
            n.setModifyTime(mtim);
        } else if ((flags & FST_MTIM_NOW) != 0) {
            n.setModifyTime(now);
        }
        n.setChangeTime(now);
        return 0;
    }

    int advise(int fd, long offset, long len, int advice) {
        Descriptor d = s.fds.get(fd);
        if (d instanceof Descriptor.Directory) {
            return Errno.BADF.value();
        }
        if (!(d instanceof Descriptor.File)) {
            return Errno.SPIPE.value();
        }
        if (advice < 0 || advice > 5 || offset < 0 || len < 0) {
            return Errno.INVAL.value();
        }
        return 0;
    }

    int allocate(int fd, long offset, long len) {
        Descriptor.File f = file(fd);
        f.require(Rights.FD_ALLOCATE, Errno.NOTCAPABLE);
        if (offset < 0 || len <= 0) {
            return Errno.INVAL.value();
        }
        long end = offset + len;
        if (end > f.node.size()) {
            f.node.setSize(end);
            f.node.touchModified(s.fs.now());
        }
        return 0;
    }

    int sync(int fd) {
        Descriptor d = s.fds.get(fd);
        return d instanceof Descriptor.File || d instanceof Descriptor.Directory ? 0 : Errno.INVAL.value();
    }

    int prestatGet(Memory m, int fd, int ptr) {
        Descriptor d = s.fds.get(fd);
        if (!(d instanceof Descriptor.Directory dir) || dir.preopenName == null) {
            return Errno.BADF.value();
        }
        m.writeI32(ptr, 0);
        m.writeI32(ptr + 4, dir.preopenName.getBytes(StandardCharsets.UTF_8).length);
        return 0;
    }

    int prestatDirName(Memory m, int fd, int path, int len) {
        Descriptor d = s.fds.get(fd);
        if (!(d instanceof Descriptor.Directory dir) || dir.preopenName == null) {
            return Errno.BADF.value();
        }
        byte[] name = dir.preopenName.getBytes(StandardCharsets.UTF_8);
        if (len < name.length) {
            return Errno.NAMETOOLONG.value();
        }
        m.write(path, name);
        return 0;
    }

    int readdir(Memory m, int fd, int buf, int bufLen, long cookie, int bufusedPtr) {
        Descriptor d = s.fds.get(fd);
        if (!(d instanceof Descriptor.Directory dir)) {
            return Errno.NOTDIR.value();
        }
        dir.require(Rights.FD_READDIR, Errno.NOTCAPABLE);
        List<Map.Entry<String, Node>> entries = new ArrayList<>();
        DirNode node = dir.node;
        entries.add(Map.entry(".", node));
        entries.add(Map.entry("..", node.parent()));
        entries.addAll(node.entries().entrySet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long i = Math.max(0, cookie); i < entries.size() && out.size() < bufLen; i++) {
            Map.Entry<String, Node> e = entries.get((int) i);
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] header = new byte[24];
            putLong(header, 0, i + 1);
            putLong(header, 8, e.getValue().inode());
            putLong(header, 16, name.length);
            header[20] = (byte) e.getValue().type().wasiCode();
            header[21] = 0;
            header[22] = 0;
            header[23] = 0;
            out.write(header, 0, 24);
            out.write(name, 0, name.length);
        }
        byte[] bytes = out.toByteArray();
        int n = Math.min(bufLen, bytes.length);
        m.write(buf, bytes, 0, n);
        m.writeI32(bufusedPtr, n);
        return 0;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    int renumber(int from, int to) {
        Descriptor d = s.fds.get(from);
        s.fds.get(to);
        if (from == to) {
            return 0;
        }
        s.fds.remove(from);
        s.fds.put(to, d);
        return 0;
    }
}
