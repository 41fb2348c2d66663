package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;

/**
 * Fidelity over the Wasm-R3 samples: the original module under a host played from the trace
 * makes exactly the recorded import calls; its export results, written into the trace, are
 * what the merged replay's self-check then demands, under Endive and node; a wrong expected
 * value makes the replay trap.
 */
class ReplayFidelityTest {
    @Test
    void originalUnderTraceHostMatchesAndReplayReproducesItsResults() throws Exception {
        Files.createDirectories(ReplayCorpusTest.OUT);
        List<String> failures = new ArrayList<>();
        int checkedValues = 0;
        for (Samples.Sample s : Samples.all()) {
            try {
                ReducedTrace reduced = new Reducer().reduce(s.trace());
                TraceHost host = new TraceHost(s.wasm(), reduced);
                TraceHost.Run run = host.run();
                List<Integer> recorded = new ArrayList<>();
                for (TraceEvent e : s.trace().events()) {
                    if (e instanceof TraceEvent.ImportCall ic) {
                        recorded.add(ic.funcIndex());
                    }
                }
                assertEquals(recorded, run.importCalls(), "import calls of the original under the trace's host");
                ReducedTrace checked = TraceHost.withObservedResults(reduced, run);
                checkedValues += run.exportResults().stream().mapToInt(List::size).sum();
                byte[] replay = new ReplayGenerator().generate(s.wasm(), checked).wasm();
                Path file = ReplayCorpusTest.OUT.resolve(s.name() + ".checked.wasm");
                Files.write(file, replay);
                ReplayCorpusTest.validate(file);
                Instance inst = Instance.builder(Parser.parse(replay)).withStart(false).build();
                inst.export("_start").apply();
                sameFinalState(host.instance(), inst, s.wasm());
                ReplayCorpusTest.node(file);
            } catch (Exception | AssertionError e) {
                failures.add(s.name() + ": " + e);
            }
        }
        System.out.println("fidelity: export results compared by the self-checking replays: " + checkedValues);
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    /** Memories and the target's globals end equal in the original (under the trace host) and the replay. */
    static void sameFinalState(Instance original, Instance replay, byte[] wasm) {
        dev.reprise.wasm.ModuleSummary summary = new dev.reprise.wasm.ModuleReader(wasm).summary();
        for (int m = 0; m < summary.memories().size(); m++) {
            run.endive.runtime.Memory a = original.memory(m);
            run.endive.runtime.Memory b = replay.memory(m);
            assertEquals(a.pages(), b.pages(), "pages of memory " + m);
            int n = a.pages() * 65536;
            assertTrue(java.util.Arrays.equals(a.readBytes(0, n), b.readBytes(0, n)), "memory " + m + " differs");
        }
        for (int g = 0; g < summary.globals().size(); g++) {
            assertEquals(original.global(g).getValueLow(), replay.global(g).getValueLow(), "global " + g);
        }
    }

    @Test
    void aWrongExpectedResultTraps() throws Exception {
        for (Samples.Sample s : Samples.all()) {
            ReducedTrace reduced = new Reducer().reduce(s.trace());
            TraceHost.Run run = new TraceHost(s.wasm(), reduced).run();
            int at = -1;
            for (int i = 0; i < run.exportResults().size() && at < 0; i++) {
                if (!run.exportResults().get(i).isEmpty() && run.exportResults().get(i).get(0).type()
                        == dev.reprise.record.trace.ValType.I32) {
                    at = i;
                }
            }
            if (at < 0) {
                continue;
            }
            List<List<Value>> wrong = new ArrayList<>(run.exportResults());
            List<Value> r = new ArrayList<>(wrong.get(at));
            r.set(0, Value.i32(r.get(0).asInt() + 1));
            wrong.set(at, r);
            ReducedTrace bad = TraceHost.withObservedResults(reduced, new TraceHost.Run(run.importCalls(), wrong));
            byte[] replay = new ReplayGenerator().generate(s.wasm(), bad).wasm();
            Instance inst = Instance.builder(Parser.parse(replay)).withStart(false).build();
            RuntimeException e = assertThrows(RuntimeException.class, () -> inst.export("_start").apply());
            assertTrue(String.valueOf(e.getMessage()).contains("unreachable"), e.toString());
            ExportInvoke inv = bad.driver().get(at);
            assertEquals(r, inv.expected());
            return;
        }
        fail("no sample has an export returning an i32");
    }
}
