package dev.reprise.runtime.fs;

import java.nio.charset.StandardCharsets;

/** A symbolic link; absolute targets are resolved from the sandbox root, never the host's. */
public final class SymlinkNode extends Node {
    private final String target;

    SymlinkNode(long inode, long now, String target) {
        super(inode, now);
        this.target = target;
    }

    @Override
    public FileType type() {
        return FileType.SYMBOLIC_LINK;
    }

    @Override
    public long size() {
        return target.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The link target as written. */
    public String target() {
        return target;
    }
}
