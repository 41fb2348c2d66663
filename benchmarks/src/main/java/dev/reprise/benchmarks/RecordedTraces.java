package dev.reprise.benchmarks;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.runtime.RunOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Real traces for the trace-writer and reducer micro-benchmarks: a committed program of
 * {@code benchmarks/programs} (or any WASI {@code .wasm} file) recorded once with reprise's
 * runtime, in shadow or {@code --full} mode, and read back into memory.
 */
public final class RecordedTraces {
    private RecordedTraces() {
    }

    /**
     * Records {@code spec} ({@code NAME[:ARG ARG...]}, e.g. {@code hash:2}: {@code benchmarks/programs/hash.wasm
     * 2}, or a path to a {@code .wasm} file) and returns the trace.
     */
    public static Trace record(String spec, boolean full) {
        String[] parts = spec.split(":", 2);
        Path wasm = parts[0].endsWith(".wasm") ? Path.of(parts[0]) : programs().resolve(parts[0] + ".wasm");
        try {
            byte[] bytes = Files.readAllBytes(wasm);
            RunOptions options = RunOptions.builder()
                    .args(parts.length > 1 ? Arrays.asList(parts[1].split(" ")) : java.util.List.of())
                    .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream()).build();
            Path trace = Files.createTempFile("reprise-bench-", ".trace");
            try {
                WasiRecorder.RecordResult r = WasiRecorder.record(bytes, wasm.getFileName().toString(), options, trace, full);
                if (r.outcome().exitCode() != 0) {
                    throw new IllegalStateException(spec + ": the recorded run exited with " + r.outcome().exitCode());
                }
                return TraceReader.readAll(trace);
            } finally {
                Files.deleteIfExists(trace);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + spec + ": " + e.getMessage(), e);
        }
    }

    /** {@code benchmarks/programs}, from the repository root or from the benchmarks module. */
    static Path programs() {
        for (Path p : new Path[] {Path.of("benchmarks", "programs"), Path.of("programs")}) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        String home = System.getProperty("reprise.home");
        if (home != null) {
            return Path.of(home, "benchmarks", "programs");
        }
        throw new IllegalStateException("benchmarks/programs not found: run from the repository root");
    }
}
