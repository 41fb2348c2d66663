package dev.reprise.replay.internal;

import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.record.trace.Value;
import dev.reprise.replay.ReplayException;
import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.Catch;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.HeapType;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Writes the instructions of a replay: constants of every type (floats through their raw bits),
 * self-checks that trap with {@code unreachable} when a value differs bit for bit, host effects
 * (memory and table growth, stores, table and global sets) and export calls. Indices are those
 * of the merged module: functions through {@code functionMap}, everything else unchanged.
 */
public final class Emitter {
    private final ModuleSummary summary;
    private final IntUnaryOperator functionMap;
    private final PassiveData passive;
    private final int refSegment;
    private final Map<Integer, Integer> refPositions;
    /** Two-module replays: where the target's functions are reached (a shared funcref table), else null. */
    private FunctionSlots slots;
    /** The replay's end mark ({@code reprise.replay.end}), or -1 when it has none. */
    private int endGlobal = -1;
    private int unwindTag = -1;

    /**
     * {@code passive}: the bytes of the stores replayed with {@code memory.init} (placed in the module);
     * {@code refSegment}: the passive element segment holding, at {@code refPositions}, the
     * (output) functions the replay puts into tables.
     */
    public Emitter(ModuleSummary summary, IntUnaryOperator functionMap, PassiveData passive,
            int refSegment, Map<Integer, Integer> refPositions) {
        this.summary = summary;
        this.functionMap = functionMap;
        this.passive = passive;
        this.refSegment = refSegment;
        this.refPositions = refPositions;
    }

    /**
     * Reaches the target's functions through {@code slots} (a replay module kept apart from the
     * target): export calls become {@code call_indirect}, function references {@code table.get},
     * host table sets {@code table.copy} from the slot table.
     */
    public Emitter withSlots(FunctionSlots slots) {
        this.slots = slots;
        return this;
    }

    /**
     * The global of the replay's end mark: {@link #fail} clears it before trapping, so that a failed
     * check is never taken for the recorded end (a trap of the target's while the mark is set).
     */
    public Emitter withEndGlobal(int endGlobal) {
        this.endGlobal = endGlobal;
        return this;
    }

    /** The tag the replay throws where the host threw through guest frames, and catches where the host caught it. */
    public Emitter withUnwindTag(int unwindTag) {
        this.unwindTag = unwindTag;
        return this;
    }

    /** Throws the unwinding tag: the recorded host threw here. */
    public void throwUnwinding(CodeVisitor cv) {
        cv.visitIndexInsn(Opcode.THROW, unwindTag);
    }

    /** Traps as a departure from the recording: clears the end mark, then {@code unreachable}. */
    public void fail(CodeVisitor cv) {
        if (endGlobal >= 0) {
            cv.visitI32Const(0);
            cv.visitIndexInsn(Opcode.GLOBAL_SET, endGlobal);
        }
        cv.visitInsn(Opcode.UNREACHABLE);
    }

    /** Pushes {@code v} as a value of type {@code type}; a null {@code v} pushes the type's zero. */
    public void push(CodeVisitor cv, Value v, ValType type) {
        if (v != null && v.type() != dev.reprise.replay.ModuleSignatures.traceType(type)) {
            throw new ReplayException("the trace has a " + v.type() + " value where the module has a " + type);
        }
        if (type.equals(ValType.I32)) {
            cv.visitI32Const(v == null ? 0 : (int) v.lo());
        } else if (type.equals(ValType.I64)) {
            cv.visitI64Const(v == null ? 0 : v.lo());
        } else if (type.equals(ValType.F32)) {
            cv.visitI32Const(v == null ? 0 : (int) v.lo());
            cv.visitInsn(Opcode.F32_REINTERPRET_I32);
        } else if (type.equals(ValType.F64)) {
            cv.visitI64Const(v == null ? 0 : v.lo());
            cv.visitInsn(Opcode.F64_REINTERPRET_I64);
        } else if (type.equals(ValType.V128)) {
            cv.visitV128Insn(Opcode.V128_CONST, v == null ? 0 : v.lo(), v == null ? 0 : v.hi());
        } else if (type.isReference()) {
            if (v != null && !v.isNull() && v.type() == dev.reprise.record.trace.ValType.FUNCREF && slots != null) {
                cv.visitI32Const(slots.slot((int) v.lo()));
                cv.visitIndexInsn(Opcode.TABLE_GET, slots.table());
            } else if (v != null && !v.isNull() && v.type() == dev.reprise.record.trace.ValType.FUNCREF) {
                cv.visitIndexInsn(Opcode.REF_FUNC, functionMap.applyAsInt((int) v.lo()));
            } else {
                // externrefs are host objects: replay passes null (documented)
                cv.visitHeapTypeInsn(Opcode.REF_NULL, type.heapType() >= 0 ? type.heapType()
                        : type.heapType() == HeapType.FUNC || type.heapType() == HeapType.NOFUNC ? HeapType.FUNC
                        : type.heapType() == HeapType.EXTERN || type.heapType() == HeapType.NOEXTERN ? HeapType.EXTERN
                        : type.heapType());
            }
        } else {
            throw new ReplayException("cannot replay a value of type " + type);
        }
    }

    /** Consumes the value on top of the stack (of type {@code type}) and traps unless it equals {@code expected} bitwise. */
    public void check(CodeVisitor cv, Value expected, ValType type) {
        if (expected.type() != dev.reprise.replay.ModuleSignatures.traceType(type)) {
            throw new ReplayException("the trace has a " + expected.type() + " value where the module has a " + type);
        }
        if (type.equals(ValType.I32)) {
            cv.visitI32Const((int) expected.lo());
            cv.visitInsn(Opcode.I32_NE);
        } else if (type.equals(ValType.I64)) {
            cv.visitI64Const(expected.lo());
            cv.visitInsn(Opcode.I64_NE);
        } else if (type.equals(ValType.F32)) {
            cv.visitInsn(Opcode.I32_REINTERPRET_F32);
            cv.visitI32Const((int) expected.lo());
            cv.visitInsn(Opcode.I32_NE);
        } else if (type.equals(ValType.F64)) {
            cv.visitInsn(Opcode.I64_REINTERPRET_F64);
            cv.visitI64Const(expected.lo());
            cv.visitInsn(Opcode.I64_NE);
        } else if (type.equals(ValType.V128)) {
            cv.visitV128Insn(Opcode.V128_CONST, expected.lo(), expected.hi());
            cv.visitInsn(Opcode.I8X16_EQ);
            cv.visitInsn(Opcode.I8X16_ALL_TRUE);
            cv.visitInsn(Opcode.I32_EQZ);
        } else if (type.isReference() && expected.isNull()) {
            cv.visitInsn(Opcode.REF_IS_NULL);
            cv.visitInsn(Opcode.I32_EQZ);
        } else {
            // a non-null reference cannot be compared with a constant in every engine: not checked
            cv.visitInsn(Opcode.DROP);
            return;
        }
        trapIfTrue(cv);
    }

    private void trapIfTrue(CodeVisitor cv) {
        cv.visitBlock(Opcode.IF, BlockType.EMPTY);
        fail(cv);
        cv.visitInsn(Opcode.END);
    }

    private Map<List<Effect>, Integer> shared = Map.of();

    /** Bundles replayed by calling a shared function (identical bundles appear more than once). */
    public void shareBundles(Map<List<Effect>, Integer> functions) {
        this.shared = functions;
    }

    /** Applies host effects in order, through the shared function of an identical bundle when there is one. */
    public void effects(CodeVisitor cv, List<Effect> effects) {
        Integer f = effects.isEmpty() ? null : shared.get(effects);
        if (f != null) {
            cv.visitIndexInsn(Opcode.CALL, f);
            return;
        }
        inline(cv, effects);
    }

    /** Applies host effects in order, inline. */
    public void inline(CodeVisitor cv, List<Effect> effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Store s) {
                store(cv, s);
            } else if (e instanceof Effect.MemoryGrow g) {
                boolean is64 = is64(g.memory());
                address(cv, is64, g.pages());
                cv.visitIndexInsn(Opcode.MEMORY_SIZE, g.memory());
                cv.visitInsn(is64 ? Opcode.I64_SUB : Opcode.I32_SUB);
                cv.visitIndexInsn(Opcode.MEMORY_GROW, g.memory());
                cv.visitInsn(Opcode.DROP);
            } else if (e instanceof Effect.TableGrow g) {
                ValType elem = table(g.table()).elementType();
                boolean is64 = table(g.table()).limits().is64();
                push(cv, null, elem);
                address(cv, is64, g.size());
                cv.visitIndexInsn(Opcode.TABLE_SIZE, g.table());
                cv.visitInsn(is64 ? Opcode.I64_SUB : Opcode.I32_SUB);
                cv.visitIndexInsn(Opcode.TABLE_GROW, g.table());
                cv.visitInsn(Opcode.DROP);
            } else if (e instanceof Effect.TableSet s) {
                tableSet(cv, s);
            } else {
                Effect.GlobalSet g = (Effect.GlobalSet) e;
                GlobalType t = global(g.global());
                if (t.mutable()) {
                    push(cv, g.value(), t.type());
                    cv.visitIndexInsn(Opcode.GLOBAL_SET, g.global());
                }
                // an immutable global only changes at instantiation: its initialiser carries the value
            }
        }
    }

    /**
     * One host table set, guarded when its index lies beyond the table's initial size: a
     * {@code --full} (or JavaScript) trace reports every read of an exported table's entries, so
     * an entry the module put there itself, in a slot it grew itself (wasm-bindgen's externref
     * heap: {@code table.grow} then {@code table.set} of an export's argument), looks like a host
     * set and is placed at the control point before the read, where the table may not reach it
     * yet. The host cannot have set an entry past the table's end, so a set that does not fit at
     * its point is the module's own and is skipped (host growth, when there was some, comes first
     * in its bundle); the module then sets the entry itself.
     */
    private void tableSet(CodeVisitor cv, Effect.TableSet s) {
        dev.reprise.wasm.TableType t = table(s.table());
        boolean is64 = t.limits().is64();
        boolean guarded = Long.compareUnsigned(s.index(), t.limits().min()) >= 0;
        if (guarded) {
            address(cv, is64, s.index());
            cv.visitIndexInsn(Opcode.TABLE_SIZE, s.table());
            cv.visitInsn(is64 ? Opcode.I64_LT_U : Opcode.I32_LT_U);
            cv.visitBlock(Opcode.IF, BlockType.EMPTY);
        }
        unguardedTableSet(cv, s);
        if (guarded) {
            cv.visitInsn(Opcode.END);
        }
    }

    private void unguardedTableSet(CodeVisitor cv, Effect.TableSet s) {
        address(cv, table(s.table()).limits().is64(), s.index());
        if (slots != null && !s.value().isNull() && s.value().type() == dev.reprise.record.trace.ValType.FUNCREF) {
            // copy the target's function from the slot table: the replay module cannot ref.func it
            cv.visitI32Const(slots.slot((int) s.value().lo()));
            cv.visitI32Const(1);
            cv.visitIndexPairInsn(Opcode.TABLE_COPY, s.table(), slots.table());
            return;
        }
        Integer at = s.value().isNull() || s.value().type() != dev.reprise.record.trace.ValType.FUNCREF ? null
                : refPositions.get(functionMap.applyAsInt((int) s.value().lo()));
        if (at != null) {
            // table.init rather than ref.func + table.set: no typed-reference subtyping needed
            cv.visitI32Const(at);
            cv.visitI32Const(1);
            cv.visitIndexPairInsn(Opcode.TABLE_INIT, refSegment, s.table());
        } else {
            push(cv, s.value(), table(s.table()).elementType());
            cv.visitIndexInsn(Opcode.TABLE_SET, s.table());
        }
    }

    private dev.reprise.wasm.TableType table(int t) {
        if (t < 0 || t >= summary.tables().size()) {
            throw new ReplayException("the trace changes table " + t + ", which the module does not have");
        }
        return summary.tables().get(t);
    }

    private GlobalType global(int g) {
        if (g < 0 || g >= summary.globals().size()) {
            throw new ReplayException("the trace changes global " + g + ", which the module does not have");
        }
        return summary.globals().get(g);
    }

    private boolean is64(int memory) {
        if (memory < 0 || memory >= summary.memories().size()) {
            throw new ReplayException("the trace touches memory " + memory + ", which the module does not have");
        }
        return summary.memories().get(memory).limits().is64();
    }

    private static void address(CodeVisitor cv, boolean is64, long a) {
        if (is64) {
            cv.visitI64Const(a);
        } else {
            cv.visitI32Const((int) a);
        }
    }

    /**
     * One run, guarded when it lies beyond the memory's initial size: a {@code --full} trace
     * reports reads of bytes the module wrote itself into memory it grew itself, which the reducer
     * cannot tell from host writes and places at an earlier control point, where the memory may
     * not reach them yet. The host cannot have written past the end of the memory, so a store that
     * does not fit at its point is the module's own and is skipped (host growth, when there was
     * some, comes first in its bundle).
     */
    private void store(CodeVisitor cv, Effect.Store s) {
        dev.reprise.wasm.Limits limits = summary.memories().get(s.memory()).limits();
        int log2 = limits.pageSizeLog2() >= 0 ? limits.pageSizeLog2() : 16;
        long end = s.address() + s.bytes().length;
        if (end <= limits.min() << log2) {
            unguardedStore(cv, s);
            return;
        }
        boolean is64 = is64(s.memory());
        cv.visitIndexInsn(Opcode.MEMORY_SIZE, s.memory());
        address(cv, is64, (end + (1L << log2) - 1) >>> log2);
        cv.visitInsn(is64 ? Opcode.I64_GE_U : Opcode.I32_GE_U);
        cv.visitBlock(Opcode.IF, dev.reprise.wasm.BlockType.EMPTY);
        unguardedStore(cv, s);
        cv.visitInsn(Opcode.END);
    }

    /** One run: {@code memory.init} from its slice of a passive segment, or the widest aligned stores. */
    private void unguardedStore(CodeVisitor cv, Effect.Store s) {
        boolean is64 = is64(s.memory());
        byte[] b = s.bytes();
        PassiveData.Slice slice = passive.slice(b);
        if (slice != null) {
            address(cv, is64, s.address());
            cv.visitI32Const(slice.offset());
            cv.visitI32Const(b.length);
            cv.visitIndexPairInsn(Opcode.MEMORY_INIT, passive.index(slice.segment()), s.memory());
            return;
        }
        int i = 0;
        while (i < b.length) {
            long a = s.address() + i;
            int left = b.length - i;
            int w = a % 8 == 0 && left >= 8 ? 8 : a % 4 == 0 && left >= 4 ? 4 : a % 2 == 0 && left >= 2 ? 2 : 1;
            long v = 0;
            for (int k = w - 1; k >= 0; k--) {
                v = (v << 8) | (b[i + k] & 0xff);
            }
            address(cv, is64, a);
            switch (w) {
                case 8 -> {
                    cv.visitI64Const(v);
                    cv.visitMemoryInsn(Opcode.I64_STORE, s.memory(), 3, 0);
                }
                case 4 -> {
                    cv.visitI32Const((int) v);
                    cv.visitMemoryInsn(Opcode.I32_STORE, s.memory(), 2, 0);
                }
                case 2 -> {
                    cv.visitI32Const((int) v);
                    cv.visitMemoryInsn(Opcode.I32_STORE16, s.memory(), 1, 0);
                }
                default -> {
                    cv.visitI32Const((int) v);
                    cv.visitMemoryInsn(Opcode.I32_STORE8, s.memory(), 0, 0);
                }
            }
            i += w;
        }
    }

    /** Applies the effects before an export call, makes it with its recorded arguments and checks its results. */
    public void invoke(CodeVisitor cv, ExportInvoke inv) {
        invoke(cv, inv, false);
    }

    /**
     * Makes the export call {@code inv}. One that the recording shows unwound must not return:
     * with {@code catches} the exception is caught here (the host that called it caught it) and
     * the code after the call goes on, else it passes on to an outer catch.
     */
    public void invoke(CodeVisitor cv, ExportInvoke inv, boolean catches) {
        effects(cv, inv.before());
        // an export of an imported function (wasm-bindgen's __wbindgen_start, say) calls that import's replay
        if (inv.funcIndex() >= summary.functionCount() || inv.funcIndex() < summary.importedFunctions() && slots != null) {
            throw new ReplayException("the trace calls export " + inv.funcIndex() + " (" + inv.name()
                    + "), which is not a function of the module" + (slots != null ? " defined in it (two-module replays"
                    + " cannot call a re-exported import)" : ""));
        }
        FuncType type = summary.functionType(inv.funcIndex());
        if (inv.args().size() != type.params().size()) {
            throw new ReplayException("export " + inv.name() + " (function " + inv.funcIndex() + ") takes "
                    + type.params().size() + " arguments, the trace passes " + inv.args().size());
        }
        if (inv.unwound() && catches) {
            cv.visitBlock(Opcode.BLOCK, BlockType.EMPTY);
            cv.visitTryTable(BlockType.EMPTY, new Catch[] {new Catch(Catch.CATCH, unwindTag, 0)});
        }
        for (int i = 0; i < inv.args().size(); i++) {
            push(cv, inv.args().get(i), type.params().get(i));
        }
        if (slots != null) {
            cv.visitI32Const(slots.slot(inv.funcIndex()));
            cv.visitIndexPairInsn(Opcode.CALL_INDIRECT, summary.functionTypeIndex(inv.funcIndex()), slots.table());
        } else {
            cv.visitIndexInsn(Opcode.CALL, functionMap.applyAsInt(inv.funcIndex()));
        }
        if (inv.unwound()) {
            fail(cv); // it returned, but the recorded host threw through it
            if (catches) {
                cv.visitInsn(Opcode.END);
                cv.visitInsn(Opcode.END);
            }
            return;
        }
        List<ValType> results = type.results();
        boolean checked = inv.returned() && inv.expected().size() == results.size();
        for (int i = results.size() - 1; i >= 0; i--) {
            if (checked) {
                check(cv, inv.expected().get(i), results.get(i));
            } else {
                cv.visitInsn(Opcode.DROP);
            }
        }
    }
}
