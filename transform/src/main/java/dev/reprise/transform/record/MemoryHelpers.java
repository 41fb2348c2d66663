package dev.reprise.transform.record;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.ValType;
import java.util.List;
import java.util.function.Consumer;

/**
 * Appends the per-memory helper functions the instrumented bodies call: load and
 * read-modify-write checks, {@code memory.size}/{@code grow}/{@code fill}/{@code copy}
 * replacements and, in shadow mode, size synchronisation and range comparison. Helpers keep
 * the instrumented bodies small: a load becomes {@code local.tee; load; <effective address>;
 * call}.
 */
final class MemoryHelpers {
    private final RecordingPlan plan;
    private final SectionAppender appender;

    private MemoryHelpers(RecordingPlan plan, SectionAppender appender) {
        this.plan = plan;
        this.appender = appender;
    }

    static void append(RecordingPlan plan, SectionAppender appender) {
        MemoryHelpers h = new MemoryHelpers(plan, appender);
        for (int m = 0; m < plan.memories; m++) {
            if (plan.full) {
                plan.sync[m] = h.syncKnown(m);
            } else {
                plan.sync[m] = h.sync(m);
                plan.diffRange[m] = h.diffRange(m);
                plan.memoryFill[m] = h.fill(m);
            }
            for (int w = 1; w <= 16; w *= 2) {
                if (w < 16 || plan.simd) {
                    plan.loadCheck[m][Emit.widthIndex(w)] = h.loadCheck(m, w);
                }
                if (w < 16) {
                    plan.rmwCheck[m][Emit.widthIndex(w)] = h.rmwCheck(m, w);
                }
            }
            plan.memorySize[m] = h.size(m);
            plan.memoryGrow[m] = h.grow(m);
        }
        for (int d = 0; d < plan.memories; d++) {
            for (int s = 0; s < plan.memories; s++) {
                plan.memoryCopy[d][s] = h.copy(d, s);
            }
        }
    }

    private int function(List<ValType> params, List<ValType> results, Consumer<CodeVisitor> body) {
        return appender.appendFunction(plan.type(FuncType.of(params, results)), c -> {
            body.accept(c);
            c.visitEnd();
        });
    }

    private ValType addr(int m) {
        return plan.mem64[m] ? ValType.I64 : ValType.I32;
    }

    private void call(CodeVisitor c, RecordingHook h) {
        c.visitIndexInsn(Opcode.CALL, plan.hook(h));
    }

    /** Pushes local {@code ea} (an i64 effective address) as an address of memory {@code m}. */
    private void address(CodeVisitor c, int ea, int m) {
        c.visitIndexInsn(Opcode.LOCAL_GET, ea);
        Emit.toAddress(c, plan.mem64[m]);
    }

    /** Reports the raw value in local {@code value} read at local {@code ea} of memory {@code m}. */
    private void report(CodeVisitor c, int m, int ea, int value, int bytes) {
        c.visitI32Const(m);
        c.visitIndexInsn(Opcode.LOCAL_GET, ea);
        Emit.pushForHook(c, value, Emit.rawType(bytes));
        call(c, RecordingHook.readHook(bytes));
    }

    /**
     * {@code (ea i64)}: full mode reports the bytes at {@code ea}; shadow mode compares them with
     * the shadow and, when they differ, reports them and updates the shadow.
     */
    private int loadCheck(int m, int bytes) {
        ValType raw = Emit.rawType(bytes);
        return function(List.of(ValType.I64), List.of(), c -> {
            c.visitLocals(1, raw);
            c.visitBodyStart();
            address(c, 0, m);
            c.visitMemoryInsn(Emit.rawLoad(bytes), m, 0, 0);
            if (plan.full) {
                c.visitIndexInsn(Opcode.LOCAL_SET, 1);
                report(c, m, 0, 1, bytes);
                return;
            }
            c.visitIndexInsn(Opcode.LOCAL_TEE, 1);
            address(c, 0, m);
            c.visitMemoryInsn(Emit.rawLoad(bytes), plan.shadow(m), 0, 0);
            Emit.notEqual(c, raw);
            c.visitBlock(Opcode.IF, BlockType.EMPTY);
            report(c, m, 0, 1, bytes);
            address(c, 0, m);
            c.visitIndexInsn(Opcode.LOCAL_GET, 1);
            c.visitMemoryInsn(Emit.rawStore(bytes), plan.shadow(m), 0, 0);
            c.visitInsn(Opcode.END);
        });
    }

    /**
     * {@code (ea i64, old raw)}: the value an atomic read-modify-write found. Shadow mode reports
     * it when the shadow disagrees, then copies the new value into the shadow.
     */
    private int rmwCheck(int m, int bytes) {
        ValType raw = Emit.rawType(bytes);
        return function(List.of(ValType.I64, raw), List.of(), c -> {
            c.visitBodyStart();
            if (plan.full) {
                report(c, m, 0, 1, bytes);
                return;
            }
            c.visitIndexInsn(Opcode.LOCAL_GET, 1);
            address(c, 0, m);
            c.visitMemoryInsn(Emit.rawLoad(bytes), plan.shadow(m), 0, 0);
            Emit.notEqual(c, raw);
            c.visitBlock(Opcode.IF, BlockType.EMPTY);
            report(c, m, 0, 1, bytes);
            c.visitInsn(Opcode.END);
            address(c, 0, m);
            address(c, 0, m);
            c.visitMemoryInsn(Emit.rawLoad(bytes), m, 0, 0);
            c.visitMemoryInsn(Emit.rawStore(bytes), plan.shadow(m), 0, 0);
        });
    }

    private void reportSize(CodeVisitor c, int m) {
        c.visitI32Const(m);
        c.visitIndexInsn(Opcode.MEMORY_SIZE, m);
        Emit.toI64(c, plan.mem64[m]);
        call(c, RecordingHook.MEMORY_SIZE);
    }

    private void callSync(CodeVisitor c, int m, boolean report) {
        c.visitI32Const(report ? 1 : 0);
        c.visitIndexInsn(Opcode.CALL, plan.sync[m]);
    }

    /**
     * {@code (report i32)}: grows the shadow to the memory's size; when the memory had grown
     * behind the module's back and {@code report} is set, reports the new size first.
     */
    private int sync(int m) {
        ValType a = addr(m);
        return function(List.of(ValType.I32), List.of(), c -> {
            c.visitLocals(1, a);
            c.visitBodyStart();
            c.visitIndexInsn(Opcode.MEMORY_SIZE, m);
            c.visitIndexInsn(Opcode.MEMORY_SIZE, plan.shadow(m));
            c.visitInsn(plan.mem64[m] ? Opcode.I64_SUB : Opcode.I32_SUB);
            c.visitIndexInsn(Opcode.LOCAL_TEE, 1);
            c.visitInsn(plan.mem64[m] ? Opcode.I64_EQZ : Opcode.I32_EQZ);
            c.visitBlock(Opcode.IF, BlockType.EMPTY);
            c.visitInsn(Opcode.RETURN);
            c.visitInsn(Opcode.END);
            c.visitIndexInsn(Opcode.LOCAL_GET, 0);
            c.visitBlock(Opcode.IF, BlockType.EMPTY);
            reportSize(c, m);
            c.visitInsn(Opcode.END);
            c.visitIndexInsn(Opcode.LOCAL_GET, 1);
            c.visitIndexInsn(Opcode.MEMORY_GROW, plan.shadow(m));
            c.visitInsn(Opcode.DROP);
        });
    }

    /**
     * Full mode's {@code (report i32)}: a global holds the size the module last saw (-1 before
     * the first look, which takes the size as the baseline); when the memory has grown behind the
     * module's back and {@code report} is set, reports the new size. So in every mode a
     * {@code memory_size} event is growth by the host, never the module's own {@code memory.grow}
     * (which the replay must leave to the module: growing early changes what {@code grow} returns).
     */
    private int syncKnown(int m) {
        ValType a = addr(m);
        int known = appender.appendGlobal(new GlobalType(a, true), plan.mem64[m] ? ConstExpr.i64(-1) : ConstExpr.i32(-1));
        return function(List.of(ValType.I32), List.of(), c -> {
            c.visitLocals(1, a);
            c.visitBodyStart();
            c.visitIndexInsn(Opcode.MEMORY_SIZE, m);
            c.visitIndexInsn(Opcode.LOCAL_SET, 1);
            // report when asked, the module has looked before, and the size changed
            c.visitIndexInsn(Opcode.LOCAL_GET, 0);
            c.visitIndexInsn(Opcode.GLOBAL_GET, known);
            if (plan.mem64[m]) {
                c.visitI64Const(-1);
                c.visitInsn(Opcode.I64_NE);
            } else {
                c.visitI32Const(-1);
                c.visitInsn(Opcode.I32_NE);
            }
            c.visitInsn(Opcode.I32_AND);
            c.visitIndexInsn(Opcode.GLOBAL_GET, known);
            c.visitIndexInsn(Opcode.LOCAL_GET, 1);
            c.visitInsn(plan.mem64[m] ? Opcode.I64_NE : Opcode.I32_NE);
            c.visitInsn(Opcode.I32_AND);
            c.visitBlock(Opcode.IF, BlockType.EMPTY);
            reportSize(c, m);
            c.visitInsn(Opcode.END);
            c.visitIndexInsn(Opcode.LOCAL_GET, 1);
            c.visitIndexInsn(Opcode.GLOBAL_SET, known);
        });
    }

    /** {@code () -> pages}: replaces {@code memory.size}. */
    private int size(int m) {
        return function(List.of(), List.of(addr(m)), c -> {
            c.visitBodyStart();
            callSync(c, m, true);
            c.visitIndexInsn(Opcode.MEMORY_SIZE, m);
        });
    }

    /** {@code (delta) -> old pages}: replaces {@code memory.grow}; the shadow grows along. */
    private int grow(int m) {
        return function(List.of(addr(m)), List.of(addr(m)), c -> {
            c.visitBodyStart();
            callSync(c, m, true);
            c.visitIndexInsn(Opcode.LOCAL_GET, 0);
            c.visitIndexInsn(Opcode.MEMORY_GROW, m);
            callSync(c, m, false);
        });
    }

    /** {@code (dest, value i32, length)}: replaces {@code memory.fill}, filling the shadow too. */
    private int fill(int m) {
        return function(List.of(addr(m), ValType.I32, addr(m)), List.of(), c -> {
            c.visitBodyStart();
            for (int mem : new int[] {m, plan.shadow(m)}) {
                for (int i = 0; i < 3; i++) {
                    c.visitIndexInsn(Opcode.LOCAL_GET, i);
                }
                c.visitIndexInsn(Opcode.MEMORY_FILL, mem);
            }
        });
    }

    /**
     * {@code (dest, src, length)}: replaces {@code memory.copy}. Full mode reports the source
     * range (when in bounds: an out-of-bounds copy traps without reading); shadow mode first
     * reports and repairs the source bytes that differ from the shadow, then copies in both.
     */
    private int copy(int d, int s) {
        boolean wide = plan.mem64[d] && plan.mem64[s];
        ValType len = wide ? ValType.I64 : ValType.I32;
        return function(List.of(addr(d), addr(s), len), List.of(), c -> {
            c.visitBodyStart();
            if (plan.full) {
                c.visitIndexInsn(Opcode.LOCAL_GET, 1);
                Emit.toI64(c, plan.mem64[s]);
                c.visitIndexInsn(Opcode.LOCAL_GET, 2);
                Emit.toI64(c, wide);
                c.visitInsn(Opcode.I64_ADD);
                Emit.memoryBytes(c, s, plan.mem64[s], plan.pageSizeLog2[s]);
                c.visitInsn(Opcode.I64_LE_U);
                c.visitBlock(Opcode.IF, BlockType.EMPTY);
                c.visitI32Const(s);
                c.visitIndexInsn(Opcode.LOCAL_GET, 1);
                Emit.toI64(c, plan.mem64[s]);
                c.visitIndexInsn(Opcode.LOCAL_GET, 2);
                Emit.toI64(c, wide);
                call(c, RecordingHook.READ_RANGE);
                c.visitInsn(Opcode.END);
            } else {
                c.visitIndexInsn(Opcode.LOCAL_GET, 1);
                Emit.toI64(c, plan.mem64[s]);
                c.visitIndexInsn(Opcode.LOCAL_GET, 2);
                Emit.toI64(c, wide);
                c.visitIndexInsn(Opcode.CALL, plan.diffRange[s]);
            }
            copyOnce(c, d, s);
            if (!plan.full) {
                copyOnce(c, plan.shadow(d), plan.shadow(s));
            }
        });
    }

    private static void copyOnce(CodeVisitor c, int d, int s) {
        for (int i = 0; i < 3; i++) {
            c.visitIndexInsn(Opcode.LOCAL_GET, i);
        }
        c.visitIndexPairInsn(Opcode.MEMORY_COPY, d, s);
    }

    /**
     * {@code (addr i64, length i64)}: compares a range with the shadow, eight bytes at a time
     * then byte by byte, reporting and repairing each differing piece. Does nothing when the
     * range is out of bounds (the operation that follows traps).
     */
    private int diffRange(int m) {
        final int addr = 0;
        final int length = 1;
        final int p = 2;
        final int end = 3;
        return function(List.of(ValType.I64, ValType.I64), List.of(), c -> {
            c.visitLocals(2, ValType.I64);
            c.visitBodyStart();
            c.visitIndexInsn(Opcode.LOCAL_GET, addr);
            c.visitIndexInsn(Opcode.LOCAL_GET, length);
            c.visitInsn(Opcode.I64_ADD);
            c.visitIndexInsn(Opcode.LOCAL_TEE, end);
            c.visitIndexInsn(Opcode.LOCAL_GET, addr);
            c.visitInsn(Opcode.I64_LT_U);
            c.visitIndexInsn(Opcode.LOCAL_GET, end);
            Emit.memoryBytes(c, m, plan.mem64[m], plan.pageSizeLog2[m]);
            c.visitInsn(Opcode.I64_GT_U);
            c.visitInsn(Opcode.I32_OR);
            c.visitBlock(Opcode.IF, BlockType.EMPTY);
            c.visitInsn(Opcode.RETURN);
            c.visitInsn(Opcode.END);
            c.visitIndexInsn(Opcode.LOCAL_GET, addr);
            c.visitIndexInsn(Opcode.LOCAL_SET, p);
            diffLoop(c, m, p, end, 8);
            diffLoop(c, m, p, end, 1);
        });
    }

    private void diffLoop(CodeVisitor c, int m, int p, int end, int step) {
        ValType raw = Emit.rawType(step);
        c.visitBlock(Opcode.BLOCK, BlockType.EMPTY);
        c.visitBlock(Opcode.LOOP, BlockType.EMPTY);
        // leave when fewer than `step` bytes remain
        c.visitIndexInsn(Opcode.LOCAL_GET, end);
        c.visitIndexInsn(Opcode.LOCAL_GET, p);
        c.visitInsn(Opcode.I64_SUB);
        c.visitI64Const(step);
        c.visitInsn(Opcode.I64_LT_U);
        c.visitIndexInsn(Opcode.BR_IF, 1);
        address(c, p, m);
        c.visitMemoryInsn(Emit.rawLoad(step), m, 0, 0);
        address(c, p, m);
        c.visitMemoryInsn(Emit.rawLoad(step), plan.shadow(m), 0, 0);
        Emit.notEqual(c, raw);
        c.visitBlock(Opcode.IF, BlockType.EMPTY);
        c.visitI32Const(m);
        c.visitIndexInsn(Opcode.LOCAL_GET, p);
        address(c, p, m);
        c.visitMemoryInsn(Emit.rawLoad(step), m, 0, 0);
        call(c, RecordingHook.readHook(step));
        address(c, p, m);
        address(c, p, m);
        c.visitMemoryInsn(Emit.rawLoad(step), m, 0, 0);
        c.visitMemoryInsn(Emit.rawStore(step), plan.shadow(m), 0, 0);
        c.visitInsn(Opcode.END);
        c.visitIndexInsn(Opcode.LOCAL_GET, p);
        c.visitI64Const(step);
        c.visitInsn(Opcode.I64_ADD);
        c.visitIndexInsn(Opcode.LOCAL_SET, p);
        c.visitIndexInsn(Opcode.BR, 0);
        c.visitInsn(Opcode.END);
        c.visitInsn(Opcode.END);
    }
}
