package dev.reprise.benchmarks.corpus;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.benchmarks.corpus.BenchProgram.Dir;
import dev.reprise.benchmarks.corpus.BenchProgram.Host;
import dev.reprise.benchmarks.corpus.BenchProgram.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The benchmark program manifest, {@code benchmarks/corpus/programs.json} (schema 1): which
 * programs {@code reprise bench} runs, where each module comes from (a committed file or a
 * pinned binary of {@code binaries.json}), how to run it and what it exercises.
 *
 * <pre>{@code
 * { "schema": 1,
 *   "programs": [
 *     { "name": "fib", "description": "recursive Fibonacci", "licence": "Apache-2.0",
 *       "provenance": "written for reprise",
 *       "source": { "committed": "../programs/fib.wasm", "build": "../programs/build.sh" },
 *       "host": "wasi", "args": ["30"], "exercises": ["compute", "c"], "subset": true },
 *     { "name": "lz4", ..., "source": { "binary": "lz4" }, "host": "node",
 *       "hostScript": "hosts/lz4.mjs", "args": [], "exercises": ["wasm-bindgen", "rust"] } ] }
 * }</pre>
 *
 * Optional per program: {@code env} (object of strings), {@code stdin} (a file), {@code dirs}
 * ({@code [{"guest": "/data", "host": "inputs/data", "writable": false}]}), {@code build},
 * {@code expectExit} (default 0), {@code subset} (default false), for wasi programs {@code engine}
 * ({@code "reprise"}, the default, or {@code "node"}: node's WASI) with {@code engineReason} (why,
 * required with {@code "node"}). Paths are relative to the
 * manifest's folder. Every error names the file, the line and the field:
 * {@code programs.json:14: program "lz4": hostScript: required when host is "node"}. Whether
 * the files exist is checked when a program runs, so that one missing file fails one program.
 */
public record ProgramsManifest(Path file, List<BenchProgram> programs) {

    /** The only format version this code reads. */
    public static final int SCHEMA = 1;

    /** The words {@code exercises} may use. */
    public static final Set<String> EXERCISES = Set.of("compute", "io", "fs", "threads", "simd", "exceptions",
            "bulk-memory", "multi-value", "emscripten", "wasm-bindgen", "go", "rust", "c", "zig");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PROGRAM_FIELDS = Set.of("name", "description", "source", "licence", "provenance",
            "host", "hostScript", "args", "env", "stdin", "dirs", "exercises", "subset", "expectExit",
            "engine", "engineReason");

    public ProgramsManifest {
        programs = List.copyOf(programs);
    }

    /** The folder that the manifest's paths are relative to. */
    public Path baseDir() {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    /** Reads and checks a manifest file. */
    public static ProgramsManifest read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(bytes, file);
    }

    /** Parses and checks manifest text; {@code file} names it in errors and anchors its relative paths. */
    public static ProgramsManifest parse(byte[] json, Path file) {
        Reader r = new Reader(file);
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            return r.manifest(p);
        } catch (JsonParseException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidManifestException(file + ":" + line + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The program with that name. */
    public Optional<BenchProgram> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The programs with these names, in manifest order; an unknown name is an error naming the known ones. */
    public List<BenchProgram> select(Collection<String> names) {
        Set<String> wanted = new LinkedHashSet<>(names);
        List<String> unknown = wanted.stream().filter(n -> program(n).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidManifestException(file + ": no program named " + String.join(", ", unknown)
                    + " (known: " + String.join(", ", programs.stream().map(BenchProgram::name).toList()) + ")");
        }
        return programs.stream().filter(p -> wanted.contains(p.name())).toList();
    }

    /** The built-in subset: programs marked {@code "subset": true} whose module is committed. */
    public List<BenchProgram> subset() {
        return programs.stream().filter(p -> p.subset() && p.source().isCommitted()).toList();
    }

    /** One parse: tracks the file for messages. */
    private static final class Reader {
        private final Path file;
        private final Path base;

        Reader(Path file) {
            this.file = file;
            Path parent = file.toAbsolutePath().normalize().getParent();
            this.base = parent == null ? Path.of("").toAbsolutePath() : parent;
        }

        ProgramsManifest manifest(JsonParser p) throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw error(line(p), "the manifest must be a JSON object");
            }
            Integer schema = null;
            List<BenchProgram> programs = null;
            int programsLine = 1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                int line = line(p);
                p.nextToken();
                switch (field) {
                    case "schema" -> {
                        if (!p.currentToken().isNumeric()) {
                            throw error(line, "schema: expected a number");
                        }
                        schema = p.getIntValue();
                        if (schema != SCHEMA) {
                            throw error(line, "schema: " + schema + " is not supported (expected " + SCHEMA + ")");
                        }
                    }
                    case "programs" -> {
                        programsLine = line;
                        programs = programs(p);
                    }
                    default -> throw error(line, "unknown field \"" + field + "\" (expected schema, programs)");
                }
            }
            if (schema == null) {
                throw error(1, "schema: missing (expected " + SCHEMA + ")");
            }
            if (programs == null) {
                throw error(programsLine, "programs: missing");
            }
            return new ProgramsManifest(file, programs);
        }

        private List<BenchProgram> programs(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw error(line(p), "programs: expected an array of program objects");
            }
            List<BenchProgram> out = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                int line = line(p);
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    throw error(line, "programs[" + out.size() + "]: expected an object");
                }
                BenchProgram prog = program(p, out.size(), line);
                Integer first = seen.putIfAbsent(prog.name(), line);
                if (first != null) {
                    throw error(line, "program \"" + prog.name() + "\": name: duplicate (first at line " + first + ")");
                }
                out.add(prog);
            }
            return out;
        }

        /** Reads one program object field by field, remembering the line of each. */
        private BenchProgram program(JsonParser p, int index, int line) throws IOException {
            Map<String, Field> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int fieldLine = line(p);
                p.nextToken();
                JsonNode value = p.readValueAsTree();
                if (fields.put(name, new Field(fieldLine, value)) != null) {
                    throw error(fieldLine, "programs[" + index + "]: " + name + ": given twice");
                }
            }
            Field nameField = fields.get("name");
            String where = "programs[" + index + "]";
            if (nameField != null && nameField.value.isTextual()) {
                where = "program \"" + nameField.value.asText() + "\"";
            }
            Program prog = new Program(where, line, fields);
            for (String f : fields.keySet()) {
                if (!PROGRAM_FIELDS.contains(f)) {
                    throw prog.error(f, "unknown field (expected one of " + String.join(", ", new java.util.TreeSet<>(PROGRAM_FIELDS)) + ")");
                }
            }
            String name = prog.text("name", true);
            if (!NAME.matcher(name).matches()) {
                throw prog.error("name", "\"" + name + "\" must match " + NAME.pattern());
            }
            Host host = prog.host();
            Path hostScript = null;
            if (host == Host.NODE) {
                hostScript = base.resolve(prog.text("hostScript", true)).normalize();
            } else if (fields.containsKey("hostScript")) {
                throw prog.error("hostScript", "only for host \"node\"");
            }
            BenchProgram.Engine engine = prog.engine(host);
            String engineReason = prog.text("engineReason", false);
            if (engine != BenchProgram.Engine.REPRISE && (engineReason == null || engineReason.isBlank())) {
                throw prog.error("engine", "\"" + engine.json() + "\" needs an engineReason (why reprise's runtime cannot run it)");
            }
            if (engine == BenchProgram.Engine.REPRISE && engineReason != null) {
                throw prog.error("engineReason", "only with an engine other than \"reprise\"");
            }
            List<Dir> dirs = prog.dirs(base);
            String stdin = prog.text("stdin", false);
            List<String> exercises = prog.strings("exercises");
            for (String e : exercises) {
                if (!EXERCISES.contains(e)) {
                    throw prog.error("exercises", "unknown word \"" + e + "\" (expected any of "
                            + String.join(", ", new java.util.TreeSet<>(EXERCISES)) + ")");
                }
            }
            return new BenchProgram(index, line, name, prog.text("description", true), prog.source(base),
                    prog.text("licence", true), prog.text("provenance", true), host, hostScript, prog.strings("args"),
                    prog.env(), stdin == null ? null : base.resolve(stdin).normalize(), dirs, exercises,
                    prog.bool("subset"), prog.integer("expectExit"), engine, engineReason);
        }

        private static int line(JsonParser p) {
            return p.currentTokenLocation().getLineNr();
        }

        InvalidManifestException error(int line, String message) {
            return new InvalidManifestException(file + ":" + line + ": " + message);
        }

        private record Field(int line, JsonNode value) {
        }

        /** Typed access to one program's fields, with errors that name the field and its line. */
        private final class Program {
            final String where;
            final int line;
            final Map<String, Field> fields;

            Program(String where, int line, Map<String, Field> fields) {
                this.where = where;
                this.line = line;
                this.fields = fields;
            }

            InvalidManifestException error(String field, String message) {
                Field f = fields.get(field);
                return Reader.this.error(f == null ? line : f.line, where + ": " + field + ": " + message);
            }

            String text(String field, boolean required) {
                Field f = fields.get(field);
                if (f == null || f.value.isNull()) {
                    if (required) {
                        throw error(field, "missing");
                    }
                    return null;
                }
                if (!f.value.isTextual()) {
                    throw error(field, "expected a string, found " + kind(f.value));
                }
                if (required && f.value.asText().isBlank()) {
                    throw error(field, "must not be empty");
                }
                return f.value.asText();
            }

            boolean bool(String field) {
                Field f = fields.get(field);
                if (f == null) {
                    return false;
                }
                if (!f.value.isBoolean()) {
                    throw error(field, "expected true or false, found " + kind(f.value));
                }
                return f.value.asBoolean();
            }

            int integer(String field) {
                Field f = fields.get(field);
                if (f == null) {
                    return 0;
                }
                if (!f.value.isInt()) {
                    throw error(field, "expected an integer, found " + kind(f.value));
                }
                return f.value.asInt();
            }

            List<String> strings(String field) {
                Field f = fields.get(field);
                if (f == null) {
                    return List.of();
                }
                if (!f.value.isArray()) {
                    throw error(field, "expected an array of strings, found " + kind(f.value));
                }
                List<String> out = new ArrayList<>();
                for (int i = 0; i < f.value.size(); i++) {
                    JsonNode v = f.value.get(i);
                    if (!v.isTextual()) {
                        throw error(field, "[" + i + "]: expected a string, found " + kind(v));
                    }
                    out.add(v.asText());
                }
                return out;
            }

            Map<String, String> env() {
                Field f = fields.get("env");
                Map<String, String> out = new LinkedHashMap<>();
                if (f == null) {
                    return out;
                }
                if (!f.value.isObject()) {
                    throw error("env", "expected an object of strings, found " + kind(f.value));
                }
                for (Map.Entry<String, JsonNode> e : f.value.properties()) {
                    if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0) {
                        throw error("env", "bad variable name \"" + e.getKey() + "\"");
                    }
                    if (!e.getValue().isTextual()) {
                        throw error("env", e.getKey() + ": expected a string, found " + kind(e.getValue()));
                    }
                    out.put(e.getKey(), e.getValue().asText());
                }
                return out;
            }

            BenchProgram.Engine engine(Host host) {
                String e = text("engine", false);
                if (e == null) {
                    return BenchProgram.Engine.REPRISE;
                }
                if (host != Host.WASI) {
                    throw error("engine", "only for host \"wasi\" (node programs always run on node)");
                }
                for (BenchProgram.Engine engine : BenchProgram.Engine.values()) {
                    if (engine.json().equals(e)) {
                        return engine;
                    }
                }
                throw error("engine", "\"" + e + "\" is not an engine (expected \"reprise\" or \"node\")");
            }

            Host host() {
                String h = text("host", true);
                for (Host host : Host.values()) {
                    if (host.json().equals(h)) {
                        return host;
                    }
                }
                throw error("host", "\"" + h + "\" is not a host (expected \"wasi\" or \"node\")");
            }

            Source source(Path base) {
                Field f = fields.get("source");
                if (f == null) {
                    throw error("source", "missing (expected {\"committed\": PATH} or {\"binary\": NAME})");
                }
                if (!f.value.isObject()) {
                    throw error("source", "expected an object, found " + kind(f.value));
                }
                Set<String> keys = new HashSet<>();
                f.value.fieldNames().forEachRemaining(keys::add);
                keys.removeAll(Set.of("committed", "build", "binary"));
                if (!keys.isEmpty()) {
                    throw error("source", "unknown field " + keys.iterator().next() + " (expected committed, build, binary)");
                }
                JsonNode committed = f.value.get("committed");
                JsonNode binary = f.value.get("binary");
                JsonNode build = f.value.get("build");
                if ((committed == null) == (binary == null)) {
                    throw error("source", "give exactly one of \"committed\" and \"binary\"");
                }
                for (JsonNode n : new JsonNode[] {committed, binary, build}) {
                    if (n != null && (!n.isTextual() || n.asText().isBlank())) {
                        throw error("source", "expected non-empty strings, found " + kind(n));
                    }
                }
                if (binary != null && build != null) {
                    throw error("source", "\"build\" is only for committed sources");
                }
                return new Source(committed == null ? null : base.resolve(committed.asText()).normalize(),
                        build == null ? null : base.resolve(build.asText()).normalize(),
                        binary == null ? null : binary.asText());
            }

            List<Dir> dirs(Path base) {
                Field f = fields.get("dirs");
                List<Dir> out = new ArrayList<>();
                if (f == null) {
                    return out;
                }
                if (!f.value.isArray()) {
                    throw error("dirs", "expected an array of {guest, host, writable}, found " + kind(f.value));
                }
                for (int i = 0; i < f.value.size(); i++) {
                    JsonNode d = f.value.get(i);
                    JsonNode guest = d.get("guest");
                    JsonNode hostDir = d.get("host");
                    JsonNode writable = d.get("writable");
                    if (!d.isObject() || guest == null || !guest.isTextual() || guest.asText().isEmpty()
                            || hostDir == null || !hostDir.isTextual() || hostDir.asText().isEmpty()
                            || (writable != null && !writable.isBoolean()) || d.size() != (writable == null ? 2 : 3)) {
                        throw error("dirs", "[" + i + "]: expected {\"guest\": PATH, \"host\": PATH, \"writable\": BOOL}");
                    }
                    out.add(new Dir(guest.asText(), base.resolve(hostDir.asText()).normalize(),
                            writable != null && writable.asBoolean()));
                }
                return out;
            }
        }

        private static String kind(JsonNode n) {
            return switch (n.getNodeType()) {
                case ARRAY -> "an array";
                case OBJECT -> "an object";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
                default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }
}
