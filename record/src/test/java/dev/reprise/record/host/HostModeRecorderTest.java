package dev.reprise.record.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.Value;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.wasm.Parser;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * Host mode: the module reports only its boundary and the recorder sees what the host writes in
 * the memories it wraps; Java hosts writing, growing memory, changing a table and a global, and
 * calling back into the module; a WASI program with threads.
 */
class HostModeRecorderTest {
    @TempDir
    Path tmp;

    private static <T> List<T> of(Trace t, Class<T> kind) {
        return t.events().stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
    }

    private static String kinds(Trace t) {
        return t.events().stream().map(e -> e.kind().jsonName()).collect(Collectors.joining(" "));
    }

    private static HostFunction fill(int first) {
        return new HostFunction("env", "fill", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()),
                (inst, args) -> {
                    for (int i = 0; i < args[1]; i++) {
                        inst.memory().writeByte((int) args[0] + i, (byte) (first + i));
                    }
                    return null;
                });
    }

    @Test
    void byteByByteHostWritesInsideAnImportBecomeOneHostWriteBeforeItsReturn() throws Exception {
        byte[] wasm = RecorderTest.fixture("host_writes.wasm");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int sum;
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, out, RecordingMode.HOST)) {
            Instance app = rec.instanceBuilder().withImportValues(rec.addTo(ImportValues.builder().addFunction(fill(10))).build())
                    .build();
            sum = (int) app.export("sum").apply(100, 5)[0];
        }
        assertEquals(10 + 11 + 12 + 13 + 14, sum);
        Trace t = TraceReader.readAll(out.toByteArray());
        assertEquals("export_call import_call host_write import_return export_return memory_digest", kinds(t));
        TraceEvent.HostWrite w = of(t, TraceEvent.HostWrite.class).get(0);
        assertEquals(100, w.address());
        assertArrayEquals(new byte[] {10, 11, 12, 13, 14}, w.bytes());
        assertEquals("host", t.header().metadata().get("reads"));
    }

    @Test
    void aHostWriteOfNoBytesIsNoWrite() throws Exception {
        // a host filling a buffer of length 0 (memory.write(p, new byte[0]), fill(v, p, p)) made the next
        // import return throw "the host wrote to a memory that is not one of the calling instance's memories"
        byte[] wasm = RecorderTest.fixture("host_writes.wasm");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int sum;
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, out, RecordingMode.HOST)) {
            HostFunction empty = new HostFunction("env", "fill", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()),
                    (inst, args) -> {
                        inst.memory().write((int) args[0], new byte[(int) args[1]]);
                        inst.memory().fill((byte) 7, (int) args[0], (int) args[0]);
                        return null;
                    });
            Instance app = rec.instanceBuilder().withImportValues(rec.addTo(ImportValues.builder().addFunction(empty)).build())
                    .build();
            app.memory().write(300, new byte[0]);
            sum = (int) app.export("sum").apply(100, 0)[0];
        }
        assertEquals(0, sum);
        Trace t = TraceReader.readAll(out.toByteArray());
        assertEquals("export_call import_call import_return export_return memory_digest", kinds(t));
    }

    @Test
    void theApplicationsOwnWritesBeforeAnExportCallPrecedeTheCallCoalesced() throws Exception {
        byte[] wasm = RecorderTest.fixture("host_writes.wasm");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int sum;
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, out, RecordingMode.HOST)) {
            Instance app = rec.instanceBuilder().withImportValues(rec.addTo(ImportValues.builder().addFunction(
                    new HostFunction("env", "fill", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()), (i, a) -> null)))
                    .build()).build();
            Memory m = app.memory();
            m.writeByte(1002, (byte) 3);
            m.write(1000, new byte[] {1, 2});          // touches the byte at 1002: one range 1000..1003
            m.writeI32(2000, 0x04030201);               // a separate range
            m.writeShort(1001, (short) 0x0909);         // overlaps the first: final contents count
            sum = (int) app.export("sum").apply(1000, 3)[0];
        }
        assertEquals(1 + 9 + 9, sum);
        Trace t = TraceReader.readAll(out.toByteArray());
        assertEquals("host_write host_write export_call import_call import_return export_return memory_digest", kinds(t));
        List<TraceEvent.HostWrite> w = of(t, TraceEvent.HostWrite.class);
        assertEquals(1000, w.get(0).address());
        assertArrayEquals(new byte[] {1, 9, 9}, w.get(0).bytes());
        assertEquals(2000, w.get(1).address());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, w.get(1).bytes());
    }

    @Test
    void aMemoryTheRecorderDidNotWrapIsAnErrorNotASilentGap() {
        byte[] wasm;
        try {
            wasm = RecorderTest.fixture("host_writes.wasm");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        JavaHostRecorder rec = JavaHostRecorder.create(wasm, new ByteArrayOutputStream(), RecordingMode.HOST);
        Instance app = Instance.builder(Parser.parse(rec.instrumentedModule()))
                .withImportValues(rec.addTo(ImportValues.builder().addFunction(fill(1))).build()).build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> app.export("sum").apply(0, 1));
        String message = String.valueOf(e.getMessage()) + (e.getCause() != null ? e.getCause().getMessage() : "");
        assertTrue(message.contains("did not wrap"), message);
    }

    /** Runs each export of host_state.wasm once under a Java host; returns the results. */
    static List<Integer> hostState(JavaHostRecorder rec) {
        List<Integer> results = new ArrayList<>();
        HostFunction poke = new HostFunction("env", "poke", FunctionType.of(List.of(ValType.I32), List.of()), (inst, a) -> {
            switch ((int) a[0]) {
                case 0 -> inst.global(0).setValue(42);
                case 1 -> inst.table(0).setRef(1, inst.table(0).ref(0), inst);
                case 2 -> {
                    inst.memory().grow(1);
                    inst.memory().writeByte(65539, (byte) 77);
                }
                default -> {
                    inst.memory().writeByte(200, (byte) 9);
                    results.add((int) inst.export("peek").apply(200)[0]);
                    inst.memory().writeByte(300, (byte) 6);
                }
            }
            return null;
        });
        Instance app = rec.instanceBuilder().withImportValues(rec.addTo(ImportValues.builder().addFunction(poke)).build()).build();
        for (String e : List.of("global_after_poke", "table_after_poke", "grow_after_poke", "reentry_after_poke")) {
            results.add((int) app.export(e).apply()[0]);
        }
        return results;
    }

    @Test
    void globalTableGrowthAndReentryByTheHostAreRecordedWhereTheGuestResumes() throws Exception {
        byte[] wasm = RecorderTest.fixture("host_state.wasm");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> results;
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, out, RecordingMode.HOST)) {
            results = hostState(rec);
        }
        assertEquals(List.of(42, 1, 2077, 9, 15), results);
        Trace t = TraceReader.readAll(out.toByteArray());
        String k = kinds(t);
        assertTrue(k.contains("import_call global_change import_return"), k);
        assertTrue(k.contains("import_call table_set import_return"), k);
        assertTrue(k.contains("import_call memory_grow host_write import_return"), k);
        assertTrue(k.contains("import_call host_write export_call export_return host_write import_return"), k);
        // before the first export call the host may have changed anything it sees: all of it is reported once
        assertTrue(k.startsWith("table_set global_change export_call"), k);
        List<TraceEvent.GlobalChange> globals = of(t, TraceEvent.GlobalChange.class);
        assertEquals(List.of(Value.i32(7), Value.i32(42)), globals.stream().map(TraceEvent.GlobalChange::value).toList());
        List<TraceEvent.TableSet> sets = of(t, TraceEvent.TableSet.class);
        assertEquals(List.of(0L, 1L), sets.stream().map(TraceEvent.TableSet::index).toList());
        assertEquals(Value.funcref(1), sets.get(1).value(), "function $one, numbered as in the original module");
        assertEquals(2, of(t, TraceEvent.MemoryGrow.class).get(0).pages());
        List<TraceEvent.HostWrite> w = of(t, TraceEvent.HostWrite.class);
        assertEquals(List.of(65539L, 200L, 300L), w.stream().map(TraceEvent.HostWrite::address).toList());
        assertEquals(0, of(t, TraceEvent.HostRead.class).size());
    }

    @Test
    void threadedWasiProgramBehavesTheSameAndRecordsItsThreads() throws Exception {
        byte[] wasm = RecorderTest.fixture("spawn_yield.wasm");
        RunOutcome plain = Sandbox.run(wasm, "spawn_yield.wasm", RunOptions.builder().build());
        Path trace = tmp.resolve("threads.trace");
        WasiRecorder.RecordResult r = WasiRecorder.record(wasm, "spawn_yield.wasm", RunOptions.builder().build(), trace,
                RecordingMode.HOST);
        assertEquals(plain.stdoutText(), r.outcome().stdoutText());
        assertEquals(plain.exitCode(), r.outcome().exitCode());
        assertEquals(plain.decisions(), r.outcome().decisions(), "the scheduler made the same choices");
        Trace t = TraceReader.readAll(trace);
        assertEquals(1, of(t, TraceEvent.ThreadSpawn.class).size());
        assertTrue(t.events().stream().anyMatch(e -> e.tid() == 1), "events of thread 1 carry its id");
    }
}
