package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;
import java.util.HashMap;
import java.util.Map;

/**
 * A pass-through visitor that notes, while the hook imports are being added, whether the module
 * uses v128 (so vector code is only emitted where the SIMD feature is already needed) and which
 * temporaries each body's instrumentation will need, so that a function gets only those (and
 * most functions none).
 */
final class BodyScanner extends ModuleVisitor {
    static final int I32 = 1;
    static final int I64 = 2;
    static final int F32 = 4;
    static final int F64 = 8;
    static final int V128 = 16;

    private final boolean[] mem64;
    private final boolean full;
    private final Map<Integer, Integer> temps = new HashMap<>();
    private boolean simd;

    BodyScanner(ModuleVisitor next, boolean[] mem64, boolean full) {
        super(next);
        this.mem64 = mem64;
        this.full = full;
    }

    boolean usesSimd() {
        return simd;
    }

    /** The temporaries function {@code function} (index after the hook imports) needs, as a mask. */
    int temps(int function) {
        return temps.getOrDefault(function, 0);
    }

    static int bit(ValType t) {
        switch (t.code()) {
            case ValType.I32_CODE: return I32;
            case ValType.I64_CODE: return I64;
            case ValType.F32_CODE: return F32;
            case ValType.F64_CODE: return F64;
            default: return V128;
        }
    }

    @Override
    public void visitGlobal(GlobalType type, ConstExpr init) {
        simd |= type.type().code() == ValType.V128_CODE;
        super.visitGlobal(type, init);
    }

    @Override
    public CodeVisitor visitCode(int functionIndex) {
        return new CodeVisitor(super.visitCode(functionIndex)) {
            private int mask;

            private void check(Opcode op) {
                if (op.prefix() == Opcode.PREFIX_SIMD) {
                    simd = true;
                }
            }

            private int addr(int memory) {
                return memory < mem64.length && mem64[memory] ? I64 : I32;
            }

            @Override
            public void visitLocals(int count, ValType type) {
                simd |= type.code() == ValType.V128_CODE;
                super.visitLocals(count, type);
            }

            @Override
            public void visitInsn(Opcode op) {
                check(op);
                super.visitInsn(op);
            }

            @Override
            public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
                check(op);
                switch (op.access()) {
                    case LOAD:
                        mask |= addr(memory);
                        break;
                    case STORE:
                        if (!full) {
                            mask |= addr(memory) | bit(ValType.ofNumeric(op.valueType()));
                        }
                        break;
                    case RMW:
                        mask |= addr(memory) | bit(ValType.ofNumeric(op.valueType()));
                        break;
                    default:
                        break;
                }
                super.visitMemoryInsn(op, memory, alignLog2, offset);
            }

            @Override
            public void visitMemoryLaneInsn(Opcode op, int memory, int alignLog2, long offset, int lane) {
                simd = true;
                if (op.access() == Opcode.Access.LOAD || !full) {
                    mask |= addr(memory) | V128;
                }
                super.visitMemoryLaneInsn(op, memory, alignLog2, offset, lane);
            }

            @Override
            public void visitIndexPairInsn(Opcode op, int first, int second) {
                if (op == Opcode.MEMORY_INIT && !full) {
                    mask |= addr(second) | I32;
                }
                super.visitIndexPairInsn(op, first, second);
            }

            @Override
            public void visitLaneInsn(Opcode op, int lane) {
                simd = true;
                super.visitLaneInsn(op, lane);
            }

            @Override
            public void visitV128Insn(Opcode op, long low, long high) {
                simd = true;
                super.visitV128Insn(op, low, high);
            }

            @Override
            public void visitEnd() {
                if (mask != 0) {
                    temps.put(functionIndex, mask);
                }
                super.visitEnd();
            }
        };
    }
}
