package dev.reprise.transform;

import static dev.reprise.transform.RecordingStandIn.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.transform.record.RecordingInstrumentation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * Access kinds beyond plain loads: atomic loads and read-modify-writes on a shared memory, a
 * second memory (Endive), SIMD loads of every shape (node, full mode: node 20 has no
 * multi-memory for the shadow), and a 64-bit memory (validated: neither engine here runs it).
 */
class RecordingAccessKindsTest {
    @TempDir
    Path tmp;

    private final RecordingStandIn hooks = new RecordingStandIn();

    private Instance kinds(boolean full) {
        ImportValues.Builder b = ImportValues.builder();
        b.addFunction(new HostFunction("env", "poke", FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()),
                (inst, args) -> {
                    inst.memory((int) args[0]).writeI32((int) args[1], (int) args[2]);
                    return null;
                }));
        hooks.addTo(b);
        byte[] module = new RecordingInstrumentation(full).apply(Fixtures.load("record_kinds.wasm"));
        assertNull(Fixtures.validate(module));
        Instance inst = Instance.builder(Parser.parse(module)).withImportValues(b.build()).build();
        hooks.events.clear();
        return inst;
    }

    private List<RecordingStandIn.Event> reads() {
        return hooks.named("read_");
    }

    @Test
    void atomicLoadsAndReadModifyWritesInShadowMode() {
        assertArrayEquals(new long[] {185, 85}, kinds(false).export("atomics").apply());
        // byte 12 is the host's; the rmw's other three bytes were never changed by the host
        assertEquals(List.of(event("read_i8", 0, 12, 0x55)), reads());
    }

    @Test
    void atomicLoadsAndReadModifyWritesInFullMode() {
        assertArrayEquals(new long[] {185, 85}, kinds(true).export("atomics").apply());
        assertEquals(List.of(event("read_i32", 0, 8, 100), event("read_i8", 0, 12, 0x55), event("read_i32", 0, 12, 0x55)), reads());
    }

    @Test
    void secondMemoryIsShadowedOnItsOwn() {
        assertEquals(16, kinds(false).export("second").apply()[0]);
        assertEquals(List.of(event("read_i16", 1, 4, 9)), reads());
        assertEquals(16, kinds(true).export("second").apply()[0]);
        assertEquals(List.of(event("read_i32", 1, 0, 7), event("read_i16", 1, 4, 9)), reads());
    }

    @Test
    void sixtyFourBitMemoryValidatesInBothModes() {
        byte[] in = Fixtures.load("record_mem64.wasm");
        assertNull(Fixtures.validate(new RecordingInstrumentation().apply(in)));
        assertNull(Fixtures.validate(new RecordingInstrumentation(true).apply(in)));
    }

    @Test
    void simdLoadsOfEveryShapeAreReportedUnderNode() throws Exception {
        byte[] in = Fixtures.load("record_simd.wasm");
        assertNull(Fixtures.validate(new RecordingInstrumentation().apply(in)));
        byte[] full = new RecordingInstrumentation(true).apply(in);
        assertNull(Fixtures.validate(full));
        JsonNode before = node(in);
        JsonNode after = node(full);
        assertEquals(before.get("result").asText(), after.get("result").asText());
        List<String> reads = new ArrayList<>();
        for (JsonNode e : after.get("events")) {
            if (e.get(0).asText().startsWith("read_")) {
                reads.add(e.toString());
            }
        }
        assertEquals(List.of("[\"read_v128\",\"0\",\"32\",\"16909060\",\"0\"]", "[\"read_v128\",\"0\",\"64\",\"5\",\"6\"]",
                "[\"read_i32\",\"0\",\"32\",\"16909060\"]", "[\"read_i8\",\"0\",\"33\",\"3\"]"), reads);
    }

    /** Runs export {@code simd} under node with recording stand-ins; skips when node is missing. */
    private JsonNode node(byte[] module) throws Exception {
        Path wasm = tmp.resolve("m" + System.nanoTime() + ".wasm");
        Path script = tmp.resolve("hooks.mjs");
        Files.write(wasm, module);
        Files.write(script, Fixtures.load("hooks.mjs"));
        Process p;
        try {
            p = new ProcessBuilder("node", script.toString(), wasm.toString(), "simd").redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("node is not installed");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }
}
