package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.ElementSegment;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.SegmentMode;
import java.util.TreeSet;

/**
 * The functions a host can call without an export: those the module's active element segments
 * place into a table the host reads (an imported or exported funcref table). Emscripten's embind
 * and {@code dynCall}, and wasm-bindgen's closures, call them as {@code table.get(i)(args)}:
 * such a call reaches the raw function, so no export wrapper reports it, and a recording showed
 * the function's reads outside any call (mozjpeg-enc: verify diverged at event 376, the replay
 * making the next export call where the recording had run the embind invoker).
 *
 * <p>{@link #exported} gives each of them an export named {@value #PREFIX}{@code N} (N: the
 * function's index), which the instrumentation then wraps like any export. The JavaScript recorder
 * hands the host that wrapper for {@code table.get} of such a function, so the call is recorded as
 * an export call of function N named so; a replay calls function N, and a verifier re-recording the
 * replay adds the same exports ({@link RecordingInstrumentation#exposingTableFunctions}).
 *
 * <pre>
 * before:  (table (export "__indirect_function_table") 3 funcref) (elem (i32.const 1) func $invoker $f)
 * after:   ... (export "reprise_rec.table_function.7" (func $invoker)) (export "reprise_rec.table_function.9" (func $f))
 * </pre>
 */
public final class TableFunctions {
    /** The name prefix of the added exports; the function's index follows. */
    public static final String PREFIX = "reprise_rec.table_function.";

    private TableFunctions() {
    }

    /** Whether {@code exportName} is one of the added exports. */
    public static boolean isTableFunction(String exportName) {
        return exportName.startsWith(PREFIX);
    }

    /** The defined functions the active element segments of {@code module} put into host-visible funcref tables, in index order. */
    public static int[] of(byte[] module) {
        ModuleReader reader = new ModuleReader(module);
        ModuleSummary summary = reader.summary();
        boolean[] visible = new boolean[summary.tables().size()];
        for (int t = 0; t < visible.length; t++) {
            visible[t] = t < summary.importedTables();
        }
        for (Export e : summary.exports()) {
            if (e.kind() == ExternalKind.TABLE) {
                visible[e.index()] = true;
            }
        }
        int imported = summary.importedFunctions();
        TreeSet<Integer> functions = new TreeSet<>();
        reader.accept(new ModuleVisitor(null) {
            @Override
            public void visitElement(ElementSegment segment) {
                if (segment.mode() != SegmentMode.ACTIVE || segment.table() < 0 || segment.table() >= visible.length
                        || !visible[segment.table()]) {
                    return;
                }
                if (segment.functions() != null) {
                    for (int f : segment.functions()) {
                        if (f >= imported) {
                            functions.add(f);
                        }
                    }
                    return;
                }
                for (ConstExpr e : segment.expressions()) {
                    e.accept(new CodeVisitor(null) {
                        @Override
                        public void visitIndexInsn(Opcode op, int index) {
                            if (op == Opcode.REF_FUNC && index >= imported) {
                                functions.add(index);
                            }
                        }
                    });
                }
            }
        });
        return functions.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code module} with an export {@value #PREFIX}{@code N} for each function of {@link #of}; the module itself when it has none. */
    public static byte[] exported(byte[] module) {
        int[] functions = of(module);
        if (functions.length == 0) {
            return module;
        }
        ModuleReader reader = new ModuleReader(module);
        SectionAppender appender = new SectionAppender(reader.summary());
        for (int f : functions) {
            appender.appendExport(PREFIX + f, ExternalKind.FUNCTION, f);
        }
        ModuleWriter writer = new ModuleWriter(reader); // copy-through: the bodies do not change
        reader.accept(appender.visitor(writer));
        return writer.toByteArray();
    }
}
