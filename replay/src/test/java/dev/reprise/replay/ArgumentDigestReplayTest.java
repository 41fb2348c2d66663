package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceEvent.ExportCall;
import dev.reprise.record.trace.TraceEvent.ExportReturn;
import dev.reprise.record.trace.TraceEvent.ImportCall;
import dev.reprise.record.trace.TraceEvent.ImportReturn;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import run.endive.runtime.Instance;
import run.endive.runtime.TrapException;
import run.endive.wasm.Parser;

/**
 * A self-checking replay checks import arguments by a running digest at each import's last
 * recorded call ({@code args.wat}: five calls of one import whose arguments differ, NaN
 * payloads included, and whose results do not): the five calls are one run of the replay, a
 * wrong argument anywhere traps at the last call (at the wrong call itself with
 * {@code checkEachCall}), and a replay that makes fewer calls than recorded traps at its end.
 */
class ArgumentDigestReplayTest {
    private static final Path WASM = Path.of("src", "test", "resources", "digest", "args.wasm");
    private static final int CALLS = 5;

    private static List<Value> args(int k) {
        return List.of(Value.i32(k), Value.i64(k * 0x1_0000_0001L), Value.f32Bits(0x7fa00000 + k), Value.f64(k));
    }

    /** {@code run(k)} for k = 0..4, each calling {@code f} once; {@code edit} may change the events. */
    private static ReducedTrace trace(java.util.function.Consumer<List<TraceEvent>> edit) {
        List<TraceEvent> e = new ArrayList<>();
        for (int k = 0; k < CALLS; k++) {
            e.add(new ExportCall(0, 1, "run", List.of(Value.i32(k))));
            e.add(new ImportCall(0, 0, "env", "f", args(k)));
            e.add(new ImportReturn(0, 0, List.of(Value.i32(7))));
            e.add(new ExportReturn(0, 1, List.of()));
        }
        edit.accept(e);
        Trace t = new Trace(TraceHeader.of(new byte[0], RecorderKind.JAVA, List.of(), StartOptions.NONE, Map.of()), e, true);
        return new Reducer().reduce(t);
    }

    private static final ReplayOptions EACH_CALL = ReplayOptions.DEFAULTS.checkingEachCall(true);

    /** Runs the replay's {@code _start}; returns the {@code k} of the call that trapped, or -1 when none did. */
    private static int trappedAt(byte[] replay) {
        Instance inst = Instance.builder(Parser.parse(replay)).withStart(false).build();
        try {
            inst.export("_start").apply();
            assertEquals(7, inst.memory().readInt(4), "the recorded result reached the module");
            return -1;
        } catch (TrapException e) {
            return inst.memory().readInt(0);
        }
    }

    @Test
    void callsThatDifferOnlyInTheirArgumentsAreOneRun() throws Exception {
        byte[] wasm = Files.readAllBytes(WASM);
        ReducedTrace t = trace(e -> { });
        assertEquals(CALLS, t.importReplay(0).runs().size(), "the reduced trace keeps each call's arguments");
        ReplayGenerator.Result digest = new ReplayGenerator().generate(wasm, t);
        ReplayGenerator.Result each = new ReplayGenerator(EACH_CALL).generate(wasm, t);
        assertEquals(-1, trappedAt(digest.wasm()), "NaN payloads and all, the digest matches");
        assertEquals(-1, trappedAt(each.wasm()));
        assertTrue(digest.wasm().length < each.wasm().length,
                "digest " + digest.wasm().length + " bytes, each call " + each.wasm().length);
        Files.createDirectories(ReplayCorpusTest.OUT);
        Path file = ReplayCorpusTest.OUT.resolve("digest-args.replay.wasm");
        Files.write(file, digest.wasm());
        ReplayCorpusTest.validate(file);
        ReplayCorpusTest.node(file); // node passes f32 NaN payloads between wasm functions unchanged too
    }

    @Test
    void aWrongArgumentTrapsAtTheImportsLastCall() throws Exception {
        byte[] wasm = Files.readAllBytes(WASM);
        for (int arg = 0; arg < 4; arg++) {
            int which = arg;
            ReducedTrace t = trace(e -> {
                ImportCall c = (ImportCall) e.get(4 * 2 + 1); // call k = 2
                List<Value> a = new ArrayList<>(c.args());
                Value v = a.get(which);
                a.set(which, Value.ofRaw(v.type(), v.lo() ^ 1)); // one bit off
                e.set(4 * 2 + 1, new ImportCall(c.tid(), c.funcIndex(), c.module(), c.name(), a));
            });
            assertEquals(CALLS - 1, trappedAt(new ReplayGenerator().generate(wasm, t).wasm()), "argument " + which);
            assertEquals(2, trappedAt(new ReplayGenerator(EACH_CALL).generate(wasm, t).wasm()), "argument " + which);
        }
    }

    @Test
    void fewerCallsThanRecordedTrapAtTheEnd() throws Exception {
        byte[] wasm = Files.readAllBytes(WASM);
        ReducedTrace t = trace(e -> {
            // the recorded host saw a second call inside the last export call; the module makes one
            int last = e.size() - 1;
            e.add(last, new ImportReturn(0, 0, List.of(Value.i32(7))));
            e.add(last, new ImportCall(0, 0, "env", "f", args(CALLS)));
        });
        byte[] replay = new ReplayGenerator().generate(wasm, t).wasm();
        Instance inst = Instance.builder(Parser.parse(replay)).withStart(false).build();
        assertThrows(TrapException.class, () -> inst.export("_start").apply());
        assertEquals(CALLS - 1, inst.memory().readInt(0), "every export call was made, then _start trapped");
    }
}
