package dev.reprise.transform.record;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.ValType;
import java.util.List;
import java.util.function.Consumer;

/**
 * Appends the helpers for host-visible globals and tables: a read check per mutable numeric
 * global the host can change (imported, or defined and exported), with its shadow global in
 * shadow mode, and the {@code table.get} / {@code table.size} / {@code call_indirect}
 * reporters of imported or exported tables ({@code call_indirect}'s also hands on the call's type).
 */
final class AccessHelpers {
    private AccessHelpers() {
    }

    static void append(RecordingPlan plan, SectionAppender appender) {
        List<GlobalType> globals = plan.summary.globals();
        for (int g = 0; g < globals.size(); g++) {
            GlobalType t = globals.get(g);
            if (!t.mutable() || t.type().isReference() || !(plan.globalImported[g] || plan.exported(ExternalKind.GLOBAL, g))) {
                continue;
            }
            if (t.type().code() == ValType.V128_CODE && !plan.simd) {
                continue;
            }
            if (!plan.full) {
                ValType vt = t.type();
                plan.shadowGlobal[g] = appender.appendGlobal(new GlobalType(vt, true), ConstExpr.build(c -> Emit.zero(c, vt)));
            }
            plan.globalRead[g] = globalRead(plan, appender, g, t.type());
        }
        for (int t = 0; t < plan.tableVisible.length; t++) {
            if (!plan.tableVisible[t]) {
                continue;
            }
            ValType index = plan.table64[t] ? ValType.I64 : ValType.I32;
            ValType element = plan.summary.tables().get(t).elementType();
            int table = t;
            plan.tableGet[t] = function(plan, appender, List.of(index), List.of(element), c -> {
                report(plan, c, RecordingHook.TABLE_GET, table, 0);
                c.visitIndexInsn(Opcode.LOCAL_GET, 0);
                c.visitIndexInsn(Opcode.TABLE_GET, table);
            });
            plan.callIndirect[t] = function(plan, appender, List.of(index, ValType.I32), List.of(index), c -> {
                c.visitI32Const(table);
                c.visitIndexInsn(Opcode.LOCAL_GET, 0);
                Emit.toI64(c, plan.table64[table]);
                c.visitIndexInsn(Opcode.LOCAL_GET, 1);
                c.visitIndexInsn(Opcode.CALL, plan.hook(RecordingHook.CALL_INDIRECT));
                c.visitIndexInsn(Opcode.LOCAL_GET, 0);
            });
            plan.tableSize[t] = function(plan, appender, List.of(), List.of(index), c -> {
                c.visitI32Const(table);
                c.visitIndexInsn(Opcode.TABLE_SIZE, table);
                Emit.toI64(c, plan.table64[table]);
                c.visitIndexInsn(Opcode.CALL, plan.hook(RecordingHook.TABLE_SIZE));
                c.visitIndexInsn(Opcode.TABLE_SIZE, table);
            });
        }
    }

    private static void report(RecordingPlan plan, CodeVisitor c, RecordingHook hook, int table, int local) {
        c.visitI32Const(table);
        c.visitIndexInsn(Opcode.LOCAL_GET, local);
        Emit.toI64(c, plan.table64[table]);
        c.visitIndexInsn(Opcode.CALL, plan.hook(hook));
    }

    private static int function(RecordingPlan plan, SectionAppender appender, List<ValType> params, List<ValType> results, Consumer<CodeVisitor> body) {
        return appender.appendFunction(plan.type(FuncType.of(params, results)), c -> {
            c.visitBodyStart();
            body.accept(c);
            c.visitEnd();
        });
    }

    /**
     * {@code (value) -> value}, called after {@code global.get}: full mode reports every read;
     * shadow mode reports only a value that differs (bitwise) from the shadow, then updates it.
     */
    private static int globalRead(RecordingPlan plan, SectionAppender appender, int g, ValType t) {
        RecordingHook hook = RecordingHook.globalHook(t);
        return function(plan, appender, List.of(t), List.of(t), c -> {
            if (plan.full) {
                c.visitI32Const(g);
                Emit.pushForHook(c, 0, t);
                c.visitIndexInsn(Opcode.CALL, plan.hook(hook));
            } else {
                int shadow = plan.shadowGlobal[g];
                c.visitIndexInsn(Opcode.LOCAL_GET, 0);
                ValType bits = Emit.toBits(c, t);
                c.visitIndexInsn(Opcode.GLOBAL_GET, shadow);
                Emit.toBits(c, t);
                Emit.notEqual(c, bits);
                c.visitBlock(Opcode.IF, BlockType.EMPTY);
                c.visitI32Const(g);
                Emit.pushForHook(c, 0, t);
                c.visitIndexInsn(Opcode.CALL, plan.hook(hook));
                c.visitIndexInsn(Opcode.LOCAL_GET, 0);
                c.visitIndexInsn(Opcode.GLOBAL_SET, shadow);
                c.visitInsn(Opcode.END);
            }
            c.visitIndexInsn(Opcode.LOCAL_GET, 0);
        });
    }
}
