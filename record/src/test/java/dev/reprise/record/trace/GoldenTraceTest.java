package dev.reprise.record.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden files in both encodings; {@code -Dreprise.regenerate=true} rewrites them. */
class GoldenTraceTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    static Trace pingpong() throws IOException {
        Path dir = GOLDEN.resolve("wasm-r3-pingpong");
        byte[] wasm = Files.readAllBytes(dir.resolve("index.wasm"));
        return new WasmR3TraceImporter(MiniWasmSignatures.read(wasm)).importTrace(dir.resolve("reference.r3"), wasm);
    }

    static Trace allKinds() {
        byte[] sha = new byte[32];
        Arrays.fill(sha, (byte) 0xab);
        TraceHeader h = TraceHeader.of(sha, RecorderKind.WASI, List.of("threads", "simd", "multi-memory"),
                new StartOptions(List.of("prog.wasm", "--flag"), Map.of("HOME", "/"), 1234567890123L,
                        Map.of("real-clock", "false")), Map.of("host", "golden"));
        List<TraceEvent> events = List.of(
                new TraceEvent.ExportCall(0, 5, "_start", List.of()),
                new TraceEvent.ImportCall(0, 1, "wasi_snapshot_preview1", "fd_write",
                        List.of(Value.i32(1), Value.i32(1024), Value.i32(1), Value.i32(2048))),
                new TraceEvent.OutputDigest(0, 1, 6, new byte[32]),
                new TraceEvent.HostRead(0, 0, 2048, new byte[] {6, 0, 0, 0}),
                new TraceEvent.ImportReturn(0, 1, List.of(Value.i32(0))),
                new TraceEvent.ImportCall(0, 2, "env", "multi", List.of(Value.i64(Long.MIN_VALUE))),
                new TraceEvent.ImportReturn(0, 2, List.of(Value.i64(-1), Value.f32Bits(0x7fa0_0001),
                        Value.f64Bits(0xfff0_0000_0000_0001L), Value.v128(0x0706050403020100L, 0x0f0e0d0c0b0a0908L),
                        Value.funcref(3), Value.nullRef(ValType.EXTERNREF))),
                new TraceEvent.MemoryGrow(0, 1, 17),
                new TraceEvent.TableGrow(0, 0, 8),
                new TraceEvent.TableSet(0, 0, 7, Value.funcref(4)),
                new TraceEvent.GlobalChange(0, 2, Value.f64(-0.0)),
                new TraceEvent.ThreadSpawn(0, 1, 65536),
                new TraceEvent.SchedulerDecision(0, DecisionKind.THREAD_SWITCH, 2, 1),
                new TraceEvent.HostRead(1, 1, (1L << 40) + 3, new byte[] {-1}),
                new TraceEvent.SchedulerDecision(1, DecisionKind.WAKE, 3, 0),
                new TraceEvent.ExportReturn(0, 5, List.of()),
                new TraceEvent.MemoryDigest(0, 0, 2, sha));
        return new Trace(h, events, true);
    }

    /** Host-mode events (kind 14): kept apart from all-kinds so that that golden stays as it was. */
    static Trace hostWrites() {
        TraceHeader h = TraceHeader.of(new byte[32], RecorderKind.JAVA, List.of(), StartOptions.NONE, Map.of("reads", "host"));
        byte[] big = new byte[300];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        List<TraceEvent> events = List.of(
                new TraceEvent.HostWrite(0, 0, 1000, new byte[] {1, 9, 9}),
                new TraceEvent.ExportCall(0, 2, "run", List.of(Value.i32(1000))),
                new TraceEvent.ImportCall(0, 0, "env", "read", List.of(Value.i32(4096), Value.i32(300))),
                new TraceEvent.MemoryGrow(0, 0, 3),
                new TraceEvent.HostWrite(0, 0, 4096, big),
                new TraceEvent.HostWrite(0, 1, (1L << 40) + 5, new byte[] {(byte) 0x80, (byte) 0xff, 0}),
                new TraceEvent.HostWrite(3, 0, 0, new byte[] {42}),
                new TraceEvent.ImportReturn(0, 0, List.of(Value.i32(300))),
                new TraceEvent.ExportReturn(0, 2, List.of(Value.i32(-1))));
        return new Trace(h, events, true);
    }

    /** Unwind events (kind 15): an exception thrown by import 1's host, caught by import 0's (longjmp), twice. */
    static Trace unwinds() {
        TraceHeader h = TraceHeader.of(new byte[32], RecorderKind.JS, List.of(), StartOptions.NONE, Map.of("reads", "shadow"));
        List<TraceEvent> events = List.of(
                new TraceEvent.ExportCall(0, 3, "run", List.of(Value.i32(2))),
                new TraceEvent.ImportCall(0, 0, "env", "invoke_vi", List.of(Value.i32(1), Value.i32(5))),
                new TraceEvent.ExportCall(0, 2, "reprise_rec.table_function.2", List.of(Value.i32(5))),
                new TraceEvent.ImportCall(0, 1, "env", "_emscripten_throw_longjmp", List.of()),
                new TraceEvent.Unwind(0, 2, 1),
                new TraceEvent.ExportCall(0, 4, "setThrew", List.of(Value.i32(1), Value.i32(0))),
                new TraceEvent.ExportReturn(0, 4, List.of()),
                new TraceEvent.ImportReturn(0, 0, List.of()),
                new TraceEvent.ImportCall(0, 0, "env", "invoke_vi", List.of(Value.i32(1), Value.i32(7))),
                new TraceEvent.ExportCall(0, 2, "reprise_rec.table_function.2", List.of(Value.i32(7))),
                new TraceEvent.ImportCall(0, 1, "env", "_emscripten_throw_longjmp", List.of()),
                new TraceEvent.Unwind(0, 300, 1),
                new TraceEvent.ExportReturn(0, 3, List.of(Value.i32(-1))));
        return new Trace(h, events, true);
    }

    /** Functions the host set into the table (Emscripten's addFunction), as add_function.wat's run under node records them. */
    static Trace hostFunctions() {
        TraceHeader h = TraceHeader.of(new byte[32], RecorderKind.JS, List.of(), StartOptions.NONE, Map.of("reads", "shadow"));
        ValType i32 = ValType.I32;
        ValType f64 = ValType.F64;
        List<TraceEvent> events = List.of(
                new TraceEvent.ExportCall(0, 2, "run", List.of(Value.i32(2), Value.i32(3), Value.i32(1))),
                new TraceEvent.TableGrow(0, 0, 4),
                new TraceEvent.HostFunction(0, 3, List.of(i32), List.of(i32)),
                new TraceEvent.TableSet(0, 0, 2, Value.funcref(3)),
                new TraceEvent.ImportCall(0, 3, "reprise.host", "function.3", List.of(Value.i32(0))),
                new TraceEvent.ExportCall(0, 1, "bump", List.of(Value.i32(1))),
                new TraceEvent.ExportReturn(0, 1, List.of()),
                new TraceEvent.ImportReturn(0, 3, List.of(Value.i32(1))),
                new TraceEvent.HostRead(0, 0, 16, new byte[] {0, 0, 0, 0}),
                new TraceEvent.HostFunction(0, 4, List.of(i32, f64), List.of(f64)),
                new TraceEvent.TableSet(0, 0, 3, Value.funcref(4)),
                new TraceEvent.ImportCall(0, 4, "reprise.host", "function.4", List.of(Value.i32(0), Value.f64(0.0))),
                new TraceEvent.ImportReturn(0, 4, List.of(Value.f64(0.0))),
                new TraceEvent.ExportReturn(0, 2, List.of(Value.f64(4.0))));
        return new Trace(h, events, true);
    }

    private static void check(String name, Trace t) throws IOException {
        Path dir = GOLDEN.resolve(name);
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.create(bin, t.header())) {
            t.events().forEach(w::write);
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonLinesTraceWriter w = JsonLinesTraceWriter.create(json, t.header())) {
            t.events().forEach(w::write);
        }
        compare(dir.resolve("expected.trace"), bin.toByteArray());
        compare(dir.resolve("expected.jsonl"), json.toByteArray());
        assertEquals(t, TraceReader.readAll(dir.resolve("expected.trace")));
        assertEquals(t, TraceFormat.readAll(dir.resolve("expected.jsonl")));
    }

    private static void compare(Path golden, byte[] actual) throws IOException {
        if (Boolean.getBoolean("reprise.regenerate")) {
            Files.write(golden, actual);
            return;
        }
        if (!Files.exists(golden)) {
            fail("golden file " + golden + " is missing: run with -Dreprise.regenerate=true to create it");
        }
        byte[] expected = Files.readAllBytes(golden);
        if (golden.toString().endsWith(".jsonl")) {
            assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8),
                    golden + " differs (regenerate with -Dreprise.regenerate=true if the change is intended)");
        }
        assertArrayEquals(expected, actual, golden + " differs (regenerate with -Dreprise.regenerate=true"
                + " if the change is intended)");
    }

    @Test
    void wasmR3Sample() throws IOException {
        check("wasm-r3-pingpong", pingpong());
    }

    @Test
    void moduleMismatchIsAClearError() throws IOException {
        byte[] wasm = Files.readAllBytes(GOLDEN.resolve("wasm-r3-pingpong").resolve("index.wasm"));
        TraceHeader h = pingpong().header();
        h.requireModule(wasm);
        byte[] other = wasm.clone();
        other[other.length - 1] ^= 1;
        BadTraceException e = org.junit.jupiter.api.Assertions.assertThrows(BadTraceException.class,
                () -> h.requireModule(other));
        assertTrue(e.getMessage().startsWith("the trace was recorded from module sha256:"), e.getMessage());
    }

    @Test
    void oneOfEachKind() throws IOException {
        check("all-kinds", allKinds());
    }

    @Test
    void hostWriteEvents() throws IOException {
        check("host-write", hostWrites());
    }

    @Test
    void unwindEvents() throws IOException {
        check("unwind", unwinds());
    }

    @Test
    void hostFunctionEvents() throws IOException {
        check("host-function", hostFunctions());
    }

    @Test
    void everyPrefixOfTheGoldenIsAnIncompletePrefixOrRejectedWithAnOffset() throws IOException {
        for (String name : List.of("wasm-r3-pingpong", "all-kinds", "host-write", "host-function")) {
            byte[] bytes = Files.readAllBytes(GOLDEN.resolve(name).resolve("expected.trace"));
            List<TraceEvent> all = TraceReader.readAll(bytes).events();
            int incomplete = 0;
            for (int n = 0; n < bytes.length; n++) {
                try {
                    Trace t = TraceReader.readAll(Arrays.copyOf(bytes, n));
                    assertFalse(t.complete());
                    assertEquals(all.subList(0, t.events().size()), t.events());
                    incomplete++;
                } catch (BadTraceException e) {
                    assertTrue(e.getMessage().matches("(?s).*\\(at offset 0x[0-9a-f]+\\)"), e.getMessage());
                }
            }
            assertTrue(incomplete > bytes.length / 2, name + ": most prefixes are readable");
        }
    }

    @Test
    void everyBitFlipOfTheGoldenIsDetected() throws IOException {
        for (String name : List.of("wasm-r3-pingpong", "all-kinds", "host-write", "host-function")) {
            byte[] bytes = Files.readAllBytes(GOLDEN.resolve(name).resolve("expected.trace"));
            for (int i = 0; i < bytes.length * 8; i++) {
                byte[] bad = bytes.clone();
                bad[i >> 3] ^= (byte) (1 << (i & 7));
                try {
                    TraceReader.readAll(bad);
                    fail(name + ": flip of bit " + i + " went unnoticed");
                } catch (BadTraceException e) {
                    assertTrue(e.getMessage().matches("(?s).*\\(at offset 0x[0-9a-f]+\\)"), e.getMessage());
                }
            }
        }
    }
}
