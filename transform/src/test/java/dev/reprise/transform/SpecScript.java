package dev.reprise.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportGlobal;
import run.endive.runtime.ImportMemory;
import run.endive.runtime.ImportTable;
import run.endive.runtime.ImportValues;
import run.endive.runtime.TableInstance;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.MemoryLimits;
import run.endive.wasm.types.MutabilityType;
import run.endive.wasm.types.Table;
import run.endive.wasm.types.TableLimits;
import run.endive.wasm.types.ValType;

/**
 * Reads the spec suite's JSON command scripts (as written by wast2json) and supplies the
 * {@code spectest} host module, so tests can run a script's assertions against a module.
 */
final class SpecScript {
    /** One spec value: its type and the 64-bit pattern Endive uses, or a NaN class. */
    record SpecValue(String type, long bits, String nan) {
    }

    private SpecScript() {
    }

    static Path specJsonDir() {
        Path dir = Paths.get(System.getProperty("reprise.shared", "../../shared")).toAbsolutePath().normalize().resolve("corpus/spec/json");
        Assumptions.assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " not found (../shared is absent)");
        return dir;
    }

    /** The current suite's scripts, plus the threads proposal's (atomics) from the 2022 snapshot. */
    static List<Path> scripts() {
        try (Stream<Path> s = Files.walk(specJsonDir());
             Stream<Path> t = Files.walk(specJsonDir().resolveSibling("json-2022"))) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
            t.filter(p -> p.toString().endsWith(".json") && p.getParent().getFileName().toString().startsWith("threads_"))
                    .sorted().forEach(all::add);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode commands(Path script) {
        try {
            return new ObjectMapper().readTree(script.toFile()).get("commands");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null when the value's type is one these tests do not handle (v128, references). */
    static SpecValue value(JsonNode v) {
        String type = v.path("type").asText("");
        if (!v.path("value").isTextual()) {
            return null;
        }
        String text = v.path("value").asText();
        if (text.startsWith("nan:")) {
            return new SpecValue(type, 0, text);
        }
        switch (type) {
            case "i32":
            case "f32":
                return new SpecValue(type, Long.parseUnsignedLong(text) & 0xFFFFFFFFL, null);
            case "i64":
            case "f64":
                return new SpecValue(type, Long.parseUnsignedLong(text), null);
            default:
                return null;
        }
    }

    /** Whether an actual 64-bit result matches an expected spec value. */
    static boolean matches(SpecValue expected, long actual) {
        if (expected.nan() != null) {
            return expected.type().equals("f32") ? Float.isNaN(Float.intBitsToFloat((int) actual)) : Double.isNaN(Double.longBitsToDouble(actual));
        }
        if (expected.type().equals("i32") || expected.type().equals("f32")) {
            return (actual & 0xFFFFFFFFL) == expected.bits();
        }
        return actual == expected.bits();
    }

    /** The spectest module of the reference interpreter, plus extra host functions. */
    static ImportValues.Builder spectest() {
        ImportValues.Builder b = ImportValues.builder();
        String[][] prints = {{"print"}, {"print_i32", "i32"}, {"print_i64", "i64"}, {"print_f32", "f32"}, {"print_f64", "f64"},
            {"print_i32_f32", "i32", "f32"}, {"print_f64_f64", "f64", "f64"}};
        for (String[] p : prints) {
            List<ValType> params = new ArrayList<>();
            for (int i = 1; i < p.length; i++) {
                params.add(valType(p[i]));
            }
            b.addFunction(new HostFunction("spectest", p[0], FunctionType.of(params, List.of()), (inst, args) -> null));
        }
        b.addGlobal(new ImportGlobal("spectest", "global_i32", new GlobalInstance(666, 0, ValType.I32, MutabilityType.Const)));
        b.addGlobal(new ImportGlobal("spectest", "global_i64", new GlobalInstance(666, 0, ValType.I64, MutabilityType.Const)));
        b.addGlobal(new ImportGlobal("spectest", "global_f32",
                new GlobalInstance(Float.floatToRawIntBits(666.6f), 0, ValType.F32, MutabilityType.Const)));
        b.addGlobal(new ImportGlobal("spectest", "global_f64",
                new GlobalInstance(Double.doubleToRawLongBits(666.6), 0, ValType.F64, MutabilityType.Const)));
        b.addTable(new ImportTable("spectest", "table", new TableInstance(new Table(ValType.FuncRef, new TableLimits(10, 20)), run.endive.wasm.types.Value.REF_NULL_VALUE)));
        b.addMemory(new ImportMemory("spectest", "memory", new ByteArrayMemory(new MemoryLimits(1, 2))));
        return b;
    }

    static ValType valType(String t) {
        switch (t) {
            case "i32": return ValType.I32;
            case "i64": return ValType.I64;
            case "f32": return ValType.F32;
            default: return ValType.F64;
        }
    }
}
