package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.reduce.Reducer;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.Value;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traces that do not fit the module are clear errors; ModuleSignatures reads the module's shape. */
class ReplayErrorsTest {
    static byte[] wasm() throws Exception {
        return Files.readAllBytes(FeaturesReplayTest.DIR.resolve("features.wasm"));
    }

    static Trace trace(TraceEvent... events) {
        return new Trace(TraceHeader.of(new byte[0], RecorderKind.JAVA, List.of(), StartOptions.NONE, Map.of()),
                List.of(events), true);
    }

    @Test
    void wrongResultTypeOrCountOrFunctionIsAReplayException() throws Exception {
        Trace wrongType = trace(new TraceEvent.ExportCall(0, 4, "run", List.of(Value.i32(1))),
                new TraceEvent.ImportCall(0, 0, "env", "multi", List.of()),
                new TraceEvent.ImportReturn(0, 0, List.of(Value.i64(1), Value.i64(1), Value.f32(1), Value.f64(1))),
                new TraceEvent.ExportReturn(0, 4, List.of()));
        String m = assertThrows(ReplayException.class,
                () -> new ReplayGenerator().generate(wasm(), new Reducer().reduce(wrongType))).getMessage();
        assertTrue(m.contains("i64 value where the module has a i32"), m);
        Trace wrongCount = trace(new TraceEvent.ExportCall(0, 4, "run", List.of(Value.i32(1))),
                new TraceEvent.ImportCall(0, 0, "env", "multi", List.of()),
                new TraceEvent.ImportReturn(0, 0, List.of(Value.i32(1))), new TraceEvent.ExportReturn(0, 4, List.of()));
        assertThrows(ReplayException.class, () -> new ReplayGenerator().generate(wasm(), new Reducer().reduce(wrongCount)));
        Trace noSuchImport = trace(new TraceEvent.ExportCall(0, 4, "run", List.of(Value.i32(1))),
                new TraceEvent.ImportCall(0, 7, "env", "nope", List.of()), new TraceEvent.ImportReturn(0, 7, List.of()),
                new TraceEvent.ExportReturn(0, 4, List.of()));
        m = assertThrows(ReplayException.class,
                () -> new ReplayGenerator().generate(wasm(), new Reducer().reduce(noSuchImport))).getMessage();
        assertTrue(m.contains("imports 3 functions"), m);
        Trace badArgs = trace(new TraceEvent.ExportCall(0, 4, "run", List.of()), new TraceEvent.ExportReturn(0, 4, List.of()));
        assertThrows(ReplayException.class, () -> new ReplayGenerator().generate(wasm(), new Reducer().reduce(badArgs)));
    }

    @Test
    void hostFunctionsThatCollideWithTheModulesOrCannotBeMergedAreReplayExceptions() throws Exception {
        int functions = new dev.reprise.wasm.ModuleReader(wasm()).summary().functionCount();
        TraceEvent.HostFunction colliding = new TraceEvent.HostFunction(0, functions - 1, List.of(), List.of());
        Trace collides = trace(new TraceEvent.ExportCall(0, 4, "run", List.of(Value.i32(1))), colliding,
                new TraceEvent.ExportReturn(0, 4, List.of()));
        String m = assertThrows(ReplayException.class,
                () -> new ReplayGenerator().generate(wasm(), new Reducer().reduce(collides))).getMessage();
        assertTrue(m.contains("declares host function " + (functions - 1) + ", but the module has " + functions), m);
        Trace fine = trace(new TraceEvent.ExportCall(0, 4, "run", List.of(Value.i32(1))),
                new TraceEvent.HostFunction(0, functions, List.of(), List.of()), new TraceEvent.ExportReturn(0, 4, List.of()));
        m = assertThrows(ReplayException.class,
                () -> new ReplayGenerator().generateTwoModules(wasm(), new Reducer().reduce(fine))).getMessage();
        assertTrue(m.contains("supported in one merged module"), m);
    }

    @Test
    void moduleSignaturesReadTheModule() throws Exception {
        ModuleSignatures s = ModuleSignatures.of(wasm());
        assertEquals(List.of(dev.reprise.record.trace.ValType.I32, dev.reprise.record.trace.ValType.I64,
                dev.reprise.record.trace.ValType.F32, dev.reprise.record.trace.ValType.F64), s.results(0));
        assertEquals("multi", s.importName(0));
        assertEquals("env", s.importModule(2));
        assertEquals("run", s.exportName(4));
        assertEquals(dev.reprise.record.trace.ValType.I64, s.globalType(0));
        assertEquals(1, s.memoryPages(0));
        assertEquals(2, s.tableSize(0));
        assertEquals(null, s.params(99));
    }
}
