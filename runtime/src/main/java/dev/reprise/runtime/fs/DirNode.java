package dev.reprise.runtime.fs;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A directory. Entries are kept sorted by name (Java {@link String} order), which is the
 * deterministic order {@code fd_readdir} reports after {@code .} and {@code ..}.
 */
public final class DirNode extends Node {
    private final TreeMap<String, Node> entries = new TreeMap<>();
    private DirNode parent;

    DirNode(long inode, long now, DirNode parent) {
        super(inode, now);
        this.parent = parent == null ? this : parent;
    }

    @Override
    public FileType type() {
        return FileType.DIRECTORY;
    }

    @Override
    public long size() {
        return entries.size();
    }

    /** The parent directory; a root is its own parent. */
    public DirNode parent() {
        return parent;
    }

    void parent(DirNode p) {
        parent = p;
    }

    /** Read-only sorted view of the entries (without {@code .} and {@code ..}). */
    public NavigableMap<String, Node> entries() {
        return Collections.unmodifiableNavigableMap(entries);
    }

    public Node get(String name) {
        return entries.get(name);
    }

    void put(String name, Node node) {
        entries.put(name, node);
        if (node instanceof DirNode d) {
            d.parent(this);
        }
    }

    Node remove(String name) {
        return entries.remove(name);
    }

    /** True if this directory has no entries. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
