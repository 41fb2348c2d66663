package dev.reprise.transform;

import static dev.reprise.transform.RecordingStandIn.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * The recording instrumentation on the {@code record.wat} fixture (a host that writes into
 * memory from inside import calls) and on real binaries.
 */
class RecordingInstrumentationTest {
    private static final int F32_NAN_IN = 0x7FA00001;
    private static final long F64_NAN_IN = 0x7FF4000000000001L;
    private static final int F32_NAN_OUT = 0xFFC00123;
    private static final long F64_NAN_OUT = 0xFFF8000000000ABCL;
    private static final long PAIR_I64 = 0x8000000000000001L;
    private static final long PAIR_F64 = 0x7FF0000000000F0FL;

    private final RecordingStandIn hooks = new RecordingStandIn();

    private static byte[] fixture() {
        return Fixtures.load("record.wasm");
    }

    /** The fixture's env: poke writes an i32 into memory; pair and nan return fixed bit patterns. */
    private Instance instantiate(byte[] module) {
        ValType i32 = ValType.I32;
        ImportValues.Builder b = ImportValues.builder();
        b.addFunction(new HostFunction("env", "poke", FunctionType.of(List.of(i32, i32), List.of()), (inst, args) -> {
            inst.memory().writeI32((int) args[0], (int) args[1]);
            return null;
        }));
        b.addFunction(new HostFunction("env", "pair", FunctionType.of(List.of(i32), List.of(i32, ValType.I64, ValType.F64)),
                (inst, args) -> new long[] {-1, PAIR_I64, PAIR_F64}));
        b.addFunction(new HostFunction("env", "nan", FunctionType.of(List.of(ValType.F32, ValType.F64), List.of(ValType.F32, ValType.F64)),
                (inst, args) -> new long[] {F32_NAN_OUT & 0xFFFFFFFFL, F64_NAN_OUT}));
        b.addFunction(new HostFunction("env", "reenter", FunctionType.of(List.of(i32), List.of()), (inst, args) -> {
            inst.export("get_g").apply();
            return null;
        }));
        hooks.addTo(b);
        return Instance.builder(Parser.parse(module)).withImportValues(b.build()).build();
    }

    private static long u32(long v) {
        return v & 0xFFFFFFFFL;
    }

    /** Read events with i32 arguments normalised to unsigned. */
    private List<RecordingStandIn.Event> reads() {
        return hooks.named("read_").stream().map(e -> {
            long[] a = e.args().clone();
            a[0] = u32(a[0]);
            if (!e.name().equals("read_i64") && !e.name().equals("read_range") && !e.name().equals("read_v128")) {
                a[2] = u32(a[2]);
            }
            return event(e.name(), a);
        }).toList();
    }

    @Test
    void instrumentedFixtureValidatesInEveryMode() {
        assertNull(Fixtures.validate(new RecordingInstrumentation().apply(fixture())));
        assertNull(Fixtures.validate(new RecordingInstrumentation(true).apply(fixture())));
        assertNull(Fixtures.validate(new RecordingInstrumentation(RecordingMode.HOST).apply(fixture())));
        assertNull(Fixtures.validate(new RecordingInstrumentation(RecordingMode.HOST).capturingInRecorder(f -> true).apply(fixture())));
    }

    @Test
    void hostModeReportsTheBoundaryAndNoReads() {
        long expected = instantiate(fixture()).export("run").apply()[0];
        Instance inst = instantiate(new RecordingInstrumentation(RecordingMode.HOST).apply(fixture()));
        hooks.events.clear();
        assertEquals(expected, inst.export("run").apply()[0]);
        assertEquals(List.of(), reads());
        assertEquals(hooks.named("import_enter").size(), hooks.named("import_exit").size());
        assertTrue(hooks.named("import_enter").size() > 0);
        // a call and its values travel in one hook call each way
        assertEquals(List.of("export_enter_values", "export_exit_values"),
                hooks.events.stream().map(RecordingStandIn.Event::name).filter(n -> n.startsWith("export")).toList());
        assertTrue(hooks.events.stream().noneMatch(e -> e.name().startsWith("value_")), hooks.events.toString());
    }

    @Test
    void hostModeImportsOnlyBoundaryHooksAndLeavesMemoryAccessesAlone() {
        byte[] in = fixture();
        byte[] out = new RecordingInstrumentation(RecordingMode.HOST).apply(in);
        dev.reprise.wasm.ModuleSummary before = new dev.reprise.wasm.ModuleReader(in).summary();
        dev.reprise.wasm.ModuleSummary after = new dev.reprise.wasm.ModuleReader(out).summary();
        assertEquals(before.memories().size(), after.memories().size(), "no shadow memory");
        assertEquals(before.globals().size(), after.globals().size(), "no shadow global");
        List<String> hookNames = after.imports().stream().filter(i -> i.module().equals("reprise_rec")).map(i -> i.name()).toList();
        assertEquals(List.of("export_enter", "export_exit", "import_enter", "import_exit", "value_i32", "value_i64", "value_f32",
                "value_f64", "value_v128", "value_ref", "start_enter", "start_exit", "export_enter_values", "export_exit_values",
                "import_enter_values", "import_exit_values"), hookNames);
        // every load and store of the original is still there, and none was added
        assertEquals(memoryAccesses(in), memoryAccesses(out));
    }

    private static long memoryAccesses(byte[] module) {
        long[] n = new long[1];
        new dev.reprise.wasm.ModuleReader(module).accept(new dev.reprise.wasm.ModuleVisitor(null) {
            @Override
            public dev.reprise.wasm.CodeVisitor visitCode(int functionIndex) {
                return new dev.reprise.wasm.CodeVisitor(null) {
                    @Override
                    public void visitMemoryInsn(dev.reprise.wasm.Opcode op, int memory, int alignLog2, long offset) {
                        n[0]++;
                    }
                };
            }
        });
        return n[0];
    }

    @Test
    void hostModePacksArgumentsAndResultsIntoOneHookCallEachWay() {
        Instance inst = instantiate(new RecordingInstrumentation(RecordingMode.HOST).apply(fixture()));
        hooks.events.clear();
        long[] r = inst.export("multi").apply(7);
        assertEquals(PAIR_I64, r[1]);
        List<String> names = hooks.events.stream().map(RecordingStandIn.Event::name).toList();
        assertEquals(List.of("export_enter_values", "import_enter_values", "import_exit_values", "export_exit_values"), names);
        long[] exit = hooks.events.get(2).args();
        assertEquals(1, exit[0], "the import's function index");
        assertEquals(0xFFFFFFFFL, exit[1], "i32 -1, zero-extended");
        assertEquals(PAIR_I64, exit[2]);
        assertEquals(PAIR_F64, exit[3]);
        assertEquals(0, exit[4], "padding");
    }

    @Test
    void hostModeBracketsTheStartFunction() {
        byte[] module = Fixtures.load("record_start.wasm");
        byte[] out = new RecordingInstrumentation(RecordingMode.HOST).apply(module);
        assertNull(Fixtures.validate(out));
        ImportValues.Builder b = ImportValues.builder().addFunction(new HostFunction("env", "f", FunctionType.of(List.of(), List.of()),
                (inst, args) -> null));
        hooks.addTo(b);
        Instance.builder(Parser.parse(out)).withImportValues(b.build()).build();
        assertEquals(List.of("start_enter", "import_enter_values", "import_exit_values", "start_exit"),
                hooks.events.stream().map(RecordingStandIn.Event::name).toList());
    }

    @Test
    void shadowModeReportsExactlyTheBytesTheHostChanged() {
        long expected = instantiate(fixture()).export("run").apply()[0];
        hooks.events.clear();
        Instance inst = instantiate(new RecordingInstrumentation().apply(fixture()));
        hooks.events.clear();
        assertEquals(expected, inst.export("run").apply()[0]);
        // the own store at 0 is not reported; the host's at 16 once; the later narrow and wide reads of it are not
        assertEquals(List.of(event("read_i32", 0, 16, 0xAABBCCDDL)), reads());
    }

    /**
     * For recorders that cannot reach an unexported memory (JavaScript): the shadow is exported, and
     * after a run it holds what the module itself stored, not what the host wrote (the recorder's
     * final-state comparison); the other modes have no shadow to export.
     */
    @Test
    void shadowMemoriesAreExportedOnRequestAndHoldTheModulesOwnStores() {
        String name = RecordingInstrumentation.SHADOW_MEMORY_PREFIX + "0";
        byte[] out = new RecordingInstrumentation().exposingShadowMemories().apply(fixture());
        assertNull(Fixtures.validate(out));
        Instance inst = instantiate(out);
        inst.export("run").apply();
        run.endive.runtime.Memory memory = inst.memory();
        run.endive.runtime.Memory shadow = inst.exports().memory(name);
        assertEquals(memory.pages(), shadow.pages());
        // the host's poke at 16 (0xAABBCCDD) is in the memory, read back by the module, so in the shadow too after the repair
        assertEquals(memory.readInt(16), shadow.readInt(16));
        memory.writeI32(64, 0x12345678);                   // a host write the module never reads
        assertTrue(memory.readInt(64) != shadow.readInt(64));
        for (RecordingInstrumentation plain : List.of(new RecordingInstrumentation(), new RecordingInstrumentation(true),
                new RecordingInstrumentation(RecordingMode.HOST), new RecordingInstrumentation(true).exposingShadowMemories())) {
            boolean exported = new dev.reprise.wasm.ModuleReader(plain.apply(fixture())).summary().exports().stream()
                    .anyMatch(e -> e.name().equals(name));
            assertTrue(!exported, "only shadow mode, only on request");
        }
    }

    @Test
    void fullModeReportsEveryRead() {
        long expected = instantiate(fixture()).export("run").apply()[0];
        Instance inst = instantiate(new RecordingInstrumentation(true).apply(fixture()));
        hooks.events.clear();
        assertEquals(expected, inst.export("run").apply()[0]);
        assertEquals(List.of(event("read_i32", 0, 0, 0x11223344L), event("read_i32", 0, 16, 0xAABBCCDDL),
                event("read_i8", 0, 17, 0xCCL), event("read_i64", 0, 16, 0xAABBCCDDL)), reads());
    }

    @Test
    void memoryCopySourceIsCheckedAndTheCopyIsNotReportedAgain() {
        Instance shadow = instantiate(new RecordingInstrumentation().apply(fixture()));
        hooks.events.clear();
        assertEquals(0x01020304L, shadow.export("copy").apply()[0]);
        assertEquals(List.of(event("read_i64", 0, 32, 0x01020304L)), reads());
        Instance full = instantiate(new RecordingInstrumentation(true).apply(fixture()));
        hooks.events.clear();
        assertEquals(0x01020304L, full.export("copy").apply()[0]);
        assertEquals(List.of(event("read_range", 0, 32, 8), event("read_i64", 0, 64, 0x01020304L)), reads());
    }

    @Test
    void everyResultOfAMultiValueImportIsReported() {
        Instance inst = instantiate(new RecordingInstrumentation().apply(fixture()));
        hooks.events.clear();
        long[] r = inst.export("multi").apply(7);
        assertEquals(-1, (int) r[0]);
        assertEquals(PAIR_I64, r[1]);
        assertEquals(PAIR_F64, r[2]);
        List<String> names = hooks.events.stream().map(RecordingStandIn.Event::name).toList();
        assertEquals(List.of("export_enter", "value_i32", "import_enter", "value_i32", "value_i32", "value_i64", "value_f64",
                "import_exit", "value_i32", "value_i64", "value_f64", "export_exit"), names);
        assertEquals(1, hooks.events.get(2).args()[0], "import_enter names the import's function index");
        assertEquals(-1, (int) hooks.events.get(4).args()[0]);
        assertEquals(PAIR_I64, hooks.events.get(5).args()[0]);
        assertEquals(PAIR_F64, hooks.events.get(6).args()[0]);
        assertEquals(1, hooks.events.get(7).args()[0]);
    }

    @Test
    void nanPayloadsSurviveBitForBit() {
        for (boolean full : new boolean[] {false, true}) {
            Instance inst = instantiate(new RecordingInstrumentation(full).apply(fixture()));
            hooks.events.clear();
            long[] r = inst.export("nan").apply(F32_NAN_IN & 0xFFFFFFFFL, F64_NAN_IN);
            assertEquals(F32_NAN_OUT, (int) r[0]);
            assertEquals(F64_NAN_OUT, r[1]);
            List<RecordingStandIn.Event> f32 = hooks.named("value_f32");
            List<RecordingStandIn.Event> f64 = hooks.named("value_f64");
            // export argument, import argument, import result, export result
            assertEquals(List.of((long) F32_NAN_IN, (long) F32_NAN_IN, (long) F32_NAN_OUT, (long) F32_NAN_OUT),
                    f32.stream().map(e -> (long) (int) e.args()[0]).toList());
            assertEquals(List.of(F64_NAN_IN, F64_NAN_IN, F64_NAN_OUT, F64_NAN_OUT), f64.stream().map(e -> e.args()[0]).toList());
        }
    }

    @Test
    void exportCallsFromInsideAnImportCallNest() {
        Instance inst = instantiate(new RecordingInstrumentation().apply(fixture()));
        hooks.events.clear();
        inst.export("outer").apply();
        List<String> names = hooks.events.stream().map(e -> e.name() + e.args()[0]).toList();
        // export 8 (outer) calls import 3 (reenter), inside which the host calls export 6 (get_g); exports are counted
        // in export-section order, the memory and the global included
        assertEquals(List.of("export_enter8", "import_enter3", "value_i323", "export_enter6", "value_i325", "export_exit6",
                "import_exit3", "export_exit8"), names);
    }

    @Test
    void exportedGlobalIsReportedOnlyAfterTheHostChangedIt() {
        Instance inst = instantiate(new RecordingInstrumentation().apply(fixture()));
        hooks.events.clear();
        assertEquals(5, inst.export("get_g").apply()[0]);
        assertEquals(List.of(), hooks.named("global_"));
        inst.global(0).setValue(9);
        assertEquals(9, inst.export("get_g").apply()[0]);
        assertEquals(List.of(event("global_i32", 0, 9)), hooks.named("global_"));
        assertEquals(9, inst.export("get_g").apply()[0]);
        assertEquals(1, hooks.named("global_").size(), "reported once, then the shadow agrees");
    }

    @Test
    void memoryGrownByTheHostIsReportedAndReadable() {
        Instance inst = instantiate(new RecordingInstrumentation().apply(fixture()));
        inst.memory().grow(2);
        inst.memory().writeI32(2 * 65536 + 8, 77);
        hooks.events.clear();
        assertEquals(3, inst.export("grow").apply()[0]);
        assertEquals(List.of(event("memory_size", 0, 3)), hooks.named("memory_size"));
    }

    @TestFactory
    Stream<DynamicTest> realBinariesStillValidate() {
        return Fixtures.thirdParty().stream().filter(p -> size(p) < 3_000_000)
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    byte[] in = Files.readAllBytes(p);
                    for (boolean full : new boolean[] {false, true}) {
                        byte[] out = new RecordingInstrumentation(full).apply(in);
                        assertNull(Fixtures.validate(out), "wasm-validate rejects " + p + (full ? " (full)" : " (shadow)"));
                        assertTrue(out.length > in.length);
                    }
                    byte[] captured = new RecordingInstrumentation(RecordingMode.HOST).capturingInRecorder(f -> true).apply(in);
                    assertNull(Fixtures.validate(captured), "wasm-validate rejects " + p + " (host, imports captured)");
                }));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void instrumentingTwiceGivesTheSameBytes() {
        assertArrayEquals(new RecordingInstrumentation().apply(fixture()), new RecordingInstrumentation().apply(fixture()));
    }
}
