package dev.reprise.wasm;

/**
 * Visits one function body or constant expression (like ASM's MethodVisitor). Instructions
 * arrive grouped by the kind of their immediate ({@link Opcode#imm()}); index immediates carry
 * their index space in the opcode table, so a remapper needs no per-opcode knowledge. Every
 * method forwards to the next visitor when there is one.
 *
 * <p>Legal call order: {@code visitLocals}* {@code visitBodyStart}, then instructions, then
 * {@code visitEnd} for the final {@code end} of the body. Constant expressions have no locals and
 * no {@code visitBodyStart}. Nested {@code end}, {@code else}, {@code catch_all} arrive through
 * {@link #visitInsn}. Arrays passed in are only valid during the call.
 */
public abstract class CodeVisitor {
    /** The visitor calls are forwarded to, or null. */
    protected final CodeVisitor next;

    protected CodeVisitor() {
        this(null);
    }

    protected CodeVisitor(CodeVisitor next) {
        this.next = next;
    }

    /** A run of {@code count} locals of one type, in declaration order. */
    public void visitLocals(int count, ValType type) {
        if (next != null) {
            next.visitLocals(count, type);
        }
    }

    /** Marks the end of the local declarations and the start of the instructions. */
    public void visitBodyStart() {
        if (next != null) {
            next.visitBodyStart();
        }
    }

    /** An instruction without immediate ({@link Imm#NONE}) or with a reserved zero byte ({@link Imm#ZERO_BYTE}). */
    public void visitInsn(Opcode op) {
        if (next != null) {
            next.visitInsn(op);
        }
    }

    /** {@code block}, {@code loop}, {@code if} or legacy {@code try}. */
    public void visitBlock(Opcode op, BlockType type) {
        if (next != null) {
            next.visitBlock(op, type);
        }
    }

    /** An instruction with a single index; its space is {@code op.imm().firstSpace()}. */
    public void visitIndexInsn(Opcode op, int index) {
        if (next != null) {
            next.visitIndexInsn(op, index);
        }
    }

    /** An instruction with two indices (or an index and a count); spaces from {@code op.imm()}. */
    public void visitIndexPairInsn(Opcode op, int first, int second) {
        if (next != null) {
            next.visitIndexPairInsn(op, first, second);
        }
    }

    /** {@code br_table}: the first {@code count} entries of {@code labels}, then the default. */
    public void visitBrTable(int[] labels, int count, int defaultLabel) {
        if (next != null) {
            next.visitBrTable(labels, count, defaultLabel);
        }
    }

    /** A memory access with its memarg: memory index, alignment exponent, offset. */
    public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
        if (next != null) {
            next.visitMemoryInsn(op, memory, alignLog2, offset);
        }
    }

    /** A SIMD lane load or store: memarg plus lane index. */
    public void visitMemoryLaneInsn(Opcode op, int memory, int alignLog2, long offset, int lane) {
        if (next != null) {
            next.visitMemoryLaneInsn(op, memory, alignLog2, offset, lane);
        }
    }

    /** A SIMD lane extract or replace. */
    public void visitLaneInsn(Opcode op, int lane) {
        if (next != null) {
            next.visitLaneInsn(op, lane);
        }
    }

    public void visitI32Const(int value) {
        if (next != null) {
            next.visitI32Const(value);
        }
    }

    public void visitI64Const(long value) {
        if (next != null) {
            next.visitI64Const(value);
        }
    }

    /** {@code f32.const} with the raw IEEE bits (NaN payloads kept). */
    public void visitF32Const(int bits) {
        if (next != null) {
            next.visitF32Const(bits);
        }
    }

    /** {@code f64.const} with the raw IEEE bits (NaN payloads kept). */
    public void visitF64Const(long bits) {
        if (next != null) {
            next.visitF64Const(bits);
        }
    }

    /** {@code v128.const} or {@code i8x16.shuffle}: sixteen bytes, little-endian in two longs. */
    public void visitV128Insn(Opcode op, long low, long high) {
        if (next != null) {
            next.visitV128Insn(op, low, high);
        }
    }

    /** {@code ref.null}, {@code ref.test}, {@code ref.cast} and their nullable forms. */
    public void visitHeapTypeInsn(Opcode op, int heapType) {
        if (next != null) {
            next.visitHeapTypeInsn(op, heapType);
        }
    }

    /** Typed {@code select}. */
    public void visitSelectTyped(ValType[] types) {
        if (next != null) {
            next.visitSelectTyped(types);
        }
    }

    /** {@code try_table} with its catch clauses. */
    public void visitTryTable(BlockType type, Catch[] catches) {
        if (next != null) {
            next.visitTryTable(type, catches);
        }
    }

    /** {@code br_on_cast} / {@code br_on_cast_fail}: flags (bit 0: source nullable, bit 1: target nullable). */
    public void visitBrOnCast(Opcode op, int flags, int label, int fromHeapType, int toHeapType) {
        if (next != null) {
            next.visitBrOnCast(op, flags, label, fromHeapType, toHeapType);
        }
    }

    /** The final {@code end} of the body or expression. */
    public void visitEnd() {
        if (next != null) {
            next.visitEnd();
        }
    }
}
