package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.ValType;
import java.util.List;

/**
 * Appends the functions at the host boundary: one wrapper per imported function (the module's
 * calls, element segments and {@code ref.func} go to it), one per exported function (the export
 * points to it), in shadow mode a start wrapper that takes the shadow baseline, and in host mode
 * one that tells the recorder the start function runs.
 *
 * <pre>
 * import wrapper of (import "env" "f" (func $f (param i32 f64) (result i64))), index 3:
 *   (func $wrap_f (param i32 f64) (result i64) (local $r i64)
 *     (call $import_enter (i32.const 3))
 *     (call $value_i32 (local.get 0)) (call $value_f64 (i64.reinterpret_f64 (local.get 1)))
 *     (local.set $r (call $f (local.get 0) (local.get 1)))
 *     (call $value_i64 (local.get $r))
 *     [shadow mode: (call $sync_m (i32.const 1)) per memory]
 *     (call $import_exit (i32.const 3))
 *     (local.get $r))
 * </pre>
 */
final class BoundaryWrappers {
    private BoundaryWrappers() {
    }

    /** Appends all wrappers; returns the start wrapper's index, or -1 when there is none. */
    static int append(RecordingPlan plan, SectionAppender appender) {
        for (int f = 0; f < plan.originalImports; f++) {
            int target = f;
            if (plan.capturedByRecorder[f]) {
                plan.importWrapper[f] = f; // the recorder's own host function reports the call
                continue;
            }
            plan.importWrapper[f] = wrapper(plan, appender, f, target, RecordingHook.IMPORT_ENTER, RecordingHook.IMPORT_EXIT, f);
        }
        List<Export> exports = plan.summary.exports();
        for (int e = 0; e < exports.size(); e++) {
            Export x = exports.get(e);
            if (x.kind() == ExternalKind.FUNCTION) {
                plan.exportWrapper[e] = wrapper(plan, appender, x.index(), plan.callTarget(x.index()),
                        RecordingHook.EXPORT_ENTER, RecordingHook.EXPORT_EXIT, e);
            }
        }
        if (plan.host) {
            return hostStartWrapper(plan, appender);
        }
        return plan.full ? -1 : startWrapper(plan, appender);
    }

    private static int wrapper(RecordingPlan plan, SectionAppender appender, int function, int target,
                               RecordingHook enter, RecordingHook exit, int id) {
        int typeIndex = plan.summary.functionTypeIndex(function);
        FuncType type = plan.summary.functionType(function);
        List<ValType> params = type.params();
        List<ValType> results = type.results();
        boolean export = enter == RecordingHook.EXPORT_ENTER;
        // host mode: the call and its values in one hook call each way, when they fit
        boolean packArgs = plan.host && slots(params) <= RecordingHook.VALUE_SLOTS;
        boolean packResults = plan.host && slots(results) <= RecordingHook.VALUE_SLOTS;
        return appender.appendFunction(typeIndex, c -> {
            for (ValType r : results) {
                c.visitLocals(1, r);
            }
            c.visitBodyStart();
            if (packArgs) {
                packed(plan, c, id, 0, params, export ? RecordingHook.EXPORT_ENTER_VALUES : RecordingHook.IMPORT_ENTER_VALUES);
            } else {
                c.visitI32Const(id);
                c.visitIndexInsn(Opcode.CALL, plan.hook(enter));
            }
            if (export) {
                syncAll(plan, c);
            }
            if (!packArgs) {
                for (int i = 0; i < params.size(); i++) {
                    report(plan, c, i, params.get(i));
                }
            }
            for (int i = 0; i < params.size(); i++) {
                c.visitIndexInsn(Opcode.LOCAL_GET, i);
            }
            c.visitIndexInsn(Opcode.CALL, target);
            int first = params.size();
            for (int j = results.size() - 1; j >= 0; j--) {
                c.visitIndexInsn(Opcode.LOCAL_SET, first + j);
            }
            if (packResults) {
                packed(plan, c, id, first, results, export ? RecordingHook.EXPORT_EXIT_VALUES : RecordingHook.IMPORT_EXIT_VALUES);
            } else {
                for (int j = 0; j < results.size(); j++) {
                    report(plan, c, first + j, results.get(j));
                }
                if (!export) {
                    syncAll(plan, c);
                }
                c.visitI32Const(id);
                c.visitIndexInsn(Opcode.CALL, plan.hook(exit));
            }
            for (int j = 0; j < results.size(); j++) {
                c.visitIndexInsn(Opcode.LOCAL_GET, first + j);
            }
            c.visitEnd();
        });
    }

    /** The i64 slots a value list takes in a {@code *_values} hook: two for a v128, one for anything else. */
    static int slots(List<ValType> types) {
        int n = 0;
        for (ValType t : types) {
            n += t.code() == ValType.V128_CODE ? 2 : 1;
        }
        return n;
    }

    /** Calls {@code hook(id, slots...)} with the values of locals {@code first..} as i64 slots, zero padded. */
    private static void packed(RecordingPlan plan, CodeVisitor c, int id, int first, List<ValType> types, RecordingHook hook) {
        c.visitI32Const(id);
        for (int i = 0; i < types.size(); i++) {
            ValType t = types.get(i);
            Emit.pushForHook(c, first + i, t);
            if (t.code() != ValType.V128_CODE && t.code() != ValType.I64_CODE && t.code() != ValType.F64_CODE) {
                c.visitInsn(Opcode.I64_EXTEND_I32_U); // i32, f32 bits, a reference's null flag
            }
        }
        for (int k = slots(types); k < RecordingHook.VALUE_SLOTS; k++) {
            c.visitI64Const(0);
        }
        c.visitIndexInsn(Opcode.CALL, plan.hook(hook));
    }

    private static void report(RecordingPlan plan, CodeVisitor c, int local, ValType t) {
        Emit.pushForHook(c, local, t);
        c.visitIndexInsn(Opcode.CALL, plan.hook(RecordingHook.valueHook(t)));
    }

    /** The host may have grown memories while it had control. */
    private static void syncAll(RecordingPlan plan, CodeVisitor c) {
        if (plan.host) {
            return;
        }
        for (int m = 0; m < plan.memories; m++) {
            c.visitI32Const(1);
            c.visitIndexInsn(Opcode.CALL, plan.sync[m]);
        }
    }

    /**
     * Host mode: brackets the module's start function with {@code start_enter} / {@code start_exit}
     * so that the recorder knows the guest runs (its stores are not the host's); -1 when the
     * module has no start function.
     */
    private static int hostStartWrapper(RecordingPlan plan, SectionAppender appender) {
        int start = plan.summary.start();
        if (start < 0) {
            return -1;
        }
        return appender.appendFunction(plan.type(FuncType.of(List.of(), List.of())), c -> {
            c.visitBodyStart();
            c.visitIndexInsn(Opcode.CALL, plan.hook(RecordingHook.START_ENTER));
            c.visitIndexInsn(Opcode.CALL, plan.callTarget(start));
            c.visitIndexInsn(Opcode.CALL, plan.hook(RecordingHook.START_EXIT));
            c.visitEnd();
        });
    }

    /**
     * Shadow mode: sizes the shadows, copies each memory into its shadow (data segments and
     * whatever an imported memory held are the baseline, not host writes), reports the initial
     * value of each imported mutable global and seeds every shadow global, then runs the
     * original start function.
     */
    private static int startWrapper(RecordingPlan plan, SectionAppender appender) {
        boolean anyGlobal = false;
        for (int s : plan.shadowGlobal) {
            anyGlobal |= s >= 0;
        }
        if (plan.memories == 0 && !anyGlobal) {
            return -1;
        }
        return appender.appendFunction(plan.type(FuncType.of(List.of(), List.of())), c -> {
            c.visitBodyStart();
            syncAll(plan, c);
            for (int m = 0; m < plan.memories; m++) {
                Emit.zero(c, plan.mem64[m] ? ValType.I64 : ValType.I32);
                Emit.zero(c, plan.mem64[m] ? ValType.I64 : ValType.I32);
                Emit.memoryBytes(c, m, plan.mem64[m], plan.pageSizeLog2[m]);
                Emit.toAddress(c, plan.mem64[m]);
                c.visitIndexPairInsn(Opcode.MEMORY_COPY, plan.shadow(m), m);
            }
            List<GlobalType> globals = plan.summary.globals();
            for (int g = 0; g < globals.size(); g++) {
                if (plan.shadowGlobal[g] < 0) {
                    continue;
                }
                ValType t = globals.get(g).type();
                if (plan.globalImported[g] && t.code() != ValType.V128_CODE) {
                    // the host chose the initial value of an imported global: report it
                    c.visitI32Const(g);
                    c.visitIndexInsn(Opcode.GLOBAL_GET, g);
                    Emit.toBits(c, t);
                    c.visitIndexInsn(Opcode.CALL, plan.hook(RecordingHook.globalHook(t)));
                }
                c.visitIndexInsn(Opcode.GLOBAL_GET, g);
                c.visitIndexInsn(Opcode.GLOBAL_SET, plan.shadowGlobal[g]);
            }
            if (plan.summary.start() >= 0) {
                c.visitIndexInsn(Opcode.CALL, plan.callTarget(plan.summary.start()));
            }
            c.visitEnd();
        });
    }
}
