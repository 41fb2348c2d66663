package dev.reprise.benchmarks.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code results.json}: the runs that produced it (one, or several after
 * {@link #merge}), one record per program with its stages, and the headline {@link Summary}.
 *
 * <pre>{@code
 * { "schema": 1,
 *   "runs": [ { "date": "...", "reprise": "0.1.0-SNAPSHOT", "machine": { "cores": 2, ... }, ... } ],
 *   "summary": { "attempted": 4, "replayed": 4, "verified": 4, "medianRecordOverhead": 1.3, ... },
 *   "programs": [ { "index": 0, "name": "fib", "status": "verified", "figures": { ... },
 *                   "stages": [ { "stage": "run", "ok": true, "seconds": 0.4 }, ... ] } ] }
 * }</pre>
 */
public record BenchResults(int schema, List<RunMeta> runs, Summary summary, List<ProgramResult> programs) {

    /** The format version written and read. */
    public static final int SCHEMA = 1;
    /** The file name inside a report folder. */
    public static final String FILE = "results.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public BenchResults {
        runs = List.copyOf(runs);
        programs = List.copyOf(programs);
    }

    /** Results of one run, with the summary computed. */
    public static BenchResults of(RunMeta run, List<ProgramResult> programs) {
        return new BenchResults(SCHEMA, List.of(run), Summary.of(programs), programs);
    }

    /** The JSON text. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise results: " + e.getMessage(), e);
        }
    }

    /** Reads a results.json (or the results.json inside a report folder). */
    public static BenchResults read(Path fileOrDir) {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(FILE) : fileOrDir;
        try {
            BenchResults r = JSON.readValue(file.toFile(), BenchResults.class);
            if (r.schema() != SCHEMA) {
                throw new IllegalArgumentException(file + ": results schema " + r.schema() + " is not supported (expected "
                        + SCHEMA + ")");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a bench results file: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (at line " + e.getLocation().getLineNr() + ")"), e);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Combines the results of several runs (e.g. the shards of one corpus) into one: every run's
     * metadata, the programs in manifest order, the summary recomputed. A program present in two
     * inputs is an error naming both (shards never overlap; rerunning a program means dropping
     * one of the files).
     */
    public static BenchResults merge(List<BenchResults> parts, List<String> names) {
        List<RunMeta> runs = new ArrayList<>();
        Map<String, ProgramResult> byName = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            BenchResults r = parts.get(i);
            runs.addAll(r.runs());
            for (ProgramResult p : r.programs()) {
                String previous = from.putIfAbsent(p.name(), names.get(i));
                if (previous != null) {
                    throw new IllegalArgumentException("program \"" + p.name() + "\" is in both " + previous + " and "
                            + names.get(i));
                }
                byName.put(p.name(), p);
            }
        }
        List<ProgramResult> programs = new ArrayList<>(byName.values());
        programs.sort(Comparator.comparingInt(ProgramResult::index).thenComparing(ProgramResult::name));
        return new BenchResults(SCHEMA, runs, Summary.of(programs), programs);
    }
}
