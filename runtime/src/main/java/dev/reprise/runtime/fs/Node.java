package dev.reprise.runtime.fs;

/** A node (inode) of the in-memory file system: directory, regular file or symbolic link. */
public abstract sealed class Node permits DirNode, FileNode, SymlinkNode {
    private final long inode;
    private long accessTime;
    private long modifyTime;
    private long changeTime;
    private int linkCount = 1;

    Node(long inode, long now) {
        this.inode = inode;
        this.accessTime = now;
        this.modifyTime = now;
        this.changeTime = now;
    }

    /** Inode number, unique within the file system, assigned in creation order. */
    public long inode() {
        return inode;
    }

    /** The node kind. */
    public abstract FileType type();

    /** Size in bytes (file length, link target length, or entry count for directories). */
    public abstract long size();

    public long accessTime() {
        return accessTime;
    }

    public long modifyTime() {
        return modifyTime;
    }

    public long changeTime() {
        return changeTime;
    }

    public int linkCount() {
        return linkCount;
    }

    void linkCount(int n) {
        linkCount = n;
    }

    public void setAccessTime(long t) {
        accessTime = t;
    }

    public void setModifyTime(long t) {
        modifyTime = t;
    }

    public void setChangeTime(long t) {
        changeTime = t;
    }

    /** Marks the content as modified at virtual time {@code now}. */
    public void touchModified(long now) {
        modifyTime = now;
        changeTime = now;
    }
}
