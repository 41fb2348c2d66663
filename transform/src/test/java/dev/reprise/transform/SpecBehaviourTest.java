package dev.reprise.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.FunctionImportAdder;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.ValType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.types.FunctionType;

/**
 * Rewrites must not change behaviour: every spec module is rewritten (an added import, the
 * preemption pass, the atomics pass) and each {@code assert_return} / {@code assert_trap} of
 * its script is run under Endive against both the original and the rewritten module, whose
 * new imports are satisfied by single-threaded stand-ins of the scheduler. The rewritten module
 * must give exactly the original's outcome; the spec's expectation is checked too, and counted.
 */
class SpecBehaviourTest {
    private int compared;
    private int agreeWithSpec;
    private int modules;
    private int skippedModules;
    private final List<String> differences = new ArrayList<>();

    private java.util.function.UnaryOperator<byte[]> rewrite;

    /** Stand-ins of the recording hooks, counting calls. */
    private static final RecordingStandIn HOOKS = new RecordingStandIn(false);

    @Test
    void addedImportKeepsBehaviour() throws Exception {
        check("an added import", SpecBehaviourTest::addImport);
    }

    @Test
    void preemptionPointsKeepBehaviour() throws Exception {
        check("preemption points", new PreemptionPass(7)::apply);
    }

    @Test
    void atomicsPassKeepsBehaviour() throws Exception {
        check("the atomics pass", new AtomicsToSchedulerPass()::apply);
    }

    @Test
    void recordingInstrumentationKeepsBehaviour() throws Exception {
        check("recording instrumentation (shadow)", new dev.reprise.transform.record.RecordingInstrumentation()::apply);
        assertTrue(HOOKS.count > 10_000, "hooks were called: " + HOOKS.count);
    }

    @Test
    void fullRecordingInstrumentationKeepsBehaviour() throws Exception {
        check("recording instrumentation (full)", new dev.reprise.transform.record.RecordingInstrumentation(true)::apply);
        assertTrue(HOOKS.count > 10_000, "hooks were called: " + HOOKS.count);
    }

    @Test
    void hostModeRecordingInstrumentationKeepsBehaviour() throws Exception {
        check("recording instrumentation (host)", new dev.reprise.transform.record.RecordingInstrumentation(
                dev.reprise.transform.record.RecordingMode.HOST)::apply);
        assertTrue(HOOKS.count > 10_000, "hooks were called: " + HOOKS.count);
    }

    /** Host mode as reprise's WASI recorder uses it: every import called directly (the recorder wraps the host functions). */
    @Test
    void hostModeWithImportsCapturedByTheRecorderKeepsBehaviour() throws Exception {
        check("recording instrumentation (host, imports captured by the recorder)", new dev.reprise.transform.record.RecordingInstrumentation(
                dev.reprise.transform.record.RecordingMode.HOST).capturingInRecorder(f -> true)::apply);
        assertTrue(HOOKS.count > 10_000, "hooks were called: " + HOOKS.count);
    }

    private void check(String what, java.util.function.UnaryOperator<byte[]> transform) throws Exception {
        this.rewrite = transform;
        for (Path script : SpecScript.scripts()) {
            runScript(script);
        }
        System.out.printf("spec modules with " + what + ": %d instantiated (%d skipped: imports from other modules or"
                + " not instantiable by Endive); assertions compared: %d, of which the spec's expectation held: %d%n",
                modules, skippedModules, compared, agreeWithSpec);
        assertEquals(List.of(), differences.subList(0, Math.min(20, differences.size())), differences.size() + " differences");
        assertTrue(compared > 20_000, "expected tens of thousands of assertions, compared " + compared);
        assertTrue(agreeWithSpec > compared * 0.95, "Endive should pass most spec assertions: " + agreeWithSpec + " of " + compared);
    }

    private void runScript(Path script) throws Exception {
        Instance original = null;
        Instance rewritten = null;
        for (JsonNode c : SpecScript.commands(script)) {
            String type = c.get("type").asText();
            if (type.equals("module")) {
                original = null;
                rewritten = null;
                byte[] bytes = Files.readAllBytes(script.getParent().resolve(c.get("filename").asText()));
                try {
                    original = instantiate(bytes);
                } catch (Throwable t) {
                    skippedModules++;
                    continue;
                }
                rewritten = instantiate(rewrite.apply(bytes));
                modules++;
            } else if ((type.equals("assert_return") || type.equals("assert_trap")) && original != null
                    && c.get("action").get("type").asText().equals("invoke") && !c.get("action").has("module")) {
                compare(script, c, original, rewritten);
            }
        }
    }

    private void compare(Path script, JsonNode c, Instance original, Instance rewritten) {
        JsonNode action = c.get("action");
        List<SpecScript.SpecValue> args = new ArrayList<>();
        for (JsonNode a : action.get("args")) {
            SpecScript.SpecValue v = SpecScript.value(a);
            if (v == null || v.nan() != null) {
                return;
            }
            args.add(v);
        }
        List<SpecScript.SpecValue> expected = new ArrayList<>();
        for (JsonNode e : c.path("expected")) {
            SpecScript.SpecValue v = SpecScript.value(e);
            if (v == null) {
                return;
            }
            expected.add(v);
        }
        long[] argv = args.stream().mapToLong(SpecScript.SpecValue::bits).toArray();
        String field = action.get("field").asText();
        String before = outcome(original, field, argv);
        String after = outcome(rewritten, field, argv);
        compared++;
        if (!before.equals(after)) {
            differences.add(script.getFileName() + " line " + c.get("line") + " " + field + ": original " + before + ", rewritten " + after);
        }
        if (c.get("type").asText().equals("assert_trap") ? before.startsWith("trap") : holds(expected, before)) {
            agreeWithSpec++;
        }
    }

    private static boolean holds(List<SpecScript.SpecValue> expected, String outcome) {
        if (!outcome.startsWith("[")) {
            return false;
        }
        String[] parts = outcome.substring(1, outcome.length() - 1).split(",", -1);
        if (expected.isEmpty()) {
            return outcome.equals("[]");
        }
        if (parts.length != expected.size()) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!SpecScript.matches(expected.get(i), Long.parseLong(parts[i].trim()))) {
                return false;
            }
        }
        return true;
    }

    private static String outcome(Instance instance, String field, long[] args) {
        try {
            long[] r = instance.export(field).apply(args);
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; r != null && i < r.length; i++) {
                sb.append(i > 0 ? "," : "").append(r[i]);
            }
            return sb.append(']').toString();
        } catch (StackOverflowError e) {
            return "trap: stack overflow";
        } catch (RuntimeException e) {
            // Endive's messages name instruction offsets, which the added import legitimately shifts.
            String m = String.valueOf(e.getMessage()).replaceAll("0x[0-9A-Fa-f]+", "0x?");
            return "trap: " + e.getClass().getSimpleName() + ": " + m.substring(0, Math.min(120, m.length()));
        }
    }

    private static Instance instantiate(byte[] bytes) {
        ImportValues imports = SchedulerStandIn.addTo(HOOKS.addTo(SpecScript.spectest())
                .addFunction(new HostFunction("reprise", "probe", FunctionType.of(List.of(run.endive.wasm.types.ValType.I32), List.of()),
                        (inst, args) -> null)))
                .build();
        return Instance.builder(Parser.parse(bytes)).withImportValues(imports).build();
    }

    static byte[] addImport(byte[] bytes) {
        ModuleReader reader = new ModuleReader(bytes);
        FunctionImportAdder adder = new FunctionImportAdder(reader.summary());
        adder.add("reprise", "probe", FuncType.of(List.of(ValType.I32), List.of()));
        ModuleWriter writer = new ModuleWriter();
        reader.accept(adder.visitor(writer));
        return writer.toByteArray();
    }
}
