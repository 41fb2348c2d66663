package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.replay.internal.TwoModuleLayout;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.Store;
import run.endive.wasm.Parser;

/** Runs a two-module replay pair and compares its final memories with the merged replay's. */
final class TwoModuleRuns {
    private TwoModuleRuns() {
    }

    /** Page count and SHA-256 of each memory, one line per memory. */
    static List<String> digests(List<Memory> memories) throws Exception {
        List<String> out = new ArrayList<>();
        for (Memory m : memories) {
            byte[] bytes = m.readBytes(0, m.pages() * 65536);
            out.add(m.pages() + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        return out;
    }

    /** Runs {@code _start}; a trap is fine only as the recorded end of the run ({@link ReplayGenerator#END_EXPORT} set). */
    static void runToEnd(Instance inst) {
        try {
            inst.export("_start").apply();
        } catch (RuntimeException e) {
            run.endive.runtime.GlobalInstance end;
            try {
                end = inst.exports().global(ReplayGenerator.END_EXPORT);
            } catch (RuntimeException none) {
                end = null;
            }
            if (end == null || end.getValueLow() != 1) {
                throw new AssertionError("the replay trapped: " + e, e);
            }
        }
    }

    /** Runs the merged replay's {@code _start} under Endive; its memories' digests. */
    static List<String> merged(byte[] replay, int memories) throws Exception {
        Instance inst = Instance.builder(Parser.parse(replay)).withStart(false).build();
        runToEnd(inst);
        List<Memory> ms = new ArrayList<>();
        for (int m = 0; m < memories; m++) {
            ms.add(inst.memory(m));
        }
        return digests(ms);
    }

    /** Links R then T' in one Endive store (standard linking, nothing else), runs T''s {@code _start}; R's memories' digests. */
    static List<String> pair(ReplayGenerator.TwoModules p, int memories) throws Exception {
        Store store = new Store();
        Instance r = store.instantiate(TwoModuleLayout.MODULE, Parser.parse(p.replayModule()));
        Instance t = store.instantiate("target", imports -> Instance.builder(Parser.parse(p.target()))
                .withImportValues(imports).withStart(false).build());
        runToEnd(t);
        List<Memory> ms = new ArrayList<>();
        for (int m = 0; m < memories; m++) {
            ms.add(r.exports().memory("memory." + m));
        }
        return digests(ms);
    }

    /** Runs the pair under node (R, then T' with {"reprise.replay": R's exports}); R's memories' digests, or null without node / with multi-memory. */
    static List<String> node(Path target, Path replayModule, int memories) throws Exception {
        if (memories > 1 || !ReplayCorpusTest.onPath("node")) {
            return null;
        }
        String script = "const fs=require('fs'),c=require('crypto');(async()=>{"
                + "const r=await WebAssembly.instantiate(fs.readFileSync(process.argv[2]));"
                + "const t=await WebAssembly.instantiate(fs.readFileSync(process.argv[1]),{'reprise.replay':r.instance.exports});"
                + "const x=t.instance.exports;try{x._start();}catch(e){const g=x['" + ReplayGenerator.END_EXPORT + "'];"
                + "if(!g||g.value!==1)throw e;}"
                + "for(let m=0;m<" + memories + ";m++){const b=r.instance.exports['memory.'+m].buffer;"
                + "console.log((b.byteLength/65536)+' '+c.createHash('sha256').update(new Uint8Array(b)).digest('hex'));}"
                + "})().catch(e=>{console.error(String(e));process.exit(3)})";
        Process p = new ProcessBuilder("node", "-e", script, target.toAbsolutePath().toString(),
                replayModule.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "node: " + out);
        return out.lines().toList();
    }

    /**
     * Generates the merged replay and the pair of {@code trace}: the pair validates, has the
     * documented shape, and ends with the merged replay's memories under Endive and node.
     */
    static ReplayGenerator.TwoModules sameAsMerged(String name, byte[] wasm, ReducedTrace trace) throws Exception {
        ReplayGenerator gen = new ReplayGenerator();
        byte[] merged = gen.generate(wasm, trace).wasm();
        ReplayGenerator.TwoModules p = gen.generateTwoModules(wasm, trace);
        Path dir = ReplayCorpusTest.OUT.resolve("two-modules");
        Files.createDirectories(dir);
        Path t = dir.resolve(name + ".wasm");
        Path r = dir.resolve(name + ".replay-module.wasm");
        Files.write(t, p.target());
        Files.write(r, p.replayModule());
        ReplayCorpusTest.validate(r);
        ReplayCorpusTest.validate(t);
        ModuleSummary rs = new ModuleReader(p.replayModule()).summary();
        ModuleSummary ts = new ModuleReader(p.target()).summary();
        assertEquals(0, rs.imports().size(), "R imports nothing");
        assertTrue(ts.imports().stream().allMatch(i -> i.module().equals(TwoModuleLayout.MODULE)), "T' imports only from R");
        int memories = new ModuleReader(wasm).summary().memories().size();
        List<String> expected = merged(merged, memories);
        assertEquals(expected, pair(p, memories), name + ": memories under Endive");
        List<String> node = node(t, r, memories);
        if (node != null) {
            assertEquals(expected, node, name + ": memories under node");
        }
        return p;
    }
}
