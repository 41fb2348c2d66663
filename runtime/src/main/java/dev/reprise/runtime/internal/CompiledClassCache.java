package dev.reprise.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import run.endive.compiler.Cache;

/**
 * Endive's compiled JVM classes on disk, so a module is compiled once per machine rather than
 * once per process: {@code ${REPRISE_CACHE:-~/.cache/reprise}/compiled/<sha256 of key>}. Entries
 * are written to a temporary file and renamed; an unreadable or unwritable cache only costs a
 * compilation, never a failed run.
 */
public final class CompiledClassCache implements Cache {
    private final Path dir;
    /** Put before every key: entries of different compile settings kept apart. */
    private final String prefix;

    public CompiledClassCache(Path dir) {
        this(dir, "");
    }

    private CompiledClassCache(Path dir, String prefix) {
        this.dir = dir;
        this.prefix = prefix;
    }

    /** The same directory with {@code prefix} before every key (another compile setting's entries). */
    public CompiledClassCache under(String prefix) {
        return new CompiledClassCache(dir, this.prefix + prefix);
    }

    /** The default location, or null when the cache is disabled ({@code REPRISE_COMPILE_CACHE=off}). */
    public static CompiledClassCache defaultCache() {
        if ("off".equals(System.getenv("REPRISE_COMPILE_CACHE"))) {
            return null;
        }
        String env = System.getenv("REPRISE_CACHE");
        Path root = env != null ? Paths.get(env) : Paths.get(System.getProperty("user.home"), ".cache", "reprise");
        return new CompiledClassCache(root.resolve("compiled"));
    }

    private Path file(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((prefix + key).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public byte[] get(String key) {
        try {
            return Files.readAllBytes(file(key));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void putIfAbsent(String key, byte[] data) {
        Path target = file(key);
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".entry", ".tmp");
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // a cache that cannot be written only costs the next process a compilation
        }
    }
}
