package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceWriter;
import dev.reprise.record.trace.WasmR3TraceImporter;
import dev.reprise.replay.ModuleSignatures;
import dev.reprise.wasm.ModuleReader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;

/** {@code reprise reduce} and {@code reprise replay} on a Wasm-R3 sample: outputs, one-line errors, exit codes. */
class ReduceReplayCliTest {
    @TempDir
    Path tmp;

    Path sample(String name) {
        Path d = Path.of(System.getProperty("reprise.shared", "../../shared"), "corpus", "wasm-r3", "core", name);
        Assumptions.assumeTrue(Files.isDirectory(d), "Wasm-R3 samples not found at " + d + ": skipped");
        return d;
    }

    Path trace(Path dir) throws Exception {
        byte[] wasm = Files.readAllBytes(dir.resolve("index.wasm"));
        Trace t = new WasmR3TraceImporter(ModuleSignatures.of(wasm)).importTrace(dir.resolve("reference.r3"), wasm);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.create(out, t.header())) {
            for (TraceEvent e : t.events()) {
                w.write(e);
            }
        }
        Path p = tmp.resolve("run.trace");
        Files.write(p, out.toByteArray());
        return p;
    }

    @Test
    void reduceThenReplayGivesOneStandaloneModule() throws Exception {
        Path dir = sample("mem-exp-host-mod-pingpong");
        Path reduced = tmp.resolve("run.reduced");
        CliTest.Result r = CliTest.run("reduce", trace(dir).toString(), "-o", reduced.toString(), "--stats");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("host_read") && r.out().contains("fewer"), r.out());
        Path replay = tmp.resolve("replay.wasm");
        String app = dir.resolve("index.wasm").toString();
        r = CliTest.run("replay", app, reduced.toString(), "-o", replay.toString());
        assertEquals(0, r.code(), r.err());
        byte[] bytes = Files.readAllBytes(replay);
        assertEquals(0, new ModuleReader(bytes).summary().imports().size());
        Instance.builder(Parser.parse(bytes)).withStart(false).build().export("_start").apply();
        Path fromR3 = tmp.resolve("replay2.wasm");
        r = CliTest.run("replay", app, dir.resolve("reference.r3").toString(), "-o", fromR3.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(fromR3)), "same replay from .r3 and from reduced");
    }

    /** {@code --two-modules}: the pair runs under {@code reprise run --preload}; unsupported combinations are usage errors. */
    @Test
    void twoModulesRunWithPreload() throws Exception {
        Path dir = sample("mem-exp-host-mod-pingpong");
        Path t = trace(dir);
        String app = dir.resolve("index.wasm").toString();
        Path replay = tmp.resolve("pair.wasm");
        CliTest.Result r = CliTest.run("replay", app, t.toString(), "-o", replay.toString(), "--two-modules");
        assertEquals(0, r.code(), r.err());
        Path module = tmp.resolve("pair.replay-module.wasm");
        assertEquals(0, new ModuleReader(Files.readAllBytes(module)).summary().imports().size());
        assertTrue(new ModuleReader(Files.readAllBytes(replay)).summary().imports().stream()
                .allMatch(i -> i.module().equals("reprise.replay")));
        r = CliTest.run("run", "--preload", "reprise.replay=" + module, replay.toString());
        assertEquals(0, r.code(), r.err());
        r = CliTest.run("run", replay.toString());
        assertEquals(ExitCode.UNLINKABLE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        r = CliTest.run("run", "--preload", "reprise.replay", replay.toString());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        Path other = tmp.resolve("kept.wasm");
        r = CliTest.run("replay", app, t.toString(), "-o", other.toString(), "--two-modules", "--keep-output");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(other) || Files.exists(tmp.resolve("kept.replay-module.wasm")));
    }

    @Test
    void traceOfAnotherModuleIsOneLineAndLeavesNoOutput() throws Exception {
        Path t = trace(sample("mem-exp-host-mod-pingpong"));
        Path other = sample("call-imported").resolve("index.wasm");
        Path out = tmp.resolve("replay.wasm");
        CliTest.Result r = CliTest.run("replay", other.toString(), t.toString(), "-o", out.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("another module") || r.err().contains("not from this module"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void truncatedOrMissingTraceHasItsExitCode() throws Exception {
        Path t = trace(sample("call-imported-params"));
        byte[] b = Files.readAllBytes(t);
        Path cut = tmp.resolve("cut.trace");
        Files.write(cut, java.util.Arrays.copyOf(b, 20));
        CliTest.Result r = CliTest.run("reduce", cut.toString(), "-o", tmp.resolve("x.reduced").toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        CliTest.Result missing = CliTest.run("reduce", tmp.resolve("nope").toString(), "-o", tmp.resolve("y").toString());
        assertEquals(ExitCode.NO_INPUT, missing.code());
        try (var files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary file left behind");
        }
    }
}
