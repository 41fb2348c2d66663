package dev.reprise.benchmarks.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reason a failed node recording gives: the error line of node's stderr, not its closing version line. */
class NodeRecordingTest {
    @Test
    void theErrorLineOfNodesStderrIsTheReason() {
        String avif = """
                node:internal/event_target:1105
                  process.nextTick(() => { throw err; });
                                           ^
                Error: reprise recorder: an instrumented module instantiated in a worker thread: threads are not supported
                    at fail (file:///tmp/reprise-node-1/reprise-recorder.mjs:52:13)
                    at startSession (file:///tmp/reprise-node-1/reprise-recorder.mjs:645:22)

                Node.js v20.20.2
                """;
        assertEquals("Error: reprise recorder: an instrumented module instantiated in a worker thread: threads are not"
                + " supported", NodeRecording.errorLine(avif));
        assertEquals("RuntimeError: unreachable", NodeRecording.errorLine("wasm://wasm/1\n\n\nRuntimeError: unreachable\n"
                + "    at wasm://wasm/000b0d82:wasm-function[122]:0x1bd88\n\nNode.js v20.20.2\n"));
        assertEquals("killed", NodeRecording.errorLine("killed\nNode.js v20.20.2"));
        assertEquals("", NodeRecording.errorLine(""));
    }
}
