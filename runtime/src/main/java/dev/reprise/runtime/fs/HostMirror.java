package dev.reprise.runtime.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Copies host directories into the virtual file system before a run and, for read-write
 * mappings, writes the guest's tree back afterwards. Entries are visited in sorted name order
 * so inode numbers are deterministic; timestamps are virtual (the clock's start), never the
 * host's. Host symbolic links are copied as links (their targets are resolved inside the
 * sandbox when followed).
 */
public final class HostMirror {
    private HostMirror() {}

    /** Copies the host directory {@code host} into a new root of {@code fs}. */
    public static DirNode importTree(VirtualFileSystem fs, Path host) {
        if (!Files.isDirectory(host)) {
            throw new UncheckedIOException(new IOException("not a readable directory: " + host));
        }
        DirNode root = fs.newRoot();
        copyInto(fs, root, host);
        return root;
    }

    private static void copyInto(VirtualFileSystem fs, DirNode dir, Path host) {
        for (Path child : sortedChildren(host)) {
            String name = child.getFileName().toString();
            ParentRef ref = new ParentRef(dir, name, false);
            try {
                if (Files.isSymbolicLink(child)) {
                    fs.symlink(Files.readSymbolicLink(child).toString(), ref);
                } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    copyInto(fs, fs.mkdir(ref), child);
                } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                    fs.link(ref, fs.newFile(Files.readAllBytes(child)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + child + " into the sandbox", e);
            }
        }
    }

    private static List<Path> sortedChildren(Path host) {
        try (Stream<Path> s = Files.list(host)) {
            List<Path> list = new ArrayList<>(s.toList());
            list.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + host, e);
        }
    }

    /**
     * Makes the host directory {@code host} mirror {@code root}: writes files, directories and
     * links, and deletes host entries the guest removed.
     */
    public static void writeBack(DirNode root, Path host) {
        try {
            Files.createDirectories(host);
            sync(root, host);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox back to " + host, e);
        }
    }

    /**
     * The host's reason for a failed write, in words: "/out/a: not a folder", "/out/a: permission
     * denied", "/out: No space left on device" (Java's file system exceptions carry only the path).
     */
    public static String reason(IOException e) {
        String what = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "exists and is not a folder"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                : e instanceof java.nio.file.NotDirectoryException ? "not a folder"
                : e instanceof java.nio.file.DirectoryNotEmptyException ? "folder not empty"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
        String file = e instanceof java.nio.file.FileSystemException f ? f.getFile() : null;
        return file == null ? String.valueOf(what) : file + ": " + what;
    }

    private static void sync(DirNode dir, Path host) throws IOException {
        Set<String> keep = new TreeSet<>(dir.entries().keySet());
        for (Path child : sortedChildren(host)) {
            if (!keep.contains(child.getFileName().toString())) {
                deleteRecursively(child);
            }
        }
        for (Map.Entry<String, Node> e : dir.entries().entrySet()) {
            Path target = host.resolve(e.getKey());
            Node n = e.getValue();
            if (n instanceof DirNode d) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    deleteRecursively(target);
                    Files.createDirectory(target);
                }
                sync(d, target);
            } else if (n instanceof FileNode f) {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(target)) {
                    deleteRecursively(target);
                }
                Files.write(target, f.content());
            } else if (n instanceof SymlinkNode s) {
                deleteRecursively(target);
                Files.createSymbolicLink(target, Path.of(s.target()));
            }
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            for (Path c : sortedChildren(p)) {
                deleteRecursively(c);
            }
        }
        Files.delete(p);
    }
}
