package dev.reprise.wasm;

import dev.reprise.wasm.internal.ByteVector;
import dev.reprise.wasm.internal.TypeEncoder;

/**
 * A {@link CodeVisitor} that encodes a function body or a constant expression. Obtained from
 * {@link ModuleWriter#visitCode}; when a {@link ModuleReader} gets one back directly for a body
 * it copies the body's bytes instead of decoding it (copy-through).
 */
public final class CodeWriter extends CodeVisitor {
    private final ModuleWriter owner;
    private final ByteVector code = new ByteVector(256);
    private final ByteVector locals = new ByteVector(16);
    private int localGroups;
    private boolean started;
    private boolean ended;

    CodeWriter(ModuleWriter owner) {
        this.owner = owner;
    }

    /** A writer for a standalone constant expression (no locals). */
    static CodeWriter forExpression() {
        CodeWriter w = new CodeWriter(null);
        w.started = true;
        return w;
    }

    boolean canCopyFrom(ModuleReader reader) {
        return owner != null && owner.copiesFrom(reader) && !started && localGroups == 0;
    }

    void copyBody(byte[] buf, int off, int len) {
        ended = true;
        owner.addBody(buf, off, len);
    }

    byte[] toByteArray() {
        return code.toByteArray();
    }

    private void start() {
        if (!started) {
            started = true;
            code.putU32(localGroups);
            code.putBytes(locals);
        }
    }

    private void op(Opcode op) {
        if (!started) {
            start();
        }
        if (op.prefix() == 0) {
            code.putByte(op.code());
        } else {
            code.putByte(op.prefix());
            code.putU32(op.code());
        }
    }

    @Override
    public void visitLocals(int count, ValType type) {
        if (started) {
            throw new IllegalStateException("locals after the first instruction");
        }
        localGroups++;
        locals.putU32(count);
        TypeEncoder.valType(locals, type);
    }

    @Override
    public void visitBodyStart() {
        start();
    }

    @Override
    public void visitInsn(Opcode op) {
        op(op);
        if (op.imm() == Imm.ZERO_BYTE) {
            code.putByte(0);
        }
    }

    @Override
    public void visitBlock(Opcode op, BlockType type) {
        op(op);
        TypeEncoder.blockType(code, type);
    }

    @Override
    public void visitIndexInsn(Opcode op, int index) {
        op(op);
        code.putU32(index);
    }

    @Override
    public void visitIndexPairInsn(Opcode op, int first, int second) {
        op(op);
        code.putU32(first);
        code.putU32(second);
    }

    @Override
    public void visitBrTable(int[] labels, int count, int defaultLabel) {
        op(Opcode.BR_TABLE);
        code.putU32(count);
        for (int i = 0; i < count; i++) {
            code.putU32(labels[i]);
        }
        code.putU32(defaultLabel);
    }

    private void memarg(int memory, int alignLog2, long offset) {
        if (memory == 0) {
            code.putU32(alignLog2);
        } else {
            code.putU32(alignLog2 | 0x40);
            code.putU32(memory);
        }
        code.putU64(offset);
    }

    @Override
    public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
        op(op);
        memarg(memory, alignLog2, offset);
    }

    @Override
    public void visitMemoryLaneInsn(Opcode op, int memory, int alignLog2, long offset, int lane) {
        op(op);
        memarg(memory, alignLog2, offset);
        code.putByte(lane);
    }

    @Override
    public void visitLaneInsn(Opcode op, int lane) {
        op(op);
        code.putByte(lane);
    }

    @Override
    public void visitI32Const(int value) {
        op(Opcode.I32_CONST);
        code.putS64(value);
    }

    @Override
    public void visitI64Const(long value) {
        op(Opcode.I64_CONST);
        code.putS64(value);
    }

    @Override
    public void visitF32Const(int bits) {
        op(Opcode.F32_CONST);
        code.putI32LE(bits);
    }

    @Override
    public void visitF64Const(long bits) {
        op(Opcode.F64_CONST);
        code.putI64LE(bits);
    }

    @Override
    public void visitV128Insn(Opcode op, long low, long high) {
        op(op);
        code.putI64LE(low);
        code.putI64LE(high);
    }

    @Override
    public void visitHeapTypeInsn(Opcode op, int heapType) {
        op(op);
        code.putS64(heapType);
    }

    @Override
    public void visitSelectTyped(ValType[] types) {
        op(Opcode.SELECT_T);
        code.putU32(types.length);
        for (ValType t : types) {
            TypeEncoder.valType(code, t);
        }
    }

    @Override
    public void visitTryTable(BlockType type, Catch[] catches) {
        op(Opcode.TRY_TABLE);
        TypeEncoder.blockType(code, type);
        code.putU32(catches.length);
        for (Catch c : catches) {
            code.putByte(c.kind());
            if (c.hasTag()) {
                code.putU32(c.tag());
            }
            code.putU32(c.label());
        }
    }

    @Override
    public void visitBrOnCast(Opcode op, int flags, int label, int fromHeapType, int toHeapType) {
        op(op);
        code.putByte(flags);
        code.putU32(label);
        code.putS64(fromHeapType);
        code.putS64(toHeapType);
    }

    @Override
    public void visitEnd() {
        if (ended) {
            throw new IllegalStateException("visitEnd called twice");
        }
        op(Opcode.END);
        ended = true;
        if (owner != null) {
            owner.addBody(code.data(), 0, code.length());
        }
    }
}
