package dev.reprise.replay;

import java.util.Objects;

/**
 * An import the replay keeps as a real import instead of replaying it: every function of
 * {@code module} ({@code name} null), or one function. The real host then provides its results
 * and effects (see {@link ReplayGenerator}).
 *
 * <pre>
 * KeptImport.function("wasi_snapshot_preview1", "fd_write")   // the replay prints for real
 * KeptImport.module("reprise_rec")                            // recording hooks stay hooks
 * </pre>
 */
public record KeptImport(String module, String name) {
    /** The module of WASI preview 1. */
    public static final String WASI = "wasi_snapshot_preview1";

    /** Checks the module is given. */
    public KeptImport {
        Objects.requireNonNull(module, "module");
    }

    /** Every function import of {@code module}. */
    public static KeptImport module(String module) {
        return new KeptImport(module, null);
    }

    /** The function import {@code module.name}. */
    public static KeptImport function(String module, String name) {
        return new KeptImport(module, Objects.requireNonNull(name, "name"));
    }

    /** Whether the import {@code module.name} is kept by this entry. */
    public boolean matches(String importModule, String importName) {
        return module.equals(importModule) && (name == null || name.equals(importName));
    }

    @Override
    public String toString() {
        return name == null ? module : module + "." + name;
    }
}
