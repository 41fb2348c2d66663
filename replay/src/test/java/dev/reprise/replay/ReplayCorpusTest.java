package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.reprise.reduce.ReduceStats;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.reduce.Reducer;
import dev.reprise.wasm.ModuleReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;

/**
 * Every Wasm-R3 sample: import, reduce, generate the merged replay, check it has zero imports,
 * validates (wasm-validate when installed), and runs its self-checking {@code _start} under
 * Endive and under node (when installed) without a trap. Prints the figures.
 */
class ReplayCorpusTest {
    static final Path OUT = Path.of("target", "replay-corpus");

    @Test
    void everySampleReplaysAndSelfChecks() throws Exception {
        List<Samples.Sample> samples = Samples.all();
        assertTrue(samples.size() >= 20, "samples: " + samples.size());
        Files.createDirectories(OUT);
        List<String> failures = new ArrayList<>();
        long before = 0;
        long after = 0;
        long targetBytes = 0;
        long replayBytes = 0;
        long nanos = 0;
        StringBuilder table = new StringBuilder(String.format("%-32s %7s %7s %8s %8s %7s%n", "sample", "events",
                "after", "target", "replay", "gen ms"));
        for (Samples.Sample s : samples) {
            try {
                long t0 = System.nanoTime();
                Reducer.Result r = new Reducer().reduceWithStats(s.trace());
                ReducedTrace reduced = ReducedTraceCodec.read(ReducedTraceCodec.write(r.trace()));
                assertEquals(r.trace(), reduced, "codec round trip");
                byte[] replay = new ReplayGenerator().generate(s.wasm(), reduced).wasm();
                long dt = System.nanoTime() - t0;
                nanos += dt;
                Path file = OUT.resolve(s.name() + ".wasm");
                Files.write(file, replay);
                assertEquals(0, new ModuleReader(replay).summary().imports().size(), "imports left");
                validate(file);
                Instance inst = Instance.builder(Parser.parse(replay)).withStart(false).build();
                inst.export("_start").apply();
                node(file);
                ReduceStats st = r.stats();
                before += st.eventsBefore();
                after += st.eventsAfter();
                targetBytes += s.wasm().length;
                replayBytes += replay.length;
                table.append(String.format("%-32s %7d %7d %8d %8d %7.1f%n", s.name(), st.eventsBefore(),
                        st.eventsAfter(), s.wasm().length, replay.length, dt / 1e6));
            } catch (Exception | AssertionError e) {
                failures.add(s.name() + ": " + e);
            }
        }
        table.append(String.format("total: events %d -> %d (%.1f%% fewer), modules %d -> %d bytes (%.2fx), %.1f ms%n",
                before, after, before == 0 ? 0 : 100.0 * (before - after) / before, targetBytes, replayBytes,
                (double) replayBytes / Math.max(1, targetBytes), nanos / 1e6));
        System.out.println("Wasm-R3 samples replayed:\n" + table);
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + samples.size() + " samples failed:\n" + String.join("\n", failures));
        }
    }

    /** The text dump of a few samples' replay modules, compared with goldens beside the other test inputs. */
    @Test
    void replayModulesMatchGoldenDumps() throws Exception {
        for (Samples.Sample s : Samples.all()) {
            if (!List.of("reentry", "mem-exp-host-mod-pingpong", "glob-imp-nan", "call-imported-params").contains(s.name())) {
                continue;
            }
            byte[] replay = new ReplayGenerator().generate(s.wasm(), new Reducer().reduce(s.trace())).wasm();
            java.io.StringWriter text = new java.io.StringWriter();
            try (java.io.PrintWriter out = new java.io.PrintWriter(text)) {
                new ModuleReader(replay).accept(new dev.reprise.wasm.ModulePrinter(out));
            }
            FeaturesReplayTest.golden(Path.of("src", "test", "resources", "golden", s.name() + ".replay.txt"), text.toString());
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": timed out");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }

    static void validate(Path file) throws Exception {
        if (onPath("wasm-validate")) {
            run("wasm-validate", "--enable-all", file.toString());
        }
    }

    /** Runs {@code _start} under node; skipped for multi-memory modules, which node 20 does not support. */
    static void node(Path file) throws Exception {
        if (new ModuleReader(Files.readAllBytes(file)).summary().memories().size() > 1) {
            return;
        }
        if (onPath("node")) {
            run("node", "-e", "const fs=require('fs');WebAssembly.instantiate(fs.readFileSync(process.argv[1]))"
                    + ".then(r=>r.instance.exports._start()).catch(e=>{console.error(String(e));process.exit(3)})",
                    file.toAbsolutePath().toString());
        }
    }
}
