package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;

/**
 * A pass-through visitor that notes whether a module uses v128 (SIMD instructions, v128
 * locals or globals), so that the instrumentation only emits vector code where the module
 * already needs the SIMD feature.
 */
final class SimdDetector extends ModuleVisitor {
    private boolean simd;

    SimdDetector(ModuleVisitor next) {
        super(next);
    }

    boolean usesSimd() {
        return simd;
    }

    private void check(Opcode op) {
        if (op.prefix() == Opcode.PREFIX_SIMD) {
            simd = true;
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
                super.visitMemoryInsn(op, memory, alignLog2, offset);
            }

            @Override
            public void visitMemoryLaneInsn(Opcode op, int memory, int alignLog2, long offset, int lane) {
                simd = true;
                super.visitMemoryLaneInsn(op, memory, alignLog2, offset, lane);
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
        };
    }
}
