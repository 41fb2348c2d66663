package dev.reprise.benchmarks.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One program of the benchmark manifest ({@code benchmarks/corpus/programs.json}, read by
 * {@link ProgramsManifest}): where its module comes from, how to run it and what it exercises.
 * Paths are already resolved against the manifest's folder.
 *
 * @param index position in the manifest (0-based), kept through shards and merges
 * @param line line of the program's object in the manifest file (for error messages)
 * @param name unique name, {@code [a-z0-9][a-z0-9-]*}
 * @param description one line
 * @param source the committed module or the pinned binary
 * @param licence SPDX licence of the module
 * @param provenance where the module comes from (written for reprise, npm package@version, URL)
 * @param host how the program is run
 * @param hostScript node programs: the host script ({@code node SCRIPT MODULE.wasm ARGS...}); null for wasi
 * @param args wasi: argv after the program name; node: arguments after the module path
 * @param env wasi: the guest environment (node: extra environment of the host process)
 * @param stdin file fed to stdin, or null
 * @param dirs preopened directories (wasi)
 * @param exercises what the program exercises (see {@link ProgramsManifest#EXERCISES})
 * @param subset whether it belongs to the built-in subset
 * @param expectExit the exit code of a correct run
 * @param engine wasi programs: what runs them (reprise's runtime, the default, or node's WASI)
 * @param engineReason why a program does not run on the default engine (required with another), or null
 */
public record BenchProgram(int index, int line, String name, String description, Source source, String licence,
        String provenance, Host host, Path hostScript, List<String> args, Map<String, String> env, Path stdin,
        List<Dir> dirs, List<String> exercises, boolean subset, int expectExit, Engine engine, String engineReason) {

    public BenchProgram {
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        dirs = List.copyOf(dirs);
        exercises = List.copyOf(exercises);
    }

    /**
     * What runs a WASI program (manifest field {@code engine}). Reprise's runtime is the default;
     * {@code node} runs the program under node's WASI (a host script of the bench's own) for
     * programs that reprise's engine (Endive 1.0.0) cannot run, e.g. SIMD users, or that it
     * would take far too long to compile: the whole pipeline then runs on node, and the checks
     * that need reprise's runtime are skipped, with {@code engineReason} in the report.
     */
    public enum Engine {
        /** Reprise's runtime (Endive's compiler engine). */
        REPRISE("reprise"),
        /** Node's {@code node:wasi}. */
        NODE("node");

        private final String json;

        Engine(String json) {
            this.json = json;
        }

        /** The manifest spelling. */
        public String json() {
            return json;
        }
    }

    /** How a program is run. */
    public enum Host {
        /** A WASI command run by reprise's runtime. */
        WASI("wasi"),
        /** A module driven by its JavaScript glue under Node.js. */
        NODE("node");

        private final String json;

        Host(String json) {
            this.json = json;
        }

        /** The manifest spelling. */
        public String json() {
            return json;
        }
    }

    /**
     * Where the module comes from: exactly one of a committed file and a pinned binary.
     *
     * @param committed the committed {@code .wasm} (resolved), or null
     * @param build the script that rebuilds the committed file (resolved), or null
     * @param binary the name of a {@code binaries.json} entry (fetched into the cache), or null
     */
    public record Source(Path committed, Path build, String binary) {
        /** Whether the module is committed to the repository. */
        public boolean isCommitted() {
            return committed != null;
        }

        /** {@code committed:PATH} or {@code binary:NAME}, for reports. */
        public String describe(Path base) {
            if (committed != null) {
                Path rel = base == null ? committed : base.toAbsolutePath().normalize().relativize(committed);
                return "committed:" + rel.toString().replace('\\', '/');
            }
            return "binary:" + binary;
        }
    }

    /** A preopened directory: the host folder {@code host} shown to the guest as {@code guest}. */
    public record Dir(String guest, Path host, boolean writable) {
    }
}
