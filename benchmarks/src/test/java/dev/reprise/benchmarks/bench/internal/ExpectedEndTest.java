package dev.reprise.benchmarks.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the bench expects a replay to end, from the reduced trace. */
class ExpectedEndTest {
    private static ReducedTrace with(ImportCallReplay call) {
        ImportReplay r = new ImportReplay(0, "env", "exit_or_throw", List.of(new CallRun(1, call)));
        return new ReducedTrace(ReducedTrace.UNWINDING_VERSION, new byte[0], List.of(), Map.of(), List.of(), List.of(r));
    }

    @Test
    void aCallThatNeverReturnedIsTheRecordedEnd() {
        ExpectedEnd end = ExpectedEnd.of(with(new ImportCallReplay(List.of(), List.of(), List.of(), List.of(), false, false)));
        assertEquals("trap in exit_or_throw", end.describe());
        assertEquals("returned, but the recorded run ended in exit_or_throw", end.judge(false, false, null));
    }

    @Test
    void aCallThatThrewIsNoEnd() {
        // Emscripten's longjmp: the import threw and the host caught it, the run went on (lua)
        ExpectedEnd end = ExpectedEnd.of(with(new ImportCallReplay(List.of(), List.of(), List.of(), List.of(), false, true)));
        assertFalse(end.traps());
        assertNull(end.judge(false, false, null));
    }
}
