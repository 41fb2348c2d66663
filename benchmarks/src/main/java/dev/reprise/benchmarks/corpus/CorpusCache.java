package dev.reprise.benchmarks.corpus;

import dev.reprise.benchmarks.corpus.CorpusManifest.Entry;
import dev.reprise.benchmarks.corpus.CorpusManifest.PackageFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where fetched corpus binaries live: {@code <cache>/corpus/<name>.wasm}, and the extra package
 * files of an entry ({@link CorpusManifest.PackageFile}: JavaScript glue, data) under
 * {@code <cache>/corpus/<name>/<path in package>}.
 *
 * <p>The cache root is, first found wins: the system property {@code reprise.cache} (the root
 * pom passes it to every test), the environment variable {@code REPRISE_CACHE}, else
 * {@code ~/.cache/reprise}. {@link CorpusFetcher} only ever renames a file into place after
 * checking its SHA-256, so a present file of the right size is almost surely right;
 * {@link #isVerified} checks the digest as well.
 *
 * <p>Typical use in a test:
 *
 * <pre>{@code
 * CorpusCache cache = CorpusCache.fromEnvironment();
 * for (Entry e : CorpusManifest.readDefault().binaries()) {
 *     Optional<Path> wasm = cache.find(e);   // empty: not fetched, skip
 * }
 * }</pre>
 */
public final class CorpusCache {

    /** System property naming the cache root. */
    public static final String PROPERTY = "reprise.cache";
    /** Environment variable naming the cache root. */
    public static final String ENV = "REPRISE_CACHE";

    private final Path root;

    public CorpusCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache named by {@code reprise.cache}, else {@code REPRISE_CACHE}, else {@code ~/.cache/reprise}. */
    public static CorpusCache fromEnvironment() {
        return new CorpusCache(defaultRoot());
    }

    /** The cache root that {@link #fromEnvironment()} uses. */
    public static Path defaultRoot() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "reprise");
    }

    /** The cache root (holds {@code corpus/} and whatever else reprise caches). */
    public Path root() {
        return root;
    }

    /** The folder holding the fetched binaries. */
    public Path corpusDir() {
        return root.resolve("corpus");
    }

    /** Where the binary of that entry is (or would be) cached. */
    public Path pathOf(Entry entry) {
        return pathOf(entry.name());
    }

    /** Where the binary of that name is (or would be) cached. */
    public Path pathOf(String name) {
        return corpusDir().resolve(name + ".wasm");
    }

    /**
     * The folder holding the extra package files of that entry, each at its path in the package
     * ({@code <cache>/corpus/<name>/}); node host scripts get it as {@code REPRISE_CORPUS_DIR}.
     */
    public Path filesDir(Entry entry) {
        return corpusDir().resolve(entry.name());
    }

    /** Where an extra package file of that entry is (or would be) cached. */
    public Path pathOf(Entry entry, PackageFile file) {
        return filesDir(entry).resolve(file.path());
    }

    /** Whether the module and every extra file are there with their pinned sizes (cheap: no hashing). */
    public boolean isPresent(Entry entry) {
        if (!hasSize(pathOf(entry), entry.size())) {
            return false;
        }
        return entry.files().stream().allMatch(f -> hasSize(pathOf(entry, f), f.size()));
    }

    /** Whether the module and every extra file are there with their pinned sizes and SHA-256. */
    public boolean isVerified(Entry entry) {
        if (!isPresent(entry)) {
            return false;
        }
        try {
            if (!sha256(pathOf(entry)).equals(entry.sha256())) {
                return false;
            }
            for (PackageFile f : entry.files()) {
                if (!sha256(pathOf(entry, f)).equals(f.sha256())) {
                    return false;
                }
            }
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static boolean hasSize(Path p, long size) {
        try {
            return Files.isRegularFile(p) && Files.size(p) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** The cached module of that entry if it and its extra files are present with the pinned sizes. */
    public Optional<Path> find(Entry entry) {
        return isPresent(entry) ? Optional.of(pathOf(entry)) : Optional.empty();
    }

    /** The entries of the manifest whose files are present and verified, in manifest order. */
    public List<Entry> verified(CorpusManifest manifest) {
        return manifest.binaries().stream().filter(this::isVerified).toList();
    }

    /** The entries of the manifest whose files are absent or wrong, in manifest order. */
    public List<Entry> missing(CorpusManifest manifest) {
        return manifest.binaries().stream().filter(e -> !isVerified(e)).toList();
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = digest("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + file + ": " + e.getMessage(), e);
        }
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "CorpusCache[" + root + "]";
    }
}
