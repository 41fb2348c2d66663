package dev.reprise.replay.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.runtime.RunOptions;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code reprise verify} of a two-module replay ({@code reprise replay --two-modules}): wasi-testsuite
 * programs recorded in host mode give pairs that regenerate byte for byte, re-record event by event
 * and, linked, end with the recorded final memories under reprise's runtime and node; a changed
 * byte in either module, or a pair made from another recording, is not verified.
 */
class TwoModuleVerifyTest {
    private static final Path WASI_C = Path.of(System.getProperty("reprise.shared", "../../shared"), "corpus",
            "wasi-testsuite", "c");

    @TempDir
    Path tmp;

    private record Recorded(byte[] wasm, Trace trace, ReducedTrace reduced, ReplayGenerator.TwoModules pair) {
    }

    private Recorded record(String program) throws Exception {
        Path p = WASI_C.resolve(program + ".wasm");
        assumeTrue(Files.isRegularFile(p), "../shared/corpus/wasi-testsuite is absent");
        byte[] wasm = Files.readAllBytes(p);
        Path trace = tmp.resolve(program + ".trace");
        WasiRecorder.record(wasm, program, RunOptions.builder().stdout(new ByteArrayOutputStream())
                .stderr(new ByteArrayOutputStream()).build(), trace, RecordingMode.HOST);
        Trace t = TraceReader.readAll(trace);
        ReducedTrace reduced = new Reducer().reduce(t);
        return new Recorded(wasm, t, reduced, new ReplayGenerator().generateTwoModules(wasm, reduced));
    }

    @ParameterizedTest
    @ValueSource(strings = {"clock_getres-monotonic", "clock_gettime-realtime", "sock_shutdown-invalid_fd"})
    void aPairVerifiesUnderBothEngines(String program) throws Exception {
        Recorded r = record(program);
        VerifyReport report = new Verifier(true).verifyTwoModules(r.wasm(), r.pair().target(), r.pair().replayModule(),
                Expectation.of(r.trace(), r.reduced()));
        assertTrue(report.faithful(), report.format());
        assertTrue(report.format().contains("the linked pair under reprise"), report.format());
        assertTrue(report.format().contains("memory digests equal"), report.format());
    }

    @Test
    void aChangedByteInEitherModuleOrAnotherRecordingIsNotVerified() throws Exception {
        Recorded r = record("clock_getres-monotonic");
        Expectation expected = Expectation.of(r.trace(), r.reduced());
        for (int which = 0; which < 2; which++) {
            byte[] target = r.pair().target().clone();
            byte[] module = r.pair().replayModule().clone();
            byte[] changed = which == 0 ? target : module;
            changed[changed.length / 2] ^= 1;
            VerifyReport report = new Verifier(false).verifyTwoModules(r.wasm(), target, module, expected);
            assertFalse(report.faithful(), report.format());
            assertTrue(report.format().contains(which == 0 ? "target module (T')" : "replay module (R)"), report.format());
        }
        Recorded other = record("clock_gettime-realtime");
        VerifyReport report = new Verifier(false).verifyTwoModules(r.wasm(), other.pair().target(),
                other.pair().replayModule(), expected);
        assertFalse(report.faithful(), report.format());
        assertTrue(report.format().contains("another module"), report.format());
    }
}
