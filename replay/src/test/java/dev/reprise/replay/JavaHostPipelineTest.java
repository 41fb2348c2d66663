package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.host.JavaHostRecorder;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import dev.reprise.replay.verify.Expectation;
import dev.reprise.replay.verify.Verifier;
import dev.reprise.replay.verify.VerifyReport;
import dev.reprise.transform.record.RecordingMode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * A Java host that changes a global, a table entry, memory size and bytes, and calls back into
 * the module from inside an import ({@code host_state.wat}), recorded in each mode, reduced and
 * replayed standalone: the replay's self-check compares every export result with the recorded
 * one, so an effect that went missing makes it trap. A host-mode trace stripped of its host
 * changes must fail that check.
 */
class JavaHostPipelineTest {
    private static final Path WASM = Path.of("src", "test", "resources", "host", "host_state.wasm");

    private static Trace record(byte[] wasm, RecordingMode mode, List<Integer> results) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, out, mode)) {
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
            Instance app = rec.instanceBuilder().withImportValues(rec.addTo(ImportValues.builder().addFunction(poke)).build())
                    .build();
            for (String e : List.of("global_after_poke", "table_after_poke", "grow_after_poke", "reentry_after_poke")) {
                results.add((int) app.export(e).apply()[0]);
            }
        }
        return TraceReader.readAll(out.toByteArray());
    }

    private static void replay(byte[] wasm, Trace trace) {
        ReducedTrace reduced = new Reducer().reduce(trace);
        byte[] replay = new ReplayGenerator().generate(wasm, reduced).wasm();
        Instance inst = Instance.builder(Parser.parse(replay)).withStart(false).build();
        inst.export("_start").apply();
    }

    @ParameterizedTest
    @EnumSource(RecordingMode.class)
    void recordedJavaHostReplaysStandalone(RecordingMode mode) throws Exception {
        byte[] wasm = Files.readAllBytes(WASM);
        List<Integer> results = new ArrayList<>();
        Trace trace = record(wasm, mode, results);
        assertEquals(List.of(42, 1, 2077, 9, 15), results, "the host's changes reached the module");
        replay(wasm, trace);
    }

    /** The host-mode trace (a global, a table entry, growth, bytes, a re-entrant export call) verifies event by event. */
    @org.junit.jupiter.api.Test
    void aHostModeTraceVerifies() throws Exception {
        byte[] wasm = Files.readAllBytes(WASM);
        Trace trace = record(wasm, RecordingMode.HOST, new ArrayList<>());
        for (dev.reprise.record.trace.EventKind k : List.of(dev.reprise.record.trace.EventKind.HOST_WRITE,
                dev.reprise.record.trace.EventKind.GLOBAL_CHANGE, dev.reprise.record.trace.EventKind.TABLE_SET,
                dev.reprise.record.trace.EventKind.MEMORY_GROW)) {
            assertTrue(trace.events().stream().anyMatch(e -> e.kind() == k), "the trace has " + k);
        }
        Expectation e = Expectation.of(trace);
        assertEquals(RecordingMode.HOST, e.mode());
        byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
        VerifyReport r = new Verifier(false).verify(wasm, replay, e);
        assertTrue(r.faithful(), r.format());
        assertEquals(trace.events().size(), r.eventsCompared(), r.format());
    }

    @ParameterizedTest
    @EnumSource(value = RecordingMode.class, names = "HOST")
    void withoutTheHostsChangesTheReplayFailsItsSelfCheck(RecordingMode mode) throws Exception {
        byte[] wasm = Files.readAllBytes(WASM);
        Trace trace = record(wasm, mode, new ArrayList<>());
        for (dev.reprise.record.trace.EventKind dropped : List.of(dev.reprise.record.trace.EventKind.HOST_WRITE,
                dev.reprise.record.trace.EventKind.GLOBAL_CHANGE, dev.reprise.record.trace.EventKind.TABLE_SET,
                dev.reprise.record.trace.EventKind.MEMORY_GROW)) {
            List<TraceEvent> kept = trace.events().stream().filter(e -> e.kind() != dropped).toList();
            assertTrue(kept.size() < trace.events().size(), "the trace has " + dropped);
            Trace stripped = new Trace(trace.header(), kept, true);
            assertThrows(RuntimeException.class, () -> replay(wasm, stripped), "replay without " + dropped);
        }
    }

    /**
     * An export of an imported function (wasm-bindgen's {@code __wbindgen_start} pattern): the
     * host's call of it runs the host's own function; the replay calls that import's replay, which
     * applies the host's writes, and the module reads them back as recorded.
     */
    @ParameterizedTest
    @EnumSource(RecordingMode.class)
    void aReexportedImportReplaysAndVerifies(RecordingMode mode) throws Exception {
        byte[] wasm = Files.readAllBytes(Path.of("src", "test", "resources", "host", "reexport.wasm"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int read;
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, out, mode)) {
            HostFunction start = new HostFunction("env", "start", FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                    (inst, a) -> {
                        inst.memory().writeI32(16, (int) a[0] * 3);
                        return new long[] {a[0] + 1};
                    });
            Instance app = rec.instanceBuilder().withImportValues(rec.addTo(ImportValues.builder().addFunction(start)).build())
                    .build();
            assertEquals(6, (int) app.export("start").apply(5)[0]);
            read = (int) app.export("read").apply()[0];
        }
        assertEquals(15, read);
        Trace trace = TraceReader.readAll(out.toByteArray());
        replay(wasm, trace);
        Expectation e = Expectation.of(trace);
        byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
        VerifyReport r = new Verifier(false).verify(wasm, replay, e);
        assertTrue(r.faithful(), mode + ": " + r.format());
    }

    /**
     * wasm-bindgen's externref heap ({@code externref_heap.wat}, rollup's and photon's shape): the
     * module grows an exported externref table itself and hands an export's argument (a host
     * object) to an import from the new slot. A --full trace reports that slot's read as a table
     * set, placed before the export call, where the table does not reach it yet: the replay trapped
     * ("table index is out of bounds"). It must replay and verify in every mode, the host object
     * replayed as null.
     */
    @ParameterizedTest
    @EnumSource(RecordingMode.class)
    void aSelfGrownExternrefHeapReplaysAndVerifies(RecordingMode mode) throws Exception {
        byte[] wasm = Files.readAllBytes(Path.of("src", "test", "resources", "host", "externref_heap.wasm"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> results = new ArrayList<>();
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, out, mode)) {
            HostFunction len = new HostFunction("env", "len", FunctionType.of(List.of(ValType.ExternRef), List.of(ValType.I32)),
                    (inst, a) -> new long[] {a[0] == run.endive.wasm.types.Value.REF_NULL_VALUE ? -1 : 7});
            Instance app = rec.instanceBuilder().withImportValues(rec.addTo(ImportValues.builder().addFunction(len)).build())
                    .build();
            for (String hostObject : List.of("a", "b")) {
                results.add((int) app.export("measure").applyWithRefs(new long[] {0}, new Object[] {hostObject}).longResult(0));
            }
        }
        assertEquals(List.of(207, 307), results, "the host saw its objects in the slots the module grew");
        Trace trace = TraceReader.readAll(out.toByteArray());
        if (mode == RecordingMode.FULL) {
            assertTrue(trace.events().stream().anyMatch(e -> e instanceof TraceEvent.TableSet s && s.index() >= 2),
                    "the --full trace reports the read of a slot past the table's initial size");
        }
        replay(wasm, trace);
        Expectation e = Expectation.of(trace);
        byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
        VerifyReport r = new Verifier(false).verify(wasm, replay, e);
        assertTrue(r.faithful(), mode + ": " + r.format());
    }

    /** The exception {@code jump}'s host throws, to {@code invoke}'s. */
    private static final class LongJump extends RuntimeException {
        LongJump() {
            super("longjmp", null, false, false);
        }
    }

    /**
     * setjmp/longjmp in a Java host ({@code java_longjmp.wat}): {@code jump}'s host throws through
     * {@code body}, {@code invoke}'s catches it and answers -1. With the host functions wrapped by
     * {@link JavaHostRecorder#observingThrows}, each mode's trace has an unwind event per jump,
     * and the replay ends as recorded and verifies event by event.
     */
    @ParameterizedTest
    @EnumSource(RecordingMode.class)
    void aJavaHostsLongjmpReplaysAndVerifies(RecordingMode mode) throws Exception {
        byte[] wasm = Files.readAllBytes(Path.of("src", "test", "resources", "host", "java_longjmp.wasm"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int result;
        try (JavaHostRecorder rec = JavaHostRecorder.create(wasm, out, mode)) {
            Instance[] app = new Instance[1];
            HostFunction invoke = new HostFunction("env", "invoke", FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                    (inst, a) -> {
                        try {
                            return app[0].export("body").apply(a[0]);
                        } catch (LongJump e) {
                            return new long[] {-1};
                        }
                    });
            HostFunction jump = new HostFunction("env", "jump", FunctionType.of(List.of(ValType.I32), List.of()), (inst, a) -> {
                throw new LongJump();
            });
            ImportValues.Builder imports = ImportValues.builder();
            rec.observingThrows(List.of(invoke, jump)).forEach(imports::addFunction);
            app[0] = rec.instanceBuilder().withImportValues(rec.addTo(imports).build()).build();
            result = (int) app[0].export("run").apply(5)[0];
        }
        assertEquals(0 - 1 + 20 - 1 + 40 + 4, result);
        Trace trace = TraceReader.readAll(out.toByteArray());
        assertEquals(List.of(new TraceEvent.Unwind(0, 2, 1), new TraceEvent.Unwind(0, 2, 1)),
                trace.events().stream().filter(e -> e instanceof TraceEvent.Unwind).toList());
        Expectation e = Expectation.of(trace);
        byte[] replay = new ReplayGenerator().generate(wasm, e.reduced()).wasm();
        VerifyReport r = new Verifier(false).verify(wasm, replay, e);
        assertTrue(r.faithful(), r.format());
        assertEquals(trace.events().size(), r.eventsCompared(), r.format());
    }
}
