package dev.reprise.record.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/** Recording real runs: WASI programs under the sandbox, and a Java host of its own. */
class RecorderTest {
    @TempDir
    Path tmp;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = RecorderTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    private static <T> List<T> of(Trace t, Class<T> kind) {
        return t.events().stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
    }

    @Test
    void wasiProgramCallsAndOutputDigestAreRecorded() throws Exception {
        byte[] wasm = fixture("hello.wasm");
        Path trace = tmp.resolve("hello.trace");
        WasiRecorder.RecordResult r = WasiRecorder.record(wasm, "hello.wasm",
                RunOptions.builder().stdout(new ByteArrayOutputStream()).build(), trace, false);
        assertEquals("hello, reprise\n", r.outcome().stdoutText());
        Trace t = TraceReader.readAll(trace);
        assertTrue(t.complete());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(wasm), t.header().moduleSha256());
        TraceEvent.ExportCall start = of(t, TraceEvent.ExportCall.class).get(0);
        assertEquals("_start", start.name());
        TraceEvent.ImportCall write = of(t, TraceEvent.ImportCall.class).get(0);
        assertEquals("fd_write", write.name());
        assertEquals(1, write.args().get(0).lo(), "fd 1");
        TraceEvent.OutputDigest out = of(t, TraceEvent.OutputDigest.class).get(0);
        assertEquals(15, out.byteCount());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest("hello, reprise\n".getBytes(StandardCharsets.UTF_8)), out.sha256());
        assertEquals(1, of(t, TraceEvent.ImportReturn.class).size());
        assertEquals(1, of(t, TraceEvent.ExportReturn.class).size());
        List<TraceEvent.HostRead> reads = of(t, TraceEvent.HostRead.class);
        int returned = t.events().indexOf(of(t, TraceEvent.ExportReturn.class).get(0));
        assertEquals(1, reads.size(), "the program never reads what the host wrote (nwritten at 8): no read while it"
                + " runs, and the unread host write at the end: " + reads);
        assertTrue(t.events().indexOf(reads.get(0)) > returned, "reported after the run");
        assertEquals(new TraceEvent.HostRead(0, 0, 8, new byte[] {15}), reads.get(0));
        List<TraceEvent.MemoryDigest> digests = of(t, TraceEvent.MemoryDigest.class);
        assertEquals(1, digests.size(), "one digest per memory of the module, not of its shadow");
        assertEquals(digests.get(0), t.events().get(t.events().size() - 1), "the digest ends the trace");
        Instance plain = Instance.builder(Parser.parse(wasm)).withStart(false)
                .withImportValues(ImportValues.builder().addFunction(new HostFunction("wasi_snapshot_preview1", "fd_write",
                        FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)),
                        (inst, a) -> {
                            inst.memory().writeI32((int) a[3], 15);
                            return new long[] {0};
                        })).build()).build();
        plain.export("_start").apply();
        assertEquals(plain.memory().pages(), digests.get(0).pages());
        assertArrayEquals(HookRecorder.memorySha256(plain.memory()), digests.get(0).sha256(),
                "the final memory of the same run with a host writing what WASI wrote");
    }

    @Test
    void aTrappedRunHasNoMemoryDigest() throws Exception {
        byte[] wasm = fixture("host_writes.wasm");
        ByteArrayOutputStream traceBytes = new ByteArrayOutputStream();
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, traceBytes, false)) {
            HostFunction fill = new HostFunction("env", "fill", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()),
                    (inst, args) -> {
                        throw new IllegalStateException("host failure");
                    });
            Instance app = Instance.builder(Parser.parse(rec.instrumentedModule()))
                    .withImportValues(rec.addTo(ImportValues.builder().addFunction(fill)).build()).build();
            org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> app.export("sum").apply(100, 5));
        }
        Trace t = TraceReader.readAll(traceBytes.toByteArray());
        assertEquals(0, of(t, TraceEvent.MemoryDigest.class).size(), "the export never returned: " + t.events());
    }

    @Test
    void threadedProgramRecordsSpawnsAndDecisionsAndBehavesTheSame() throws Exception {
        byte[] wasm = fixture("spawn_yield.wasm");
        RunOutcome plain = Sandbox.run(wasm, "spawn_yield.wasm", RunOptions.builder().build());
        Path trace = tmp.resolve("threads.trace");
        WasiRecorder.RecordResult r = WasiRecorder.record(wasm, "spawn_yield.wasm", RunOptions.builder().build(), trace, false);
        assertEquals(plain.stdoutText(), r.outcome().stdoutText());
        assertEquals(plain.exitCode(), r.outcome().exitCode());
        Trace t = TraceReader.readAll(trace);
        assertEquals(1, of(t, TraceEvent.ThreadSpawn.class).size());
        assertTrue(of(t, TraceEvent.SchedulerDecision.class).size() >= 1);
        assertTrue(t.events().stream().anyMatch(e -> e.tid() == 1), "events of thread 1 carry its id");
    }

    @Test
    void javaHostWritesIntoMemoryAreRecordedAsHostReads() throws Exception {
        byte[] wasm = fixture("host_writes.wasm");
        ByteArrayOutputStream traceBytes = new ByteArrayOutputStream();
        int sum;
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, traceBytes, false)) {
            HostFunction fill = new HostFunction("env", "fill", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()),
                    (inst, args) -> {
                        for (int i = 0; i < args[1]; i++) {
                            inst.memory().writeByte((int) args[0] + i, (byte) (10 + i));
                        }
                        return null;
                    });
            Instance app = Instance.builder(Parser.parse(rec.instrumentedModule()))
                    .withImportValues(rec.addTo(ImportValues.builder().addFunction(fill)).build()).build();
            sum = (int) app.export("sum").apply(100, 5)[0];
        }
        assertEquals(10 + 11 + 12 + 13 + 14, sum);
        Trace t = TraceReader.readAll(traceBytes.toByteArray());
        List<TraceEvent.HostRead> reads = of(t, TraceEvent.HostRead.class);
        assertEquals(5, reads.size(), "exactly the five host-written bytes: " + reads);
        for (int i = 0; i < 5; i++) {
            assertEquals(100 + i, reads.get(i).address());
            assertEquals(10 + i, reads.get(i).bytes()[0]);
        }
        TraceEvent.ImportCall call = of(t, TraceEvent.ImportCall.class).get(0);
        assertEquals(100, call.args().get(0).lo());
        assertEquals(5, call.args().get(1).lo());
        assertEquals(60, of(t, TraceEvent.ExportReturn.class).get(0).results().get(0).lo());
        List<TraceEvent.MemoryDigest> digests = of(t, TraceEvent.MemoryDigest.class);
        assertEquals(1, digests.size(), "closing after every export returned adds the final digest");
        assertEquals(TraceEvent.MemoryDigest.class, t.events().get(t.events().size() - 1).getClass());
    }

    @Test
    void fullModeReportsTheModulesOwnReadsToo() throws Exception {
        byte[] wasm = fixture("host_writes.wasm");
        ByteArrayOutputStream traceBytes = new ByteArrayOutputStream();
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, traceBytes, true)) {
            HostFunction fill = new HostFunction("env", "fill", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()),
                    (inst, args) -> null);
            Instance app = Instance.builder(Parser.parse(rec.instrumentedModule()))
                    .withImportValues(rec.addTo(ImportValues.builder().addFunction(fill)).build()).build();
            app.export("sum").apply(100, 5);
        }
        Trace t = TraceReader.readAll(traceBytes.toByteArray());
        assertEquals(6, of(t, TraceEvent.HostRead.class).size(), "the module's own 4-byte read plus five byte loads");
    }

    @Test
    void aTrapsGuestStackNamesTheOriginalFunctionsAsReprisesRunDoes() throws Exception {
        // no name section: the instrumented module renumbers every function (hook imports come first)
        // and wraps the export; the stack must still read $func1 (x4), _start, as for the original
        byte[] wasm = fixture("trap_deep.wasm");
        for (boolean full : new boolean[] {false, true}) {
            WasiRecorder.RecordResult r = WasiRecorder.record(wasm, "trap_deep.wasm", RunOptions.builder().build(),
                    tmp.resolve("t" + full + ".trace"), full);
            RunOutcome original = Sandbox.run(wasm, "trap_deep.wasm", RunOptions.builder().build());
            assertEquals(dev.reprise.runtime.Termination.TRAPPED, r.outcome().termination());
            assertEquals(List.of("$func1 (x4)", "_start"), original.guestStack());
            assertEquals(original.guestStack(), r.outcome().guestStack(), full ? "full" : "shadow");
        }
    }

    @Test
    void zeroLengthReadsOfAWasiProgramRecord() throws Exception {
        byte[] wasm = fixture("zero_length_reads.wasm");
        for (dev.reprise.transform.record.RecordingMode mode : dev.reprise.transform.record.RecordingMode.values()) {
            Path trace = tmp.resolve("zero" + mode + ".trace");
            WasiRecorder.RecordResult r = WasiRecorder.record(wasm, "zero_length_reads.wasm", RunOptions.builder()
                    .stdin(dev.reprise.runtime.StdinSource.of("unread".getBytes(StandardCharsets.UTF_8))).build(), trace, mode);
            assertEquals(dev.reprise.runtime.Termination.RETURNED, r.outcome().termination(), r.outcome().message());
            Trace t = TraceReader.readAll(trace);
            assertTrue(t.complete());
            assertEquals(2, of(t, TraceEvent.ImportCall.class).size());
            for (TraceEvent.HostWrite w : of(t, TraceEvent.HostWrite.class)) {
                assertEquals(32, w.address(), mode + ": only fd_read's count (0) was written, nothing at the buffer");
            }
        }
    }
}
