package dev.reprise.runtime.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualFileSystemTest {
    private VirtualFileSystem fs;
    private DirNode root;

    @BeforeEach
    void setUp() {
        fs = new VirtualFileSystem(() -> 42L);
        root = fs.newRoot();
    }

    private FsError error(Runnable r) {
        return assertThrows(FsException.class, r::run).error();
    }

    @Test
    void resolvesNestedPathsDotsAndTrailingSlashes() {
        DirNode a = fs.mkdir(fs.resolveParent(root, root, "a"));
        DirNode b = fs.mkdir(fs.resolveParent(root, root, "a/b"));
        FileNode f = fs.createFile(fs.resolveParent(root, root, "a/b/f"));
        assertSame(f, fs.resolve(root, root, "a/./b//f", true));
        assertSame(a, fs.resolve(root, root, "a/b/..", true));
        assertSame(b, fs.resolve(root, a, "b/", true));
        assertEquals(FsError.NOTDIR, error(() -> fs.resolve(root, root, "a/b/f/", true)));
        assertEquals(FsError.NOENT, error(() -> fs.resolve(root, root, "a/x", true)));
        assertEquals(FsError.NOENT, error(() -> fs.resolve(root, root, "", true)));
        assertEquals(42L, f.modifyTime());
    }

    @Test
    void neverEscapesTheRoot() {
        DirNode a = fs.mkdir(fs.resolveParent(root, root, "a"));
        assertEquals(FsError.NOTCAPABLE, error(() -> fs.resolve(root, root, "..", true)));
        assertEquals(FsError.NOTCAPABLE, error(() -> fs.resolve(root, a, "../..", true)));
        assertEquals(FsError.NOTCAPABLE, error(() -> fs.resolve(root, root, "/etc/passwd", true)));
        fs.symlink("../../..", fs.resolveParent(root, a, "up"));
        assertEquals(FsError.NOTCAPABLE, error(() -> fs.resolve(root, root, "a/up/etc", true)));
        FileNode f = fs.createFile(fs.resolveParent(root, root, "top"));
        fs.symlink("/top", fs.resolveParent(root, a, "abs"));
        assertSame(f, fs.resolve(root, root, "a/abs", true), "absolute link targets resolve inside the sandbox");
    }

    @Test
    void detectsSymlinkLoopsAndDoesNotFollowFinalLinkWhenAsked() {
        fs.symlink("l2", fs.resolveParent(root, root, "l1"));
        fs.symlink("l1", fs.resolveParent(root, root, "l2"));
        assertEquals(FsError.LOOP, error(() -> fs.resolve(root, root, "l1", true)));
        assertEquals(FileType.SYMBOLIC_LINK, fs.resolve(root, root, "l1", false).type());
    }

    @Test
    void listsEntriesInSortedOrderWithDeterministicInodes() {
        for (String n : List.of("zeta", "alpha", "Mid", "beta")) {
            fs.createFile(fs.resolveParent(root, root, n));
        }
        assertEquals(List.of("Mid", "alpha", "beta", "zeta"), List.copyOf(root.entries().keySet()));
        assertEquals(2, root.get("zeta").inode());
        assertEquals(5, root.get("beta").inode());
    }

    @Test
    void renameAndRemoveFollowPosixRules() {
        fs.mkdir(fs.resolveParent(root, root, "d"));
        fs.createFile(fs.resolveParent(root, root, "d/x"));
        fs.createFile(fs.resolveParent(root, root, "f"));
        assertEquals(FsError.NOTEMPTY, error(() -> fs.removeDirectory(fs.resolveParent(root, root, "d"))));
        assertEquals(FsError.ISDIR, error(() -> fs.unlinkFile(fs.resolveParent(root, root, "d"))));
        assertEquals(FsError.ISDIR, error(() -> fs.rename(fs.resolveParent(root, root, "f"),
                fs.resolveParent(root, root, "d"))));
        assertEquals(FsError.INVAL, error(() -> fs.rename(fs.resolveParent(root, root, "d"),
                fs.resolveParent(root, root, "d/inner"))));
        fs.rename(fs.resolveParent(root, root, "f"), fs.resolveParent(root, root, "d/x"));
        assertEquals(List.of("d"), List.copyOf(root.entries().keySet()));
        fs.unlinkFile(fs.resolveParent(root, root, "d/x"));
        fs.removeDirectory(fs.resolveParent(root, root, "d"));
        assertEquals(0, root.size());
    }

    @Test
    void filesGrowAndTruncate() {
        FileNode f = fs.createFile(fs.resolveParent(root, root, "f"));
        f.write(3, new byte[] {1, 2}, 0, 2);
        assertEquals(5, f.size());
        f.setSize(1);
        f.setSize(4);
        assertEquals(0, f.content()[3]);
    }

    @Test
    void importsHostTreesInSortedOrder(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("b.txt"), "B");
        Files.createDirectories(tmp.resolve("a/inner"));
        Files.writeString(tmp.resolve("a/inner/c.txt"), "C");
        DirNode r = HostMirror.importTree(fs, tmp);
        assertEquals(List.of("a", "b.txt"), List.copyOf(r.entries().keySet()));
        FileNode c = (FileNode) fs.resolve(r, r, "a/inner/c.txt", true);
        assertEquals("C", new String(c.content()));
        assertEquals(42L, c.modifyTime(), "timestamps are virtual, not the host's");
    }
}
