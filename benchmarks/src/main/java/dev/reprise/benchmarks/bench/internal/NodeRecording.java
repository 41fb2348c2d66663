package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.corpus.BenchProgram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Recording of node-hosted programs. The JavaScript recorder ({@code NodeRecorder}, injected
 * with {@code node --import}) is not part of this build yet, so recording a node program fails
 * its record stage with a clear message; the original runs are still measured.
 */
final class NodeRecording {
    private NodeRecording() {
    }

    /** What a recording gave: events and trace bytes, and the wall time. */
    record Recorded(long events, long traceBytes, double ms) {
    }

    static Recorded record(byte[] module, String moduleName, BenchProgram program, Map<String, String> env, Path trace,
            boolean full, Duration timeout) {
        throw new StageFailed("node recorder not available in this build (the JavaScript recorder is not merged yet)");
    }
}
