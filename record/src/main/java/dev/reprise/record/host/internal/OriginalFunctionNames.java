package dev.reprise.record.host.internal;

import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.NameSection;
import dev.reprise.wasm.SectionId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Names every function of an instrumented module after the original function it stands for, so
 * that the guest stack of a trap under {@code reprise record} reads as under {@code reprise run}:
 * the original's name-section name, else its export name, else {@code $funcN} with N its ORIGINAL
 * index. The instrumentation's own functions (wrappers, helpers) are named
 * {@code reprise_rec.funcN} ({@link RecordingInstrumentation#ADDED_FUNCTION_PREFIX}), which the
 * runtime leaves out of guest stacks.
 *
 * <pre>
 * before: (import "reprise_rec" "export_call" (func $func3)) ... (func $func24 ...)  ;; original $func8, no name section
 * after:  (func $func8 ...)  (func $reprise_rec.func66 ...)                          ;; a name section with both
 * </pre>
 */
public final class OriginalFunctionNames {
    private OriginalFunctionNames() {
    }

    /** {@code instrumented} with its function names set from {@code original}'s. */
    public static byte[] apply(byte[] original, RecordingInstrumentation.Instrumented instrumented) {
        Map<Integer, String> originalNames = namesOf(original);
        ModuleReader reader = new ModuleReader(instrumented.wasm());
        int functions = reader.summary().functionCount();
        Map<Integer, String> names = new HashMap<>();
        Set<Integer> bodyNamed = new HashSet<>();
        for (int i = 0; i < functions; i++) {
            int o = instrumented.original(i);
            // the first instrumented function standing for o is its body (or import): wrappers come after every body
            if (o >= 0 && bodyNamed.add(o)) {
                names.put(i, originalNames.getOrDefault(o, "$func" + o));
            } else {
                names.put(i, RecordingInstrumentation.ADDED_FUNCTION_PREFIX + "func" + i);
            }
        }
        ModuleWriter writer = new ModuleWriter(reader); // copy-through: only the name section changes
        reader.accept(new ModuleVisitor(writer) {
            private boolean named;

            @Override
            public void visitNameSection(NameSection section) {
                named = true;
                section.replaceNames(NameSection.FUNCTIONS, names);
                super.visitNameSection(section);
            }

            @Override
            public void visitEnd() {
                if (!named) {
                    NameSection section = new NameSection();
                    section.after(SectionId.DATA);
                    section.replaceNames(NameSection.FUNCTIONS, names);
                    super.visitNameSection(section);
                }
                super.visitEnd();
            }
        });
        return writer.toByteArray();
    }

    /** The original's function names as the runtime shows them: name section, else export name. */
    private static Map<Integer, String> namesOf(byte[] original) {
        Map<Integer, String> names = new HashMap<>();
        ModuleReader reader = new ModuleReader(original);
        reader.summary().exports().stream().filter(e -> e.kind() == ExternalKind.FUNCTION)
                .forEach(e -> names.putIfAbsent(e.index(), e.name()));
        reader.accept(new ModuleVisitor(null) {
            @Override
            public void visitNameSection(NameSection section) {
                names.putAll(section.functionNames());
            }
        });
        return names;
    }
}
