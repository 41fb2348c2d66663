package dev.reprise.benchmarks.bench.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time of one node process to the microsecond. Without it the bench counts the CPU time
 * of its ended child processes from {@code /proc/self/stat}, in 10 ms ticks, so a 30 ms node
 * program's CPU ratio came out as 1x, 2x or 4x. A preload ({@code cpu-usage.mjs}, given through
 * {@code NODE_OPTIONS} so that a host script, the recorder and a replay all carry it) writes
 * {@code process.cpuUsage()} at exit to a file this clock names and reads back.
 *
 * <pre>
 * NodeCpuClock clock = new NodeCpuClock(work);
 * Processes.run(cmd, dir, clock.env(hostEnv), null, timeout);
 * double cpuMs = clock.lastMs();      // NaN when the process wrote nothing (killed, or an old node)
 * </pre>
 */
final class NodeCpuClock {
    private static final String PRELOAD = "cpu-usage.mjs";
    private static final String FILE_VARIABLE = "REPRISE_CPU_USAGE_FILE";

    private final Path preload;
    private final Path file;

    /** Writes the preload into {@code work}; the figure goes to a file beside it. */
    NodeCpuClock(Path work) throws IOException {
        Files.createDirectories(work);
        this.preload = work.resolve(PRELOAD).toAbsolutePath();
        this.file = work.resolve("node-cpu-usage.txt").toAbsolutePath();
        try (InputStream in = NodeCpuClock.class.getResourceAsStream(PRELOAD)) {
            if (in == null) {
                throw new IllegalStateException(PRELOAD + " missing from the bench's resources");
            }
            Files.write(preload, in.readAllBytes());
        }
    }

    /**
     * {@code base} plus the preload (after any {@code NODE_OPTIONS} of {@code base} or of this
     * process's environment) and the file it writes to; a figure left by an earlier run is removed.
     */
    Map<String, String> env(Map<String, String> base) throws IOException {
        Files.deleteIfExists(file);
        Map<String, String> env = new LinkedHashMap<>(base);
        String options = base.getOrDefault("NODE_OPTIONS", System.getenv().getOrDefault("NODE_OPTIONS", ""));
        // a file: URI has no spaces, so NODE_OPTIONS needs no quoting
        env.put("NODE_OPTIONS", (options.isBlank() ? "" : options.strip() + " ") + "--import=" + preload.toUri());
        env.put(FILE_VARIABLE, file.toString());
        return env;
    }

    /** The CPU milliseconds of the process last run with {@link #env}, or NaN when it wrote none. */
    double lastMs() {
        try {
            String micros = Files.readString(file, StandardCharsets.US_ASCII).strip();
            Files.deleteIfExists(file);
            return Long.parseLong(micros) / 1000.0;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }
}
