package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.Value;
import dev.reprise.replay.verify.internal.FinalMemories;
import dev.reprise.wasm.ModuleReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays of runs where the host threw through guest frames, on {@code longjmp.wat} (imports
 * {@code invoke} 0 and {@code jump} 1, table function {@code body} 2, export {@code run} 3) with
 * hand-written traces of what its JavaScript host does: the replay throws a tag in the thrower's
 * stub, an import the exception only went through passes it on, and the catcher (an import's
 * stub, or the driver for the host's top level) goes on; a replay whose guest does not throw
 * where the recording did fails its self-check.
 */
class UnwindReplayTest {
    private static final Path LONGJMP = Path.of("..", "record", "src", "test", "resources", "node", "longjmp.wasm");

    private static Trace trace(TraceEvent... events) {
        return new Trace(TraceHeader.of(new byte[0], RecorderKind.JS, List.of(), StartOptions.NONE, Map.of()),
                List.of(events), true);
    }

    private static TraceEvent.ExportCall ec(int f, String name, int... args) {
        List<Value> a = new ArrayList<>();
        for (int x : args) {
            a.add(Value.i32(x));
        }
        return new TraceEvent.ExportCall(0, f, name, a);
    }

    private static TraceEvent.ImportCall ic(int f, String name, int... args) {
        List<Value> a = new ArrayList<>();
        for (int x : args) {
            a.add(Value.i32(x));
        }
        return new TraceEvent.ImportCall(0, f, "env", name, a);
    }

    private static TraceEvent.ExportReturn er(int f, int result) {
        return new TraceEvent.ExportReturn(0, f, List.of(Value.i32(result)));
    }

    private static TraceEvent.ImportReturn ir(int f, int result) {
        return new TraceEvent.ImportReturn(0, f, List.of(Value.i32(result)));
    }

    /**
     * run(2) under a host whose invoke does NOT catch: body(1) calls jump, which throws through
     * body, invoke and run (four calls) to the host's top level, which then calls run(1).
     */
    private static Trace uncaughtByInvoke(int secondRunResult) {
        return trace(ec(3, "run", 2),
                ic(0, "invoke", 1, 0), ec(2, "body", 0), er(2, 0), ir(0, 0),
                ic(0, "invoke", 1, 1), ec(2, "body", 1), ic(1, "jump", 1),
                new TraceEvent.Unwind(0, 4, 1),
                ec(3, "run", 1), ic(0, "invoke", 1, 0), ec(2, "body", 0), er(2, 0), ir(0, 0), er(3, secondRunResult));
    }

    @Test
    void theHostsTopLevelCatchesWhatWentThroughAnImportThatPassedItOn() throws IOException {
        byte[] wasm = Files.readAllBytes(LONGJMP);
        ReducedTrace reduced = new Reducer().reduce(uncaughtByInvoke(0));
        assertTrue(reduced.driver().get(0).unwound());
        assertTrue(reduced.importReplay(0).runs().stream().anyMatch(r -> r.call().passesOnAThrow()));
        byte[] replay = new ReplayGenerator().generate(wasm, reduced).wasm();
        assertEquals(1, new ModuleReader(replay).summary().tags().size(), "one tag for the unwinding");
        FinalMemories.Run run = FinalMemories.underRuntime(replay, 1);
        assertTrue(run.endedAsRecorded(), run.how());
    }

    @Test
    void aReplayWhoseRunDiffersAfterTheCatchFailsItsSelfCheck() throws IOException {
        byte[] wasm = Files.readAllBytes(LONGJMP);
        byte[] replay = new ReplayGenerator().generate(wasm, new Reducer().reduce(uncaughtByInvoke(7))).wasm();
        FinalMemories.Run run = FinalMemories.underRuntime(replay, 1);
        assertFalse(run.endedAsRecorded(), run.how());
    }

    /** An export call that the recording shows unwound, but that returns in the replay (body(0) never jumps), traps. */
    @Test
    void anUnwoundCallThatReturnsIsADeparture() throws IOException {
        byte[] wasm = Files.readAllBytes(LONGJMP);
        Trace t = trace(ec(3, "run", 1), ic(0, "invoke", 1, 0), ec(2, "body", 0), ic(1, "jump", 0),
                new TraceEvent.Unwind(0, 2, 1), ir(0, -1), er(3, -1));
        byte[] replay = new ReplayGenerator().generate(wasm, new Reducer().reduce(t)).wasm();
        FinalMemories.Run run = FinalMemories.underRuntime(replay, 1);
        assertFalse(run.endedAsRecorded(), run.how());
    }
}
