package dev.reprise.benchmarks.bench.internal;

import java.nio.file.Path;

/**
 * Recording of node-hosted programs. The JavaScript recorder ({@code NodeRecorder}, injected
 * with {@code node --import}) is not part of this build yet, so recording a node program fails
 * its record stage with a clear message; original runs and everything else still run.
 */
final class NodeRecording {
    private NodeRecording() {
    }

    /** What a recording gave: events and trace bytes, and the wall time. */
    record Recorded(long events, long traceBytes, double ms) {
    }

    static Recorded record(byte[] module, String moduleName, Path hostScript, java.util.List<String> args, Path trace,
            boolean full, java.time.Duration timeout) {
        throw new StageFailed("node recorder not available in this build (the JavaScript recorder is not merged yet)");
    }
}
