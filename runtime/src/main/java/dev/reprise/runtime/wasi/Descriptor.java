package dev.reprise.runtime.wasi;

import dev.reprise.runtime.fs.DirNode;
import dev.reprise.runtime.fs.FileNode;
import dev.reprise.runtime.fs.FileType;
import java.io.OutputStream;

/** An open file descriptor: the node or stream behind it, its flags and its rights. */
abstract sealed class Descriptor {
    static final int FDFLAG_APPEND = 1;
    static final int FDFLAG_DSYNC = 2;
    static final int FDFLAG_NONBLOCK = 4;
    static final int FDFLAG_RSYNC = 8;
    static final int FDFLAG_SYNC = 16;

    int fdflags;
    long rightsBase;
    long rightsInheriting;

    Descriptor(int fdflags, long rightsBase, long rightsInheriting) {
        this.fdflags = fdflags;
        this.rightsBase = rightsBase;
        this.rightsInheriting = rightsInheriting;
    }

    abstract FileType type();

    void require(long right, Errno otherwise) {
        if ((rightsBase & right) == 0) {
            throw new WasiException(otherwise, "descriptor lacks right 0x" + Long.toHexString(right));
        }
    }

    /** fd 0: bytes, then end of file or a read that blocks forever. */
    static final class Stdin extends Descriptor {
        final byte[] data;
        final boolean blockAtEnd;
        int pos;

        Stdin(byte[] data, boolean blockAtEnd) {
            super(0, Rights.STDIO, 0);
            this.data = data;
            this.blockAtEnd = blockAtEnd;
        }

        @Override
        FileType type() {
            return FileType.CHARACTER_DEVICE;
        }

        int available() {
            return data.length - pos;
        }
    }

    /** fd 1 or 2: an output stream. */
    static final class Output extends Descriptor {
        final OutputStream out;

        Output(OutputStream out) {
            super(FDFLAG_APPEND, Rights.STDIO, 0);
            this.out = out;
        }

        @Override
        FileType type() {
            return FileType.CHARACTER_DEVICE;
        }
    }

    /** An open regular file with its position. */
    static final class File extends Descriptor {
        final FileNode node;
        long position;

        File(FileNode node, int fdflags, long rightsBase, long rightsInheriting) {
            super(fdflags, rightsBase, rightsInheriting);
            this.node = node;
        }

        @Override
        FileType type() {
            return FileType.REGULAR_FILE;
        }
    }

    /** An open directory; {@code root} is the preopen tree it belongs to. */
    static final class Directory extends Descriptor {
        final DirNode node;
        final DirNode root;
        final String preopenName;

        Directory(DirNode node, DirNode root, String preopenName, long rightsBase, long rightsInheriting) {
            super(0, rightsBase, rightsInheriting);
            this.node = node;
            this.root = root;
            this.preopenName = preopenName;
        }

        @Override
        FileType type() {
            return FileType.DIRECTORY;
        }
    }
}
