package dev.reprise.runtime.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The in-memory file system a guest sees. It holds one tree per preopened directory (a
 * "root"); paths are always resolved relative to a directory inside one root and can never
 * leave it: {@code ..} at the root fails with {@link FsError#NOTCAPABLE}, absolute path
 * arguments are refused the same way, and an absolute symbolic-link target is resolved from
 * the root of the tree holding the link (chroot-like), never from the host.
 *
 * <p>Inode numbers are handed out from 1 in creation order and all timestamps come from the
 * injected virtual clock, so the same inputs always build the same file system.
 */
public final class VirtualFileSystem {
    /** Device id reported for every node. */
    public static final long DEVICE_ID = 1;
    private static final int MAX_SYMLINK_HOPS = 40;
    private static final int MAX_NAME_BYTES = 255;

    private final LongSupplier clock;
    private long nextInode = 1;

    /** A file system whose timestamps read {@code realtimeNanos}. */
    public VirtualFileSystem(LongSupplier realtimeNanos) {
        this.clock = realtimeNanos;
    }

    /** Current virtual time used for timestamps. */
    public long now() {
        return clock.getAsLong();
    }

    /** Creates a new, empty tree root (used for each preopened directory). */
    public DirNode newRoot() {
        return new DirNode(nextInode++, now(), null);
    }

    /** Creates a detached file node holding {@code content} (not yet linked anywhere). */
    FileNode newFile(byte[] content) {
        return new FileNode(nextInode++, now(), content);
    }

    /**
     * Resolves {@code path} relative to {@code start} within the tree rooted at {@code root}.
     *
     * @param followFinal whether a symbolic link in the last component is followed
     */
    public Node resolve(DirNode root, DirNode start, String path, boolean followFinal) {
        checkPath(path);
        return walk(root, start, path, followFinal, new int[1]);
    }

    /** Resolves everything but the last component of {@code path}, which must name a directory. */
    public ParentRef resolveParent(DirNode root, DirNode start, String path) {
        checkPath(path);
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        boolean trailing = end < path.length();
        String trimmed = path.substring(0, end);
        int slash = trimmed.lastIndexOf('/');
        String parentPath = slash < 0 ? "." : trimmed.substring(0, slash);
        String name = trimmed.substring(slash + 1);
        if (parentPath.isEmpty()) {
            parentPath = ".";
        }
        Node parent = walk(root, start, parentPath, true, new int[1]);
        if (!(parent instanceof DirNode dir)) {
            throw new FsException(FsError.NOTDIR, "not a directory: " + parentPath);
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new FsException(FsError.NAMETOOLONG, "name too long");
        }
        if (name.equals("..") && dir == root) {
            throw new FsException(FsError.NOTCAPABLE, "path escapes its preopened directory: " + path);
        }
        return new ParentRef(dir, name, trailing);
    }

    private static void checkPath(String path) {
        if (path.isEmpty()) {
            throw new FsException(FsError.NOENT, "empty path");
        }
        if (path.startsWith("/")) {
            throw new FsException(FsError.NOTCAPABLE, "absolute path not allowed: " + path);
        }
        if (path.indexOf('\0') >= 0) {
            throw new FsException(FsError.INVAL, "path contains NUL");
        }
    }

    private Node walk(DirNode root, DirNode start, String path, boolean followFinal, int[] hops) {
        Node cur = path.startsWith("/") ? root : start;
        boolean mustBeDir = path.endsWith("/");
        List<String> comps = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                comps.add(c);
            }
        }
        for (int i = 0; i < comps.size(); i++) {
            String c = comps.get(i);
            boolean last = i == comps.size() - 1;
            if (!(cur instanceof DirNode dir)) {
                throw new FsException(FsError.NOTDIR, "not a directory before '" + c + "' in " + path);
            }
            if (c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (dir == root) {
                    throw new FsException(FsError.NOTCAPABLE, "path escapes its preopened directory: " + path);
                }
                cur = dir.parent();
                continue;
            }
            Node next = dir.get(c);
            if (next == null) {
                throw new FsException(FsError.NOENT, "no such file or directory: " + path);
            }
            if (next instanceof SymlinkNode link && (!last || followFinal || mustBeDir)) {
                if (++hops[0] > MAX_SYMLINK_HOPS) {
                    throw new FsException(FsError.LOOP, "too many symbolic links: " + path);
                }
                if (link.target().isEmpty()) {
                    throw new FsException(FsError.NOENT, "empty symbolic link: " + c);
                }
                next = walk(root, dir, link.target(), true, hops);
            }
            cur = next;
        }
        if (mustBeDir && !(cur instanceof DirNode)) {
            throw new FsException(FsError.NOTDIR, "not a directory: " + path);
        }
        return cur;
    }

    /** Creates a directory. */
    public DirNode mkdir(ParentRef ref) {
        if (ref.isDotName() || ref.existing() != null) {
            throw new FsException(FsError.EXIST, "already exists: " + ref.name());
        }
        DirNode d = new DirNode(nextInode++, now(), ref.dir());
        ref.dir().put(ref.name(), d);
        ref.dir().touchModified(now());
        return d;
    }

    /** Creates an empty regular file (the caller has checked it does not exist). */
    public FileNode createFile(ParentRef ref) {
        if (ref.isDotName() || ref.existing() != null) {
            throw new FsException(FsError.EXIST, "already exists: " + ref.name());
        }
        if (ref.trailingSlash()) {
            throw new FsException(FsError.ISDIR, "cannot create a file with a trailing slash: " + ref.name());
        }
        FileNode f = newFile(new byte[0]);
        ref.dir().put(ref.name(), f);
        ref.dir().touchModified(now());
        return f;
    }

    /** Links a detached or existing node under a new name (used by import and hard links). */
    void link(ParentRef ref, Node node) {
        ref.dir().put(ref.name(), node);
    }

    /** Creates a symbolic link holding {@code target}. */
    public SymlinkNode symlink(String target, ParentRef ref) {
        if (ref.isDotName() || ref.existing() != null) {
            throw new FsException(FsError.EXIST, "already exists: " + ref.name());
        }
        if (ref.trailingSlash()) {
            throw new FsException(FsError.NOENT, "symbolic link name ends in a slash: " + ref.name());
        }
        SymlinkNode s = new SymlinkNode(nextInode++, now(), target);
        ref.dir().put(ref.name(), s);
        ref.dir().touchModified(now());
        return s;
    }

    /** Adds a hard link to a non-directory node. */
    public void hardLink(Node source, ParentRef ref) {
        if (source instanceof DirNode) {
            throw new FsException(FsError.PERM, "cannot hard-link a directory");
        }
        if (ref.isDotName() || ref.existing() != null) {
            throw new FsException(FsError.EXIST, "already exists: " + ref.name());
        }
        ref.dir().put(ref.name(), source);
        source.linkCount(source.linkCount() + 1);
        source.setChangeTime(now());
        ref.dir().touchModified(now());
    }

    /** Removes a non-directory entry. */
    public void unlinkFile(ParentRef ref) {
        if (ref.isDotName()) {
            throw new FsException(FsError.ISDIR, "is a directory: " + ref.name());
        }
        Node n = ref.dir().get(ref.name());
        if (n == null) {
            throw new FsException(FsError.NOENT, "no such file: " + ref.name());
        }
        if (n instanceof DirNode) {
            throw new FsException(FsError.ISDIR, "is a directory: " + ref.name());
        }
        if (ref.trailingSlash()) {
            throw new FsException(FsError.NOTDIR, "not a directory: " + ref.name());
        }
        ref.dir().remove(ref.name());
        n.linkCount(Math.max(0, n.linkCount() - 1));
        n.setChangeTime(now());
        ref.dir().touchModified(now());
    }

    /** Removes an empty directory. */
    public void removeDirectory(ParentRef ref) {
        if (ref.name().equals(".")) {
            throw new FsException(FsError.INVAL, "cannot remove '.'");
        }
        if (ref.name().equals("..")) {
            throw new FsException(FsError.NOTEMPTY, "cannot remove '..'");
        }
        Node n = ref.dir().get(ref.name());
        if (n == null) {
            throw new FsException(FsError.NOENT, "no such directory: " + ref.name());
        }
        if (!(n instanceof DirNode d)) {
            throw new FsException(FsError.NOTDIR, "not a directory: " + ref.name());
        }
        if (!d.isEmpty()) {
            throw new FsException(FsError.NOTEMPTY, "directory not empty: " + ref.name());
        }
        ref.dir().remove(ref.name());
        d.linkCount(0);
        ref.dir().touchModified(now());
    }

    /** Renames {@code from} to {@code to}, replacing a compatible target as POSIX rename does. */
    public void rename(ParentRef from, ParentRef to) {
        if (from.isDotName() || to.isDotName()) {
            throw new FsException(FsError.INVAL, "cannot rename '.' or '..'");
        }
        Node src = from.dir().get(from.name());
        if (src == null) {
            throw new FsException(FsError.NOENT, "no such file or directory: " + from.name());
        }
        if ((from.trailingSlash() || to.trailingSlash()) && !(src instanceof DirNode)) {
            throw new FsException(FsError.NOTDIR, "not a directory: " + from.name());
        }
        Node dst = to.dir().get(to.name());
        if (dst == src) {
            return;
        }
        if (src instanceof DirNode srcDir) {
            for (DirNode p = to.dir(); ; p = p.parent()) {
                if (p == srcDir) {
                    throw new FsException(FsError.INVAL, "cannot move a directory into itself");
                }
                if (p.parent() == p) {
                    break;
                }
            }
            if (dst != null) {
                if (!(dst instanceof DirNode dd)) {
                    throw new FsException(FsError.NOTDIR, "not a directory: " + to.name());
                }
                if (!dd.isEmpty()) {
                    throw new FsException(FsError.NOTEMPTY, "directory not empty: " + to.name());
                }
            }
        } else if (dst instanceof DirNode) {
            throw new FsException(FsError.ISDIR, "is a directory: " + to.name());
        }
        from.dir().remove(from.name());
        if (dst != null) {
            to.dir().remove(to.name());
            dst.linkCount(Math.max(0, dst.linkCount() - 1));
        }
        to.dir().put(to.name(), src);
        long t = now();
        src.setChangeTime(t);
        from.dir().touchModified(t);
        to.dir().touchModified(t);
    }
}
