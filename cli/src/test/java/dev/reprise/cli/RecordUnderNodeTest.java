package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reprise.record.host.NodeRecorder;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.wasm.ModuleReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reprise record --node} and {@code --js-runtime}, and a real wasm-bindgen module recorded under its own glue. */
class RecordUnderNodeTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsNode() {
        try {
            NodeRecorder.nodeHasMultiMemory();
        } catch (IOException e) {
            assumeTrue(false, "node is not available: " + e.getMessage());
        }
    }

    private Path fixture(String name) throws Exception {
        try (var in = RecordUnderNodeTest.class.getResourceAsStream("/" + name)) {
            Path p = tmp.resolve(Path.of(name).getFileName().toString());
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void recordsAModuleUnderItsJavaScriptHost() throws Exception {
        Path trace = tmp.resolve("run.trace");
        CliTest.Result r = CliTest.run("record", fixture("node/reentry.wasm").toString(), "-o", trace.toString(),
                "--node", fixture("node/reentry-host.mjs").toString(), "--", "instance", "5", "1.5");
        assertEquals(0, r.code(), r.err());
        boolean shadow = NodeRecorder.nodeHasMultiMemory();
        assertTrue(r.err().contains("events to") && r.err().contains(shadow ? "(node, shadow mode, exit status 0)"
                : "(node, full mode: this node has no multi-memory, exit status 0)"), r.err());
        RecordCommandTest.assertReadableByOthers(trace);
        Trace t = TraceReader.readAll(trace);
        assertTrue(t.complete());
        assertEquals(RecorderKind.JS, t.header().recorder());
        // shadow mode reports only the reads of what the host wrote (fill's 5 bytes, read back by sum),
        // and ends with the final memory's digest
        assertEquals(shadow ? 16 : 23, t.events().size(), t.events().toString());
    }

    @Test
    void nodeExecutableIsChosenByOptionAndModeHostIsRefused() throws Exception {
        Path trace = tmp.resolve("run.trace");
        String wasm = fixture("node/reentry.wasm").toString();
        String host = fixture("node/reentry-host.mjs").toString();
        CliTest.Result missing = CliTest.run("record", wasm, "-o", trace.toString(), "--node", host, "--node-exe",
                tmp.resolve("no-such-node").toString(), "--", "instance", "5", "1.5");
        assertEquals(66, missing.code(), missing.err());
        assertTrue(missing.err().contains("cannot run " + tmp.resolve("no-such-node")), missing.err());
        assertFalse(Files.exists(trace));
        CliTest.Result full = CliTest.run("record", wasm, "-o", trace.toString(), "--node", host, "--node-exe",
                NodeRecorder.nodeExecutable(), "--full", "--", "instance", "5", "1.5");
        assertEquals(0, full.code(), full.err());
        assertTrue(full.err().contains("(node, full mode, exit status 0)"), full.err());
        assertEquals(64, CliTest.run("record", wasm, "-o", trace.toString(), "--node", host, "--mode", "host").code());
        assertEquals(64, CliTest.run("record", wasm, "-o", trace.toString(), "--node-exe", "node").code());
    }

    @Test
    void stdinGoesToNodeAndOtherRunOptionsAreRefused() throws Exception {
        Path host = tmp.resolve("wasi-host.mjs");
        Files.writeString(host, "import { WASI } from 'node:wasi';\n"
                + "import { readFileSync } from 'node:fs';\n"
                + "const wasi = new WASI({ version: 'preview1', args: ['real_inputs'], returnOnExit: true });\n"
                + "const { instance } = await WebAssembly.instantiate(readFileSync(process.argv[2]), wasi.getImportObject());\n"
                + "process.exitCode = wasi.start(instance);\n");
        Path input = tmp.resolve("input.txt");
        Files.writeString(input, "a line for the guest\n");
        Path trace = tmp.resolve("stdin.trace");
        String wasm = FirstRecordingTest.EXAMPLE.toString();
        CliTest.Result r = CliTest.run("record", wasm, "-o", trace.toString(), "--node", host.toString(), "--stdin",
                input.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("stdin: a line for the guest"), r.out());
        CliTest.Result missing = CliTest.run("record", wasm, "-o", trace.toString(), "--node", host.toString(), "--stdin",
                tmp.resolve("none.txt").toString());
        assertEquals(ExitCode.NO_INPUT, missing.code(), missing.err());
        CliTest.Result seed = CliTest.run("record", wasm, "-o", trace.toString(), "--node", host.toString(), "--seed", "3");
        assertEquals(ExitCode.USAGE, seed.code());
        assertTrue(seed.err().contains("--seed: run options do not apply to --node"), seed.err());
    }

    @Test
    void writesTheRuntimeAndItRecordsWithoutReprise() throws Exception {
        Path dir = tmp.resolve("rt");
        CliTest.Result r = CliTest.run("record", "--js-runtime", dir.toString());
        assertEquals(0, r.code(), r.err());
        Path runtime = dir.resolve("reprise-recorder.mjs");
        assertTrue(Files.isRegularFile(runtime));
        RecordCommandTest.assertReadableByOthers(runtime);
        assertTrue(r.out().contains("REPRISE_TRACE=run.trace node --import " + runtime.toAbsolutePath()), r.out());
        Path rec = tmp.resolve("reentry.rec.wasm");
        assertEquals(0, CliTest.run("instrument", fixture("node/reentry.wasm").toString(), "-o", rec.toString(), "--full")
                .code());
        Path trace = tmp.resolve("manual.trace");
        ProcessBuilder pb = new ProcessBuilder(NodeRecorder.nodeExecutable(), "--import", runtime.toUri().toString(),
                fixture("node/reentry-host.mjs").toString(), rec.toString(), "streaming", "5", "1.5")
                .redirectErrorStream(true);
        pb.environment().put("REPRISE_TRACE", trace.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("-9223372036854775526 3\n", out);
        assertEquals(23, TraceReader.readAll(trace).events().size());
    }

    /** {@code instrument --table-functions}: by hand, the host's calls of functions from the table are export calls too. */
    @Test
    void byHandTableFunctionsAreRecordedWithTheirOption() throws Exception {
        Path dir = tmp.resolve("rt");
        assertEquals(0, CliTest.run("record", "--js-runtime", dir.toString()).code());
        Path rec = tmp.resolve("table_call.rec.wasm");
        Path node = Path.of("..", "record", "src", "test", "resources", "node"); // the record module's fixtures, not copied
        CliTest.Result i = CliTest.run("instrument", node.resolve("table_call.wasm").toString(), "-o", rec.toString(),
                "--full", "--table-functions");
        assertEquals(0, i.code(), i.err());
        Path trace = tmp.resolve("table_call.trace");
        ProcessBuilder pb = new ProcessBuilder(NodeRecorder.nodeExecutable(), "--import",
                dir.resolve("reprise-recorder.mjs").toUri().toString(), node.resolve("table-call-host.mjs").toString(),
                rec.toString(), "3", "5").redirectErrorStream(true);
        pb.environment().put("REPRISE_TRACE", trace.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("15 18 3\n", out);
        assertEquals(List.of("alloc", "reprise_rec.table_function.1", "reprise_rec.table_function.2"),
                TraceReader.readAll(trace).events().stream().filter(e -> e instanceof TraceEvent.ExportCall)
                        .map(e -> ((TraceEvent.ExportCall) e).name()).toList());
    }

    /**
     * {@code reprise verify} re-records a trace recorded under node under node by default, under
     * reprise's runtime with {@code --rerecord-under runtime} or {@code --no-node}; both verify.
     */
    @Test
    void verifyReRecordsANodeTraceUnderNodeOrTheRuntime() throws Exception {
        String app = fixture("node/reentry.wasm").toString();
        Path trace = tmp.resolve("run.trace");
        assertEquals(0, CliTest.run("record", app, "-o", trace.toString(), "--node", fixture("node/reentry-host.mjs").toString(),
                "--", "instance", "5", "1.5").code());
        Path replay = tmp.resolve("replay.wasm");
        assertEquals(0, CliTest.run("replay", app, trace.toString(), "-o", replay.toString()).code());
        CliTest.Result auto = CliTest.run("verify", app, replay.toString(), trace.toString());
        assertEquals(ExitCode.OK, auto.code(), auto.out() + auto.err());
        assertTrue(auto.out().contains("under node with the JavaScript recorder"), auto.out());
        for (String[] runtime : new String[][] {{"--rerecord-under", "runtime"}, {"--no-node"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("verify"));
            args.addAll(List.of(runtime));
            args.addAll(List.of(app, replay.toString(), trace.toString()));
            CliTest.Result r = CliTest.run(args.toArray(String[]::new));
            assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("under reprise's runtime,"), r.out());
        }
        assertEquals(ExitCode.USAGE, CliTest.run("verify", "--rerecord-under", "wasmtime", app, replay.toString(),
                trace.toString()).code());
        assertEquals(ExitCode.USAGE, CliTest.run("verify", "--rerecord-under", "node", "--no-node", app, replay.toString(),
                trace.toString()).code());
    }

    @Test
    void usageAndHostErrorsHaveTheirExitCodes() throws Exception {
        String app = fixture("node/reentry.wasm").toString();
        String host = fixture("node/reentry-host.mjs").toString();
        Path out = tmp.resolve("x.trace");
        CliTest.Result r = CliTest.run("record", app, "-o", out.toString(), "--node", host, "--seed", "3");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("--seed") && r.err().strip().lines().count() == 1, r.err());
        assertEquals(ExitCode.NO_INPUT, CliTest.run("record", app, "-o", out.toString(), "--node", "nope.mjs").code());
        assertEquals(ExitCode.USAGE, CliTest.run("record", app, "--js-runtime", tmp.toString()).code());
        assertEquals(ExitCode.USAGE, CliTest.run("record", app, "--node", host).code());
        assertEquals(ExitCode.USAGE, CliTest.run("record", app, "-o", out.toString(), "--timeout", "5").code());
        Path lazy = tmp.resolve("lazy.mjs");
        Files.writeString(lazy, "process.exit(0);\n");
        r = CliTest.run("record", app, "-o", out.toString(), "--node", lazy.toString());
        assertEquals(ExitCode.UNLINKABLE, r.code(), r.err());
        assertTrue(r.err().contains("without instantiating"), r.err());
        Path slow = tmp.resolve("slow.mjs");
        Files.writeString(slow, "setInterval(() => {}, 1000);\n");
        r = CliTest.run("record", app, "-o", out.toString(), "--node", slow.toString(), "--timeout", "1");
        assertEquals(ExitCode.BUDGET_EXHAUSTED, r.code(), r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * lz4-wasm (Rust, wasm-bindgen) under its own bundler glue and the corpus host script: same
     * output as without recording; the trace reads back complete, reduces and gives a standalone
     * replay module that runs and passes its self-checks. Skipped when the corpus cache (.ci/fetch-corpus) is absent.
     */
    @Test
    void realWasmBindgenModuleUnderItsOwnGlue() throws Exception {
        Path cache = Path.of(System.getProperty("reprise.cache", System.getProperty("user.home") + "/.cache/reprise"),
                "corpus");
        Path wasm = cache.resolve("lz4.wasm");
        Path glue = cache.resolve("lz4");
        Path host = Path.of("../benchmarks/corpus/hosts/lz4.mjs");
        assumeTrue(Files.isRegularFile(wasm) && Files.isRegularFile(glue.resolve("lz4_wasm.js")),
                "the lz4 corpus entry and its glue are not cached: run .ci/fetch-corpus");
        assumeTrue(Files.isRegularFile(host), "benchmarks/corpus/hosts/lz4.mjs is absent");
        Map<String, String> env = Map.of("REPRISE_CORPUS_DIR", glue.toString());

        ProcessBuilder unrecorded = new ProcessBuilder(NodeRecorder.nodeExecutable(), host.toString(), wasm.toString(), "2")
                .redirectErrorStream(true);
        unrecorded.environment().putAll(env);
        Process plain = unrecorded.start();
        String expected = new String(plain.getInputStream().readAllBytes());
        assertTrue(plain.waitFor(60, TimeUnit.SECONDS));

        byte[] module = Files.readAllBytes(wasm);
        Path trace = tmp.resolve("lz4.trace");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        NodeRecorder.Result r = NodeRecorder.record(module, "lz4.wasm", host, List.of("2"), trace, true,
                Duration.ofSeconds(60), env, stdout, null);
        assertEquals(0, r.exitCode(), r.stderrTail());
        assertTrue(stdout.toString().startsWith("lz4 rounds=2 "), stdout.toString());
        assertEquals(expected, stdout.toString(), "recording does not change what the host computes");
        Trace t = TraceReader.readAll(trace);
        assertTrue(t.complete());
        t.header().requireModule(module);
        List<String> calls = t.events().stream().filter(e -> e instanceof TraceEvent.ExportCall)
                .map(e -> ((TraceEvent.ExportCall) e).name()).distinct().toList();
        assertTrue(calls.containsAll(List.of("compress", "decompress", "__wbindgen_malloc")), calls.toString());
        assertTrue(t.events().size() > 100_000, "full mode reports every read: " + t.events().size());

        Reducer.Result reduced = new Reducer().reduceWithStats(t);
        ReducedTrace rt = reduced.trace();
        assertEquals(t.events().stream().filter(e -> e instanceof TraceEvent.ExportCall).count(), rt.driver().size(),
                "every export call (all top-level here) is driven by the replay");
        assertTrue(reduced.stats().toString().length() > 0);
        ReplayGenerator.Result replay = new ReplayGenerator().generate(module, rt);
        assertEquals(0, new ModuleReader(replay.wasm()).summary().imports().size());
        assertTrue(replay.dataSegmentsAdded() > 0, "the glue's writes into memory are replayed as data");
        dev.reprise.runtime.RunOutcome ran = dev.reprise.runtime.Sandbox.run(
                dev.reprise.runtime.Program.of(replay.wasm(), "lz4.replay.wasm"), dev.reprise.runtime.RunOptions.builder().build());
        assertEquals(0, ran.exitCode(), "the replay runs standalone and passes its self-checks: " + ran.message());
    }
}
