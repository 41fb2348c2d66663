package dev.reprise.record.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WasmR3TraceImporterTest {

    static Path samples() {
        Path dir = Path.of(System.getProperty("reprise.shared", "../../shared"), "corpus", "wasm-r3", "core");
        assumeTrue(Files.isDirectory(dir), "Wasm-R3 samples not found at " + dir + ": skipping");
        return dir;
    }

    static List<Path> sampleDirs() throws IOException {
        try (Stream<Path> s = Files.list(samples())) {
            return s.filter(d -> Files.exists(d.resolve("reference.r3"))).sorted().collect(Collectors.toList());
        }
    }

    /** Counts lines by their first field: an independent count of what the importer must produce. */
    static Map<String, Long> countLines(Path r3) throws IOException {
        return Files.readAllLines(r3).stream().filter(l -> !l.isBlank())
                .collect(Collectors.groupingBy(l -> l.split(";", 2)[0], Collectors.counting()));
    }

    @Test
    void everySampleImports() throws IOException {
        List<Path> dirs = sampleDirs();
        assertTrue(dirs.size() >= 20, "expected the 21 samples with a reference trace, found " + dirs.size());
        for (Path d : dirs) {
            byte[] wasm = Files.readAllBytes(d.resolve("index.wasm"));
            Trace t = new WasmR3TraceImporter(MiniWasmSignatures.read(wasm)).importTrace(d.resolve("reference.r3"), wasm);
            Map<String, Long> lines = countLines(d.resolve("reference.r3"));
            Map<EventKind, Long> kinds = new EnumMap<>(EventKind.class);
            long readBytes = 0;
            for (TraceEvent e : t.events()) {
                kinds.merge(e.kind(), 1L, Long::sum);
                if (e.kind() == EventKind.HOST_READ) {
                    readBytes += ((TraceEvent.HostRead) e).bytes().length;
                }
            }
            String name = d.getFileName().toString();
            assertTrue(t.complete(), name + ": unbalanced calls");
            assertEquals(lines.getOrDefault("EC", 0L) + lines.getOrDefault("TC", 0L),
                    kinds.getOrDefault(EventKind.EXPORT_CALL, 0L), name + " export calls");
            assertEquals(kinds.getOrDefault(EventKind.EXPORT_CALL, 0L), kinds.getOrDefault(EventKind.EXPORT_RETURN, 0L),
                    name + " export returns");
            assertEquals(lines.getOrDefault("IC", 0L), kinds.getOrDefault(EventKind.IMPORT_CALL, 0L), name);
            assertEquals(lines.getOrDefault("IR", 0L), kinds.getOrDefault(EventKind.IMPORT_RETURN, 0L), name);
            assertEquals((long) lines.getOrDefault("L", 0L), readBytes, name + " bytes read");
            assertEquals(lines.getOrDefault("MG", 0L), kinds.getOrDefault(EventKind.MEMORY_GROW, 0L), name);
            assertEquals(lines.getOrDefault("TG", 0L), kinds.getOrDefault(EventKind.TABLE_GROW, 0L), name);
            assertEquals(lines.getOrDefault("T", 0L), kinds.getOrDefault(EventKind.TABLE_SET, 0L), name);
            assertEquals(lines.getOrDefault("G", 0L) + lines.getOrDefault("IG", 0L),
                    kinds.getOrDefault(EventKind.GLOBAL_CHANGE, 0L), name);
        }
    }

    @Test
    void everyPrefixOfEverySampleIsAnIncompletePrefixOrRejectedWithAnOffset() throws IOException {
        for (Path d : sampleDirs()) {
            byte[] wasm = Files.readAllBytes(d.resolve("index.wasm"));
            Trace t = new WasmR3TraceImporter(MiniWasmSignatures.read(wasm)).importTrace(d.resolve("reference.r3"), wasm);
            byte[] bytes = BinaryCodecTest.encode(t.header(), t.events());
            assertEquals(t, TraceReader.readAll(bytes));
            for (int n = 0; n < bytes.length; n++) {
                try {
                    Trace p = TraceReader.readAll(java.util.Arrays.copyOf(bytes, n));
                    assertFalse(p.complete());
                    assertEquals(t.events().subList(0, p.events().size()), p.events());
                } catch (BadTraceException e) {
                    assertTrue(e.getMessage().contains("(at offset 0x"), e.getMessage());
                }
            }
        }
    }

    private static Trace sample(String name) throws IOException {
        Path d = samples().resolve(name);
        byte[] wasm = Files.readAllBytes(d.resolve("index.wasm"));
        return new WasmR3TraceImporter(MiniWasmSignatures.read(wasm)).importTrace(d.resolve("reference.r3"), wasm);
    }

    @Test
    void valuesAreTypedAndReadsMerged() throws IOException {
        Trace t = sample("different-mem-instructions");
        assertEquals(List.of(new TraceEvent.ExportCall(0, 0, "entry", List.of()),
                new TraceEvent.HostRead(0, 0, 0, new byte[] {99}),
                new TraceEvent.HostRead(0, 0, 2, new byte[] {100, 0, 0, 0}),
                new TraceEvent.ExportReturn(0, 0, List.of())), t.events());
        assertEquals(new TraceEvent.GlobalChange(0, 0, Value.f32(5f)), sample("glob-exp-host-mod-f32").events().get(3));
        assertEquals(new TraceEvent.GlobalChange(0, 0, Value.f64Bits(0x7ff8_0000_0000_0000L)),
                sample("glob-imp-nan").events().get(0));
        List<TraceEvent> grow = sample("mem-exp-host-grow-no-return").events();
        assertEquals(new TraceEvent.MemoryGrow(0, 0, 2), grow.get(3));
        assertEquals(new TraceEvent.ImportReturn(0, 0, List.of(Value.i32(0))), grow.get(6));
        assertEquals(new TraceEvent.ExportReturn(0, 2, List.of()), grow.get(5));
        List<TraceEvent> params = sample("call-imported-params").events();
        assertEquals(new TraceEvent.ExportCall(0, 1, "entry", List.of(Value.i32(1), Value.i32(2))), params.get(0));
    }

    private static final MapSignatureLookup LOOKUP = MapSignatureLookup.builder()
            .function(0, List.of(ValType.I64, ValType.F64), List.of(ValType.I64, ValType.F32), "env", "f", "")
            .function(1, List.of(ValType.I32), List.of(), "", "", "run")
            .global(0, ValType.I64).memory(0, 1).table(0, 2).build();

    private static List<TraceEvent> importText(String text) {
        List<TraceEvent> out = new ArrayList<>();
        new WasmR3TraceImporter(LOOKUP).importTrace(new BufferedReader(new StringReader(text)), out::add);
        return out;
    }

    @Test
    void namedAndUnnamedFormsAndMultiValue() {
        List<TraceEvent> a = importText("EC;1;run;4294967295\nIC;0;f\nIR;0;f;9007199254740993,NaN\n"
                + "L;0;memory;8;1\nL;0;memory;9;2\nT;0;tab;1;0;f\nTG;0;tab;3\nMG;0;memory;2\n"
                + "G;0;g;-5;i64\nER\n");
        List<TraceEvent> b = importText("EC;1;4294967295\nIC;0\nIR;0;9007199254740993,NaN\n"
                + "L;0;8;1\nL;0;9;2\nT;0;1;0\nTG;0;3\nMG;0;2\nG;0;-5\nER\n");
        assertEquals(a, b);
        assertEquals(List.of(new TraceEvent.ExportCall(0, 1, "run", List.of(Value.i32(-1))),
                new TraceEvent.ImportCall(0, 0, "env", "f", List.of()),
                new TraceEvent.ImportReturn(0, 0, List.of(Value.i64(9007199254740993L), Value.f32Bits(0x7fc0_0000))),
                new TraceEvent.HostRead(0, 0, 8, new byte[] {1, 2}),
                new TraceEvent.TableSet(0, 0, 1, Value.funcref(0)),
                new TraceEvent.TableGrow(0, 0, 5),
                new TraceEvent.MemoryGrow(0, 0, 3),
                new TraceEvent.GlobalChange(0, 0, Value.i64(-5)),
                new TraceEvent.ExportReturn(0, 1, List.of())), a);
    }

    @Test
    void errorsNameTheLine() {
        BadTraceException e = assertThrows(BadTraceException.class, () -> importText("EC;1;run;1\nIC;0\nIR;0;1\n"));
        assertTrue(e.getMessage().startsWith("line 3: results of function 0: expected 2 values"), e.getMessage());
        e = assertThrows(BadTraceException.class, () -> importText("EC;1;run;1\nL;0;5;256\n"));
        assertTrue(e.getMessage().startsWith("line 2: byte out of range"), e.getMessage());
        e = assertThrows(BadTraceException.class, () -> importText("EC;7;run;1\n"));
        assertTrue(e.getMessage().startsWith("line 1: function 7 is not in the module"), e.getMessage());
        e = assertThrows(BadTraceException.class, () -> importText("EC;1;run;1\nXX;1\n"));
        assertEquals(2, e.line());
        e = assertThrows(BadTraceException.class, () -> importText("EC;1;run;1.5\n"));
        assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
    }

    @Test
    void unbalancedTraceIsReported() {
        List<TraceEvent> out = new ArrayList<>();
        WasmR3TraceImporter.Result r = new WasmR3TraceImporter(LOOKUP)
                .importTrace(new BufferedReader(new StringReader("EC;1;run;1\nIC;0\n")), out::add);
        assertFalse(r.balanced());
        assertEquals(2, r.events());
    }
}
