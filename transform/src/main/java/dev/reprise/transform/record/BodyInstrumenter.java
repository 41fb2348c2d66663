package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;

/**
 * Instruments one original function body (see {@link RecordingInstrumentation} for the full
 * list). Appends the temporaries the {@link BodyScanner} found it needs after the body's own
 * locals: four i32, four i64, one f32, one f64, one v128, each kind only when used; integer ones
 * are used by role (0 address, 1 and 2 operands, 3 result).
 */
final class BodyInstrumenter extends CodeVisitor {
    private static final int ADDR = 0;
    private static final int OPERAND = 1;
    private static final int OPERAND2 = 2;
    private static final int RESULT = 3;

    private final RecordingPlan plan;
    private final Runnable onImportReference;
    private final int temps;
    private final int[] offsets = {-1, -1, -1, -1, -1};
    private int base;

    BodyInstrumenter(RecordingPlan plan, int function, int temps, CodeVisitor next, Runnable onImportReference) {
        super(next);
        this.temps = temps;
        this.plan = plan;
        this.onImportReference = onImportReference;
        this.base = plan.summary.functionType(function).params().size();
    }

    @Override
    public void visitLocals(int count, ValType type) {
        base += count;
        super.visitLocals(count, type);
    }

    @Override
    public void visitBodyStart() {
        int index = base;
        int[] counts = {4, 4, 1, 1, 1};
        ValType[] types = {ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.V128};
        for (int i = 0; i < types.length; i++) {
            if ((temps & (1 << i)) != 0) {
                offsets[i] = index;
                index += counts[i];
                next.visitLocals(counts[i], types[i]);
            }
        }
        super.visitBodyStart();
    }

    private int temp(int role, ValType t) {
        int bit = Integer.numberOfTrailingZeros(BodyScanner.bit(t));
        int offset = offsets[bit];
        if (offset < 0) {
            throw new IllegalStateException("the body scan missed a " + t + " temporary");
        }
        return offset + (bit < 2 ? role : 0);
    }

    private ValType addr(int m) {
        return plan.mem64[m] ? ValType.I64 : ValType.I32;
    }

    private void local(Opcode op, int index) {
        next.visitIndexInsn(op, index);
    }

    private void call(int function) {
        next.visitIndexInsn(Opcode.CALL, function);
    }

    /** Pushes the effective address (i64) of an access through local {@code a} with {@code offset}. */
    private void effectiveAddress(int a, int m, long offset) {
        local(Opcode.LOCAL_GET, a);
        Emit.toI64(next, plan.mem64[m]);
        if (offset != 0) {
            next.visitI64Const(offset);
            next.visitInsn(Opcode.I64_ADD);
        }
    }

    /**
     * After a load through local {@code a}: full mode calls the check helper; shadow mode first
     * compares memory and shadow inline (no call on the common path, where they agree) and calls
     * the helper, which reports and repairs, only when they differ.
     */
    private void check(int a, int memory, long offset, int bytes) {
        int helper = plan.loadCheck[memory][Emit.widthIndex(bytes)];
        if (!plan.full) {
            for (int mem : new int[] {memory, plan.shadow(memory)}) {
                local(Opcode.LOCAL_GET, a);
                next.visitMemoryInsn(Emit.rawLoad(bytes), mem, 0, offset);
            }
            Emit.notEqual(next, Emit.rawType(bytes));
            next.visitBlock(Opcode.IF, dev.reprise.wasm.BlockType.EMPTY);
        }
        effectiveAddress(a, memory, offset);
        call(helper);
        if (!plan.full) {
            next.visitInsn(Opcode.END);
        }
    }

    @Override
    public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
        int w = Emit.widthIndex(op.accessBytes());
        switch (op.access()) {
            case LOAD:
                int a = temp(ADDR, addr(memory));
                local(Opcode.LOCAL_TEE, a);
                next.visitMemoryInsn(op, memory, alignLog2, offset);
                check(a, memory, offset, op.accessBytes());
                return;
            case STORE:
                if (plan.full) {
                    break;
                }
                int x = temp(OPERAND, ValType.ofNumeric(op.valueType()));
                a = temp(ADDR, addr(memory));
                local(Opcode.LOCAL_SET, x);
                local(Opcode.LOCAL_TEE, a);
                local(Opcode.LOCAL_GET, x);
                next.visitMemoryInsn(op, memory, alignLog2, offset);
                local(Opcode.LOCAL_GET, a);
                local(Opcode.LOCAL_GET, x);
                next.visitMemoryInsn(op, plan.shadow(memory), alignLog2, offset);
                return;
            case RMW:
                rmw(op, memory, alignLog2, offset, temp(ADDR, addr(memory)), w);
                return;
            default:
                break;
        }
        super.visitMemoryInsn(op, memory, alignLog2, offset);
    }

    private void rmw(Opcode op, int memory, int alignLog2, long offset, int a, int w) {
        ValType vt = ValType.ofNumeric(op.valueType());
        boolean cmpxchg = op.text().endsWith("cmpxchg") || op.text().endsWith("cmpxchg_u");
        int x = temp(OPERAND, vt);
        int y = temp(OPERAND2, vt);
        int r = temp(RESULT, vt);
        if (cmpxchg) {
            local(Opcode.LOCAL_SET, y);
        }
        local(Opcode.LOCAL_SET, x);
        local(Opcode.LOCAL_TEE, a);
        local(Opcode.LOCAL_GET, x);
        if (cmpxchg) {
            local(Opcode.LOCAL_GET, y);
        }
        next.visitMemoryInsn(op, memory, alignLog2, offset);
        local(Opcode.LOCAL_TEE, r);
        effectiveAddress(a, memory, offset);
        local(Opcode.LOCAL_GET, r);
        if (vt.code() == ValType.I64_CODE && op.accessBytes() < 8) {
            next.visitInsn(Opcode.I32_WRAP_I64);
        }
        // stack: result, ea, old raw value -> the helper leaves the result in place
        call(plan.rmwCheck[memory][w]);
    }

    @Override
    public void visitMemoryLaneInsn(Opcode op, int memory, int alignLog2, long offset, int lane) {
        boolean load = op.access() == Opcode.Access.LOAD;
        int a = load || !plan.full ? temp(ADDR, addr(memory)) : -1;
        int v = load || !plan.full ? temp(0, ValType.V128) : -1;
        if (load) {
            local(Opcode.LOCAL_SET, v);
            local(Opcode.LOCAL_TEE, a);
            local(Opcode.LOCAL_GET, v);
            next.visitMemoryLaneInsn(op, memory, alignLog2, offset, lane);
            check(a, memory, offset, op.accessBytes());
        } else if (op.access() == Opcode.Access.STORE && !plan.full) {
            local(Opcode.LOCAL_SET, v);
            local(Opcode.LOCAL_TEE, a);
            local(Opcode.LOCAL_GET, v);
            next.visitMemoryLaneInsn(op, memory, alignLog2, offset, lane);
            local(Opcode.LOCAL_GET, a);
            local(Opcode.LOCAL_GET, v);
            next.visitMemoryLaneInsn(op, plan.shadow(memory), alignLog2, offset, lane);
        } else {
            super.visitMemoryLaneInsn(op, memory, alignLog2, offset, lane);
        }
    }

    @Override
    public void visitIndexInsn(Opcode op, int index) {
        switch (op) {
            case CALL:
            case RETURN_CALL:
                super.visitIndexInsn(op, plan.callTarget(index));
                return;
            case REF_FUNC:
                if (index < plan.originalImports) {
                    onImportReference.run();
                }
                super.visitIndexInsn(op, plan.callTarget(index));
                return;
            case GLOBAL_GET:
                super.visitIndexInsn(op, index);
                if (plan.globalRead[index] >= 0) {
                    call(plan.globalRead[index]);
                }
                return;
            case GLOBAL_SET:
                super.visitIndexInsn(op, index);
                if (plan.shadowGlobal[index] >= 0) {
                    local(Opcode.GLOBAL_GET, index);
                    local(Opcode.GLOBAL_SET, plan.shadowGlobal[index]);
                }
                return;
            case MEMORY_SIZE:
                call(plan.memorySize[index]);
                return;
            case MEMORY_GROW:
                call(plan.memoryGrow[index]);
                return;
            case MEMORY_FILL:
                if (plan.memoryFill[index] >= 0) {
                    call(plan.memoryFill[index]);
                    return;
                }
                break;
            case TABLE_GET:
                if (plan.tableGet[index] >= 0) {
                    call(plan.tableGet[index]);
                    return;
                }
                break;
            case TABLE_SIZE:
                if (plan.tableSize[index] >= 0) {
                    call(plan.tableSize[index]);
                    return;
                }
                break;
            default:
                break;
        }
        super.visitIndexInsn(op, index);
    }

    @Override
    public void visitIndexPairInsn(Opcode op, int first, int second) {
        switch (op) {
            case CALL_INDIRECT:
            case RETURN_CALL_INDIRECT:
                if (plan.callIndirect[second] >= 0) {
                    next.visitI32Const(first); // the call's type: a recorder types a host function the call reaches by it
                    call(plan.callIndirect[second]);
                }
                break;
            case MEMORY_COPY:
                call(plan.memoryCopy[first][second]);
                return;
            case MEMORY_INIT:
                if (!plan.full) {
                    memoryInit(first, second);
                    return;
                }
                break;
            default:
                break;
        }
        super.visitIndexPairInsn(op, first, second);
    }

    /** Shadow mode: initialises the shadow from the same data segment right after the memory. */
    private void memoryInit(int data, int memory) {
        int a = temp(ADDR, addr(memory));
        int s = temp(OPERAND, ValType.I32);
        int n = temp(OPERAND2, ValType.I32);
        local(Opcode.LOCAL_SET, n);
        local(Opcode.LOCAL_SET, s);
        local(Opcode.LOCAL_SET, a);
        for (int mem : new int[] {memory, plan.shadow(memory)}) {
            local(Opcode.LOCAL_GET, a);
            local(Opcode.LOCAL_GET, s);
            local(Opcode.LOCAL_GET, n);
            next.visitIndexPairInsn(Opcode.MEMORY_INIT, data, mem);
        }
    }
}
