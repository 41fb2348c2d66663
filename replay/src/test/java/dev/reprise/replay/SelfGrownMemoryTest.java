package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.Reducer;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code growth/self-grown.wat}: a module that grows its memory itself and reads back what it
 * wrote there before the host runs again. Its replay (both modes, several seeds) must end as the
 * recorded run did; before the fix the --full replay grew the memory early (so the module's
 * own {@code memory.grow} returned another base) and stored the module's own bytes out of bounds.
 */
class SelfGrownMemoryTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void replayOfAModuleThatGrowsItsOwnMemoryEndsAsRecorded(boolean full) throws Exception {
        byte[] wasm;
        try (InputStream in = getClass().getResourceAsStream("/growth/self-grown.wasm")) {
            wasm = in.readAllBytes();
        }
        for (long seed = 1; seed <= 3; seed++) {
            RunOptions options = RunOptions.builder().seed(seed).stdout(new ByteArrayOutputStream())
                    .stderr(new ByteArrayOutputStream()).build();
            Path trace = tmp.resolve("run" + seed + ".trace");
            RunOutcome recorded = WasiRecorder.record(wasm, "self-grown.wasm", options, trace, full).outcome();
            byte[] replay = new ReplayGenerator().generate(wasm, new Reducer().reduce(TraceReader.readAll(trace))).wasm();
            RunOutcome replayed = Sandbox.run(Program.of(replay, "replay.wasm"), options);
            assertEquals(0, recorded.exitCode());
            assertEquals(0, replayed.exitCode(), (full ? "--full" : "shadow") + " seed " + seed
                    + ": " + replayed.termination() + " " + replayed.message());
        }
    }
}
