package dev.reprise.replay.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.host.NodeRecorder;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.Value;
import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.verify.internal.FinalMemories;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.Termination;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run that ends in a trap of the program's own code ({@code traps/guest_trap.wat}: wasi-libc's
 * {@code abort}, as wasi-testsuite's sock_shutdown-not_sock under node): the recorded export call
 * never returns and no import call is open. Its replay traps at the same place, which must count
 * as the recorded end (before the fix only a trap inside a never-returned import call did, and
 * verify failed with "replay.wasm under reprise did not end as the recording did: it trapped");
 * a replay whose self-check fails during that call must not.
 */
class GuestTrapVerifyTest {
    private static final Path WASM = Path.of("src", "test", "resources", "traps", "guest_trap.wasm");
    @TempDir
    Path tmp;

    private Trace recordWasi(byte[] wasm, RecordingMode mode) throws Exception {
        Path trace = tmp.resolve(mode + ".trace");
        WasiRecorder.RecordResult r = WasiRecorder.record(wasm, "guest_trap.wasm", RunOptions.builder()
                .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream()).build(), trace, mode);
        assertEquals(Termination.TRAPPED, r.outcome().termination(), "the original traps in abort");
        return TraceReader.readAll(trace);
    }

    private static VerifyReport verify(byte[] wasm, Trace trace, boolean node) {
        Expectation e = Expectation.of(trace);
        byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
        return new Verifier(node).verify(wasm, replay, e);
    }

    @ParameterizedTest
    @EnumSource(RecordingMode.class)
    void aRunEndingInATrapOfTheProgramVerifies(RecordingMode mode) throws Exception {
        byte[] wasm = Files.readAllBytes(WASM);
        VerifyReport r = verify(wasm, recordWasi(wasm, mode), FinalMemories.nodeAvailable());
        assertTrue(r.faithful(), mode + ": " + r.format());
        assertEquals("final memories not checked (the trace has no memory digests: the recorded run trapped, and a trapped"
                + " run's memories are not hashed)", r.memories(), "says why, not a list of maybes");
    }

    @Test
    void recordedUnderNodeItVerifies() throws Exception {
        Assumptions.assumeTrue(FinalMemories.nodeAvailable(), "skipped: node is not on the PATH");
        byte[] wasm = Files.readAllBytes(WASM);
        Path trace = tmp.resolve("node.trace");
        NodeRecorder.record(wasm, "guest_trap.wasm", Path.of("..", "record", "src", "test", "resources", "node",
                "wasi-host.mjs"), List.of(), trace, true, Duration.ofSeconds(60), Map.of(), null, null);
        VerifyReport r = verify(wasm, TraceReader.readAll(trace), true);
        assertTrue(r.faithful(), r.format());
    }

    @Test
    void aFailedSelfCheckInThatCallIsNotTheRecordedEnd() throws Exception {
        byte[] wasm = Files.readAllBytes(WASM);
        ReducedTrace t = new Reducer().reduce(recordWasi(wasm, RecordingMode.HOST));
        ImportReplay fdWrite = t.imports().get(0);
        CallRun run = fdWrite.runs().get(0);
        List<Value> args = new ArrayList<>(run.call().args());
        args.set(0, Value.i32(1)); // the replay's fd_write is called with fd 2: its argument check fails
        ImportCallReplay call = run.call();
        ReducedTrace tampered = VerifyTest.replace(t, fdWrite, run,
                new ImportCallReplay(args, call.nested(), call.beforeReturn(), call.results(), call.returns()));
        byte[] ok = new ReplayGenerator().generate(wasm, t).wasm();
        byte[] bad = new ReplayGenerator().generate(wasm, tampered).wasm();
        assertTrue(FinalMemories.underRuntime(ok, 1).endedAsRecorded(), "the program's own trap is the recorded end");
        FinalMemories.Run r = FinalMemories.underRuntime(bad, 1);
        assertFalse(r.endedAsRecorded(), r.how());
        if (FinalMemories.nodeAvailable()) {
            assertTrue(FinalMemories.underNode(ok, 1, tmp).endedAsRecorded());
            assertFalse(FinalMemories.underNode(bad, 1, tmp).endedAsRecorded());
        }
    }
}
