package dev.reprise.runtime.fs;

/**
 * The directory holding the last component of a path, that component's name and whether the
 * path ended in a slash (which demands a directory).
 */
public record ParentRef(DirNode dir, String name, boolean trailingSlash) {
    /** The node currently bound to {@link #name} in {@link #dir}, or null. */
    public Node existing() {
        if (name.equals(".")) {
            return dir;
        }
        if (name.equals("..")) {
            return dir.parent();
        }
        return dir.get(name);
    }

    /** True for the names {@code .} and {@code ..}, which cannot be created or removed. */
    public boolean isDotName() {
        return name.equals(".") || name.equals("..");
    }
}
