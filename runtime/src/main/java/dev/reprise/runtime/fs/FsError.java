package dev.reprise.runtime.fs;

/** Why a virtual file-system operation failed; maps one to one onto a WASI errno. */
public enum FsError {
    NOENT, EXIST, NOTDIR, ISDIR, NOTEMPTY, LOOP, NOTCAPABLE, INVAL, NAMETOOLONG, BADF, PERM, ACCES, XDEV, FBIG
}
