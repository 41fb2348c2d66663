package dev.reprise.runtime.wasi;

import dev.reprise.runtime.fs.DirNode;
import dev.reprise.runtime.fs.FileNode;
import dev.reprise.runtime.fs.Node;
import dev.reprise.runtime.fs.ParentRef;
import dev.reprise.runtime.fs.SymlinkNode;
import java.nio.charset.StandardCharsets;
import run.endive.runtime.Memory;

/** The {@code path_*} functions; paths resolve inside the directory descriptor's preopen tree. */
final class WasiPathOps {
    private static final int LOOKUP_SYMLINK_FOLLOW = 1;
    private static final int O_CREAT = 1;
    private static final int O_DIRECTORY = 2;
    private static final int O_EXCL = 4;
    private static final int O_TRUNC = 8;

    private final WasiState s;
    private final WasiFdOps fdOps;

    WasiPathOps(WasiState s, WasiFdOps fdOps) {
        this.s = s;
        this.fdOps = fdOps;
    }

    private Descriptor.Directory dir(int fd, long right) {
        Descriptor.Directory d = s.fds.get(fd, Descriptor.Directory.class, Errno.NOTDIR);
        d.require(right, Errno.NOTCAPABLE);
        return d;
    }

    private Node resolve(Descriptor.Directory d, String path, boolean follow) {
        return s.fs.resolve(d.root, d.node, path, follow);
    }

    private ParentRef parent(Descriptor.Directory d, String path) {
        return s.fs.resolveParent(d.root, d.node, path);
    }

    int open(Memory m, int fd, int dirflags, int pathPtr, int pathLen, int oflags, long rightsBase,
            long rightsInheriting, int fdflags, int fdPtr) {
        Descriptor.Directory d = dir(fd, Rights.PATH_OPEN);
        String path = WasiState.readString(m, pathPtr, pathLen);
        boolean follow = (dirflags & LOOKUP_SYMLINK_FOLLOW) != 0;
        Node node;
        if ((oflags & O_CREAT) != 0) {
            d.require(Rights.PATH_CREATE_FILE, Errno.NOTCAPABLE);
            ParentRef ref = parent(d, path);
            Node existing = ref.existing();
            if (existing instanceof SymlinkNode && follow && (oflags & O_EXCL) == 0) {
                existing = resolve(d, path, true);
            }
            if (existing != null) {
                if ((oflags & O_EXCL) != 0) {
                    return Errno.EXIST.value();
                }
                if (existing instanceof DirNode && (oflags & O_DIRECTORY) == 0) {
                    return Errno.ISDIR.value();
                }
                node = existing;
            } else {
                if ((oflags & O_DIRECTORY) != 0) {
                    return Errno.INVAL.value();
                }
                node = s.fs.createFile(ref);
            }
        } else {
            node = resolve(d, path, follow);
        }
        if (node instanceof SymlinkNode) {
            return Errno.LOOP.value();
        }
        if ((oflags & O_DIRECTORY) != 0 && !(node instanceof DirNode)) {
            return Errno.NOTDIR.value();
        }
        Descriptor opened;
        if (node instanceof DirNode dn) {
            // writing to a directory: truncation, or write rights without O_DIRECTORY (O_WRONLY/O_RDWR)
            if ((oflags & O_TRUNC) != 0 || (rightsBase & Rights.FD_WRITE) != 0 && (oflags & O_DIRECTORY) == 0) {
                return Errno.ISDIR.value();
            }
            opened = new Descriptor.Directory(dn, d.root, null, rightsBase & Rights.DIRECTORY & d.rightsInheriting,
                    rightsInheriting & d.rightsInheriting);
        } else {
            FileNode fn = (FileNode) node;
            if ((oflags & O_TRUNC) != 0) {
                if ((rightsBase & Rights.FD_WRITE) == 0) {
                    return Errno.ACCES.value();
                }
                fn.setSize(0);
                fn.touchModified(s.fs.now());
            }
            opened = new Descriptor.File(fn, fdflags, rightsBase & Rights.FILE & d.rightsInheriting,
                    rightsInheriting & d.rightsInheriting);
        }
        m.writeI32(fdPtr, s.fds.add(opened));
        return 0;
    }

    int createDirectory(Memory m, int fd, int pathPtr, int pathLen) {
        Descriptor.Directory d = dir(fd, Rights.PATH_CREATE_DIRECTORY);
        s.fs.mkdir(parent(d, WasiState.readString(m, pathPtr, pathLen)));
        return 0;
    }

    int filestatGet(Memory m, int fd, int flags, int pathPtr, int pathLen, int buf) {
        Descriptor.Directory d = dir(fd, Rights.PATH_FILESTAT_GET);
        Node n = resolve(d, WasiState.readString(m, pathPtr, pathLen), (flags & LOOKUP_SYMLINK_FOLLOW) != 0);
        WasiState.writeFilestat(m, buf, n);
        return 0;
    }

    int filestatSetTimes(Memory m, int fd, int flags, int pathPtr, int pathLen, long atim, long mtim, int fst) {
        Descriptor.Directory d = dir(fd, Rights.PATH_FILESTAT_SET_TIMES);
        Node n = resolve(d, WasiState.readString(m, pathPtr, pathLen), (flags & LOOKUP_SYMLINK_FOLLOW) != 0);
        return fdOps.setTimes(n, atim, mtim, fst);
    }

    int link(Memory m, int oldFd, int oldFlags, int oldPtr, int oldLen, int newFd, int newPtr, int newLen) {
        Descriptor.Directory from = dir(oldFd, Rights.PATH_LINK_SOURCE);
        Descriptor.Directory to = dir(newFd, Rights.PATH_LINK_TARGET);
        Node src = resolve(from, WasiState.readString(m, oldPtr, oldLen), (oldFlags & LOOKUP_SYMLINK_FOLLOW) != 0);
        ParentRef ref = parent(to, WasiState.readString(m, newPtr, newLen));
        if (ref.trailingSlash() && !(src instanceof DirNode)) {
            return Errno.NOENT.value();
        }
        s.fs.hardLink(src, ref);
        return 0;
    }

    int readlink(Memory m, int fd, int pathPtr, int pathLen, int buf, int bufLen, int bufusedPtr) {
        Descriptor.Directory d = dir(fd, Rights.PATH_READLINK);
        Node n = resolve(d, WasiState.readString(m, pathPtr, pathLen), false);
        if (!(n instanceof SymlinkNode link)) {
            return Errno.INVAL.value();
        }
        byte[] target = link.target().getBytes(StandardCharsets.UTF_8);
        int k = Math.min(bufLen, target.length);
        m.write(buf, target, 0, k);
        m.writeI32(bufusedPtr, k);
        return 0;
    }

    int removeDirectory(Memory m, int fd, int pathPtr, int pathLen) {
        Descriptor.Directory d = dir(fd, Rights.PATH_REMOVE_DIRECTORY);
        s.fs.removeDirectory(parent(d, WasiState.readString(m, pathPtr, pathLen)));
        return 0;
    }

    int rename(Memory m, int fd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen) {
        Descriptor.Directory from = dir(fd, Rights.PATH_RENAME_SOURCE);
        Descriptor.Directory to = dir(newFd, Rights.PATH_RENAME_TARGET);
        s.fs.rename(parent(from, WasiState.readString(m, oldPtr, oldLen)),
                parent(to, WasiState.readString(m, newPtr, newLen)));
        return 0;
    }

    int symlink(Memory m, int oldPtr, int oldLen, int fd, int newPtr, int newLen) {
        Descriptor.Directory d = dir(fd, Rights.PATH_SYMLINK);
        String target = WasiState.readString(m, oldPtr, oldLen);
        if (target.isEmpty()) {
            return Errno.NOENT.value();
        }
        ParentRef ref = parent(d, WasiState.readString(m, newPtr, newLen));
        if (ref.trailingSlash()) {
            return ref.existing() != null ? Errno.EXIST.value() : Errno.NOENT.value();
        }
        s.fs.symlink(target, ref);
        return 0;
    }

    int unlinkFile(Memory m, int fd, int pathPtr, int pathLen) {
        Descriptor.Directory d = dir(fd, Rights.PATH_UNLINK_FILE);
        s.fs.unlinkFile(parent(d, WasiState.readString(m, pathPtr, pathLen)));
        return 0;
    }
}
