package dev.reprise.benchmarks.bench.internal;

import dev.reprise.benchmarks.corpus.BenchProgram;
import dev.reprise.record.host.NodeRecorder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Recording of node-hosted programs with the JavaScript recorder ({@link NodeRecorder}: the
 * instrumented module under the program's own host script, {@code node --import} the recorder
 * runtime) under the bench's node. A node with multi-memory (the pinned node 24) records in shadow
 * mode; one without (node 20) has no shadow memory, so its recordings always report every read
 * ({@code --full}); {@link #alwaysFull(String)} says so.
 */
final class NodeRecording {
    private NodeRecording() {
    }

    /** What a recording gave: events and trace bytes, and node's wall time. */
    record Recorded(long events, long traceBytes, double ms) {
    }

    /** Whether this node records every read whatever was asked (no multi-memory: no shadow memory). */
    static boolean alwaysFull(String node) {
        try {
            return !NodeRecorder.nodeHasMultiMemory(node);
        } catch (IOException e) {
            throw new StageFailed("cannot ask node about multi-memory: " + e.getMessage());
        }
    }

    static Recorded record(String node, byte[] module, String moduleName, BenchProgram program, Path hostScript,
            Map<String, String> env, Path trace, boolean full, Duration timeout) {
        NodeRecorder.Result r;
        try {
            r = NodeRecorder.record(node, module, moduleName, hostScript, program.args(), trace, full, timeout, env,
                    null, null);
        } catch (IOException e) {
            throw new StageFailed("recording under node failed: " + e.getMessage());
        }
        if (r.exitCode() != program.expectExit()) {
            String line = errorLine(r.stderrTail());
            throw new StageFailed("the recorded run exited with " + r.exitCode() + " (expected " + program.expectExit() + ")"
                    + (line.isEmpty() ? "" : ": " + line));
        }
        if (r.events() <= 0) {
            throw new StageFailed("the recorded run wrote no events");
        }
        return new Recorded(r.events(), r.traceBytes(), r.elapsed().toNanos() / 1e6);
    }

    /**
     * The line of node's stderr that says what went wrong: the first error message ("Error: ...",
     * "RuntimeError: ...", the recorder's own "reprise recorder: ..."), else the last line that is
     * neither a stack frame nor node's closing "Node.js vN" line.
     */
    static String errorLine(String stderrTail) {
        String fallback = "";
        for (String line : stderrTail.strip().split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("at ") || l.startsWith("Node.js v") || l.equals("^")) {
                continue;
            }
            if (l.matches("^[A-Za-z]*Error\\b.*") || l.contains("reprise recorder:")) {
                return l;
            }
            fallback = l;
        }
        return fallback;
    }
}
