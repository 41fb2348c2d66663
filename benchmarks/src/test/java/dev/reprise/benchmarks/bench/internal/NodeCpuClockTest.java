package dev.reprise.benchmarks.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.host.NodeRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NodeCpuClock}: a node process's own CPU time, to the microsecond, through a preload. */
class NodeCpuClockTest {
    @TempDir
    Path tmp;
    String node;

    @BeforeEach
    void node() {
        node = NodeRecorder.nodeExecutable();
        Processes.Outcome o = Processes.run(List.of(node, "--version"), tmp, Map.of(), null, Duration.ofSeconds(30));
        Assumptions.assumeTrue(o.exitCode() == 0, "skipped: no node (" + node + ")");
    }

    private Processes.Outcome node(Map<String, String> env, String script) {
        return Processes.run(List.of(node, "-e", script), tmp, env, null, Duration.ofSeconds(60));
    }

    @Test
    void aBusyProcessReportsItsCpuTimeFinerThanTicks() throws Exception {
        NodeCpuClock clock = new NodeCpuClock(tmp.resolve("work"));
        // about 150 ms of CPU; a child node inherits NODE_OPTIONS but not the file, so it writes nothing
        Processes.Outcome o = node(clock.env(Map.of()), """
                const t = process.hrtime.bigint(); let x = 0;
                while (process.hrtime.bigint() - t < 150000000n) { x += Math.sqrt(x + 1); }
                const c = require('node:child_process').spawnSync(process.execPath, ['-e', 'process.exit(0)'],
                    { env: process.env });
                console.log(c.status, x > 0);""");
        assertEquals(0, o.exitCode(), o.why());
        assertEquals("0 true", new String(o.stdout()).strip());
        double ms = clock.lastMs();
        assertTrue(ms >= 100 && ms < 5000, ms + " ms");
        assertTrue(ms != Math.rint(ms / 10) * 10, "microseconds, not 10 ms ticks: " + ms);
        assertTrue(Double.isNaN(clock.lastMs()), "the figure is read once");
    }

    @Test
    void aProcessThatExitsEarlyStillReportsAndAKilledOneDoesNot() throws Exception {
        NodeCpuClock clock = new NodeCpuClock(tmp.resolve("work"));
        assertEquals(3, node(clock.env(Map.of()), "process.exit(3)").exitCode());
        assertTrue(clock.lastMs() > 0);
        node(clock.env(Map.of()), "process.kill(process.pid, 'SIGKILL')");
        assertTrue(Double.isNaN(clock.lastMs()), "killed: nothing written, so the bench falls back to ticks");
        assertTrue(Files.exists(tmp.resolve("work").resolve("cpu-usage.mjs")));
    }

    @Test
    void theHostsOwnNodeOptionsAreKept() throws Exception {
        NodeCpuClock clock = new NodeCpuClock(tmp.resolve("work"));
        Map<String, String> env = clock.env(Map.of("NODE_OPTIONS", "--max-old-space-size=300"));
        assertTrue(env.get("NODE_OPTIONS").startsWith("--max-old-space-size=300 --import=file:"), env.toString());
        // 300 MB of old space gives a heap limit near 500 MB; node's default here is several GB
        Processes.Outcome o = node(env, "console.log(require('node:v8').getHeapStatistics().heap_size_limit < 1024 * 1024 * 1024)");
        assertEquals(0, o.exitCode(), o.why());
        assertTrue(new String(o.stdout()).strip().endsWith("true"), new String(o.stdout()));
        assertTrue(clock.lastMs() > 0);
    }
}
