package dev.reprise.benchmarks.corpus;

import dev.reprise.benchmarks.corpus.CorpusManifest.Entry;
import dev.reprise.benchmarks.corpus.CorpusManifest.PackageFile;
import dev.reprise.benchmarks.corpus.internal.MalformedTarException;
import dev.reprise.benchmarks.corpus.internal.TarReader;
import dev.reprise.benchmarks.corpus.internal.TarReader.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Fetches the pinned corpus binaries into the cache.
 *
 * <p>For each entry whose cached file is missing or has the wrong SHA-256: resolve the
 * package's tarball in the registry, download it to a temporary file in the cache, check it
 * against the registry's {@code dist.integrity} (sha512), stream it through gunzip and
 * {@link TarReader}, copy the wanted file to a temporary file while hashing it, check size and
 * SHA-256 against the manifest, then atomically rename it to {@code <cache>/corpus/<name>.wasm}.
 * A package holding several entries is downloaded once. Progress goes to the log stream
 * (stderr from {@link #main}); every failure is one line naming the entry.
 *
 * <pre>
 * java ... dev.reprise.benchmarks.corpus.CorpusFetcher [--manifest FILE] [--cache DIR]
 *          [--only NAME,...] [--registry URL] [--check] [--list]
 * </pre>
 */
public final class CorpusFetcher {

    /** What one {@link #fetch} did. */
    public record Result(List<Entry> cached, List<Entry> fetched, Map<String, String> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private final CorpusCache cache;
    private final PackageSource source;
    private final PrintStream log;

    public CorpusFetcher(CorpusCache cache, PackageSource source, PrintStream log) {
        this.cache = cache;
        this.source = source;
        this.log = log;
    }

    /** Makes sure every entry is in the cache and verified; never throws for one entry's failure. */
    public Result fetch(List<Entry> entries) {
        List<Entry> cached = new ArrayList<>();
        List<Entry> needed = new ArrayList<>();
        for (Entry e : entries) {
            if (cache.isVerified(e)) {
                cached.add(e);
            } else {
                needed.add(e);
            }
        }
        if (!cached.isEmpty()) {
            log.println("corpus: " + cached.size() + " of " + entries.size() + " already cached and verified in "
                    + cache.corpusDir());
        }
        List<Entry> fetched = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (Map.Entry<String, List<Entry>> pkg : CorpusManifest.byPackage(needed).entrySet()) {
            List<Entry> group = pkg.getValue();
            try {
                fetched.addAll(fetchPackage(group.get(0).npmPackage(), group.get(0).version(), group, failures));
            } catch (CorpusFetchException | MalformedTarException | IOException | UncheckedIOException e) {
                String msg = e instanceof IOException ? pkg.getKey() + ": " + e : e.getMessage();
                for (Entry en : group) {
                    if (!failures.containsKey(en.name())) {
                        failures.put(en.name(), msg);
                    }
                }
            }
        }
        for (Map.Entry<String, String> f : failures.entrySet()) {
            log.println("corpus: FAILED " + f.getKey() + ": " + f.getValue());
        }
        log.println("corpus: " + entries.size() + " entries: " + fetched.size() + " fetched, " + cached.size()
                + " cached, " + failures.size() + " failed");
        return new Result(List.copyOf(cached), List.copyOf(fetched), failures);
    }

    private List<Entry> fetchPackage(String npmPackage, String version, List<Entry> group,
                                     Map<String, String> failures) throws IOException {
        String spec = npmPackage + "@" + version;
        Path dir = cache.corpusDir();
        Files.createDirectories(dir);
        PackageSource.Tarball tarball = source.resolve(npmPackage, version);
        Path tgz = Files.createTempFile(dir, ".download-", ".tgz");
        Files.delete(tgz);                       // the source creates it
        List<Path> temps = new ArrayList<>(List.of(tgz));
        try {
            long t0 = System.nanoTime();
            log.println("corpus: downloading " + spec + " (" + tarball.uri() + ")");
            source.download(tarball, tgz);
            long bytes = Files.size(tgz);
            log.printf("corpus: downloaded %s, %.1f MB in %.1f s%n", spec, bytes / 1e6, (System.nanoTime() - t0) / 1e9);
            checkIntegrity(spec, tgz, tarball.integrity());

            Map<String, List<Wanted>> byPath = new HashMap<>();
            for (Entry e : group) {
                for (Wanted w : Wanted.of(e, cache)) {
                    byPath.computeIfAbsent(w.path(), k -> new ArrayList<>()).add(w);
                }
            }
            Map<Wanted, Path> extracted = new LinkedHashMap<>();   // value null: failed, already recorded
            Set<String> seenPaths = new HashSet<>();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
                TarReader tar = new TarReader(in);
                for (TarEntry te; seenPaths.size() < byPath.size() && (te = tar.next()) != null; ) {
                    String path = te.isFile() ? packagePath(te.name()) : null;
                    List<Wanted> wanted = path == null ? null : byPath.get(path);
                    if (wanted == null || !seenPaths.add(path)) {
                        continue;
                    }
                    Path part = Files.createTempFile(dir, ".extract-", ".part");
                    temps.add(part);
                    MessageDigest sha = CorpusCache.digest("SHA-256");
                    long n;
                    try (OutputStream out = Files.newOutputStream(part)) {
                        n = new DigestInputStream(tar.content(), sha).transferTo(out);
                    }
                    String actual = HexFormat.of().formatHex(sha.digest());
                    for (Wanted w : wanted) {
                        String problem = w.check(spec, n, actual);
                        if (problem != null) {
                            failures.putIfAbsent(w.entry().name(), problem);
                            extracted.put(w, null);
                            continue;
                        }
                        Path own = part;
                        if (extracted.containsValue(part)) {          // the same package file wanted twice
                            own = Files.createTempFile(dir, ".extract-", ".part");
                            temps.add(own);
                            Files.copy(part, own, StandardCopyOption.REPLACE_EXISTING);
                        }
                        extracted.put(w, own);
                    }
                }
            } catch (ZipException z) {
                throw new CorpusFetchException(spec + ": tarball is not valid gzip: " + z.getMessage(), z);
            }
            List<Entry> done = new ArrayList<>();
            for (Entry e : group) {
                List<Wanted> items = Wanted.of(e, cache);
                for (Wanted w : items) {
                    if (!extracted.containsKey(w)) {
                        failures.putIfAbsent(e.name(), e.name() + ": path \"" + w.path() + "\" not found in package " + spec);
                    }
                }
                if (failures.containsKey(e.name())) {
                    continue;                    // nothing of a failed entry lands in the cache
                }
                // Extra files first, the module last: a present module implies its files were placed.
                for (int i = items.size() - 1; i >= 0; i--) {
                    Wanted w = items.get(i);
                    Files.createDirectories(w.target().getParent());
                    moveIntoPlace(extracted.get(w), w.target());
                }
                done.add(e);
                log.println("corpus: fetched " + e.name() + " (" + e.size() + " bytes"
                        + (e.files().isEmpty() ? "" : " + " + e.files().size() + " package files") + ", sha256 ok) -> "
                        + cache.pathOf(e));
            }
            return done;
        } finally {
            for (Path p : temps) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * One file to take out of a package: the module of an entry or one of its extra files.
     *
     * @param entry  the entry it belongs to
     * @param label  how failure messages name it: the entry's name, or {@code name file PATH}
     * @param path   its path in the package
     * @param sha256 the pinned digest
     * @param size   the pinned size
     * @param target where it goes in the cache
     */
    record Wanted(Entry entry, String label, String path, String sha256, long size, Path target) {

        /** The module first, then the extra files in manifest order. */
        static List<Wanted> of(Entry e, CorpusCache cache) {
            List<Wanted> out = new ArrayList<>();
            out.add(new Wanted(e, e.name(), e.path(), e.sha256(), e.size(), cache.pathOf(e)));
            for (PackageFile f : e.files()) {
                out.add(new Wanted(e, e.name() + " file " + f.path(), f.path(), f.sha256(), f.size(), cache.pathOf(e, f)));
            }
            return out;
        }

        /** Null when the extracted bytes match the pin, else the one-line failure message. */
        String check(String spec, long n, String actualSha256) {
            if (!actualSha256.equals(sha256)) {
                return new ChecksumMismatchException(label + " (" + spec + " " + path + ", " + n + " bytes)", "SHA-256",
                        sha256, actualSha256).getMessage();
            }
            if (n != size) {
                return label + ": size mismatch: manifest says " + size + " bytes, " + spec + " " + path + " has " + n
                        + " (SHA-256 matches)";
            }
            return null;
        }
    }

    /** The path of a tarball member inside the package: npm tarballs put everything under one top folder. */
    static String packagePath(String tarName) {
        String n = tarName;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        int slash = n.indexOf('/');
        return slash < 0 ? n : n.substring(slash + 1);
    }

    /** Checks a file against a Subresource-Integrity string ({@code sha512-...} or {@code sha1-...}). */
    static void checkIntegrity(String what, Path file, String integrity) {
        int dash = integrity == null ? -1 : integrity.indexOf('-');
        if (dash < 0) {
            throw new CorpusFetchException(what + ": registry gave no usable integrity (\"" + integrity + "\")");
        }
        String algo = switch (integrity.substring(0, dash)) {
            case "sha512" -> "SHA-512";
            case "sha384" -> "SHA-384";
            case "sha256" -> "SHA-256";
            case "sha1" -> "SHA-1";
            default -> throw new CorpusFetchException(what + ": unsupported integrity algorithm in \"" + integrity + "\"");
        };
        MessageDigest md = CorpusCache.digest(algo);
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String actual = integrity.substring(0, dash) + "-" + Base64.getEncoder().encodeToString(md.digest());
        if (!actual.equals(integrity)) {
            throw new ChecksumMismatchException(what + " tarball", "integrity", integrity, actual);
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            // createTempFile makes owner-only files; cached binaries are ordinary readable files.
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Command line

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    /** Runs the command line; returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path manifestFile = null;
        Path cacheDir = null;
        String registry = null;
        List<String> only = null;
        boolean check = false;
        boolean list = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--manifest" -> manifestFile = Path.of(value(args, ++i, a));
                    case "--cache" -> cacheDir = Path.of(value(args, ++i, a));
                    case "--registry" -> registry = value(args, ++i, a);
                    case "--only" -> only = Arrays.stream(value(args, ++i, a).split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList();
                    case "--check" -> check = true;
                    case "--list" -> list = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("corpus: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            CorpusManifest manifest = manifestFile != null ? CorpusManifest.read(manifestFile) : CorpusManifest.readDefault();
            List<Entry> entries = only != null ? manifest.select(only) : manifest.binaries();
            CorpusCache cache = cacheDir != null ? new CorpusCache(cacheDir) : CorpusCache.fromEnvironment();
            if (list || check) {
                int missing = 0;
                for (Entry e : entries) {
                    boolean ok = cache.isVerified(e);
                    missing += ok ? 0 : 1;
                    out.printf("%-8s %-16s %10d  %-14s %s%n", ok ? "ok" : "missing", e.name(), e.size(),
                            e.kind().json(), e.packageSpec() + " " + e.path());
                }
                if (check && missing > 0) {
                    err.println("corpus: " + missing + " of " + entries.size() + " entries missing or wrong in "
                            + cache.corpusDir() + " (run .ci/fetch-corpus)");
                    return 1;
                }
                return 0;
            }
            Result r = new CorpusFetcher(cache, new NpmRegistry(registry), err).fetch(entries);
            return r.ok() ? 0 : 1;
        } catch (InvalidManifestException | UncheckedIOException | CorpusFetchException e) {
            err.println("corpus: " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static final String USAGE = """
            usage: CorpusFetcher [--manifest FILE] [--cache DIR] [--only NAME,...] [--registry URL] [--check | --list]
              --manifest FILE  manifest to read (default: the packaged copy of benchmarks/corpus/binaries.json)
              --cache DIR      cache root; binaries go to DIR/corpus/NAME.wasm
                               (default: -Dreprise.cache, else $REPRISE_CACHE, else ~/.cache/reprise)
              --only NAMES     fetch only these comma-separated entries
              --registry URL   npm registry (default: $REPRISE_NPM_REGISTRY, $npm_config_registry, else registry.npmjs.org)
              --check          download nothing; exit 1 unless every entry is cached and verified
              --list           print each entry and whether it is cached, download nothing""";
}
