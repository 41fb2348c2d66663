package dev.reprise.wasm;

/**
 * A {@link CodeVisitor} that prints one instruction per line with its immediates, indented by
 * block depth, in a form close to the text format ({@code i32.load offset=8 align=4}).
 */
public class TextCodePrinter extends CodeVisitor {
    private final StringBuilder out;
    private final String indent;
    private final boolean locals;
    private int depth;

    /**
     * @param out    where lines go
     * @param indent prefix of every line
     * @param locals whether to print the local declarations
     */
    public TextCodePrinter(StringBuilder out, String indent, boolean locals) {
        this.out = out;
        this.indent = indent;
        this.locals = locals;
    }

    /** Indentation stops growing here, so absurdly deep nesting still prints in linear time. */
    private static final int MAX_INDENT = 64;

    private StringBuilder line() {
        out.append(indent);
        for (int i = 0; i < Math.min(depth, MAX_INDENT); i++) {
            out.append("  ");
        }
        if (depth > MAX_INDENT) {
            out.append(";; depth ").append(depth).append(' ');
        }
        return out;
    }

    private void name(Opcode op) {
        line().append(op.text());
    }

    @Override
    public void visitLocals(int count, ValType type) {
        if (locals) {
            line().append("(local ").append(type).append(count > 1 ? " x" + count : "").append(")\n");
        }
    }

    @Override
    public void visitInsn(Opcode op) {
        if (op == Opcode.END || op == Opcode.ELSE || op == Opcode.CATCH_ALL) {
            depth = Math.max(0, depth - 1);
        }
        name(op);
        out.append('\n');
        if (op == Opcode.ELSE || op == Opcode.CATCH_ALL) {
            depth++;
        }
    }

    @Override
    public void visitBlock(Opcode op, BlockType type) {
        name(op);
        if (!type.isEmpty()) {
            out.append(' ').append(type);
        }
        out.append('\n');
        depth++;
    }

    @Override
    public void visitIndexInsn(Opcode op, int index) {
        if (op == Opcode.CATCH || op == Opcode.DELEGATE) {
            depth = Math.max(0, depth - 1);
        }
        name(op);
        out.append(' ').append(Integer.toUnsignedString(index)).append('\n');
        if (op == Opcode.CATCH) {
            depth++;
        }
    }

    @Override
    public void visitIndexPairInsn(Opcode op, int first, int second) {
        name(op);
        out.append(' ').append(Integer.toUnsignedString(first)).append(' ').append(Integer.toUnsignedString(second)).append('\n');
    }

    @Override
    public void visitBrTable(int[] labels, int count, int defaultLabel) {
        name(Opcode.BR_TABLE);
        for (int i = 0; i < count; i++) {
            out.append(' ').append(labels[i]);
        }
        out.append(' ').append(defaultLabel).append('\n');
    }

    private void memarg(Opcode op, int memory, int alignLog2, long offset) {
        name(op);
        if (memory != 0) {
            out.append(' ').append(memory);
        }
        if (offset != 0) {
            out.append(" offset=").append(Long.toUnsignedString(offset));
        }
        if (alignLog2 != op.naturalAlignLog2()) {
            out.append(" align=").append(1L << Math.min(alignLog2, 62));
        }
    }

    @Override
    public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
        memarg(op, memory, alignLog2, offset);
        out.append('\n');
    }

    @Override
    public void visitMemoryLaneInsn(Opcode op, int memory, int alignLog2, long offset, int lane) {
        memarg(op, memory, alignLog2, offset);
        out.append(' ').append(lane).append('\n');
    }

    @Override
    public void visitLaneInsn(Opcode op, int lane) {
        name(op);
        out.append(' ').append(lane).append('\n');
    }

    @Override
    public void visitI32Const(int value) {
        name(Opcode.I32_CONST);
        out.append(' ').append(value).append('\n');
    }

    @Override
    public void visitI64Const(long value) {
        name(Opcode.I64_CONST);
        out.append(' ').append(value).append('\n');
    }

    @Override
    public void visitF32Const(int bits) {
        name(Opcode.F32_CONST);
        float f = Float.intBitsToFloat(bits);
        out.append(' ').append(Float.isNaN(f) ? "nan:0x" + Integer.toHexString(bits & 0x7FFFFF) + (bits < 0 ? " (negative)" : "")
                : Float.toHexString(f)).append('\n');
    }

    @Override
    public void visitF64Const(long bits) {
        name(Opcode.F64_CONST);
        double d = Double.longBitsToDouble(bits);
        out.append(' ').append(Double.isNaN(d) ? "nan:0x" + Long.toHexString(bits & 0xFFFFFFFFFFFFFL) + (bits < 0 ? " (negative)" : "")
                : Double.toHexString(d)).append('\n');
    }

    @Override
    public void visitV128Insn(Opcode op, long low, long high) {
        name(op);
        if (op == Opcode.V128_CONST) {
            out.append(" i32x4");
            for (long half : new long[] {low, high}) {
                out.append(" 0x").append(Integer.toHexString((int) half)).append(" 0x").append(Integer.toHexString((int) (half >>> 32)));
            }
        } else {
            for (long half : new long[] {low, high}) {
                for (int i = 0; i < 8; i++) {
                    out.append(' ').append((half >>> (8 * i)) & 0xFF);
                }
            }
        }
        out.append('\n');
    }

    @Override
    public void visitHeapTypeInsn(Opcode op, int heapType) {
        name(op);
        out.append(' ').append(HeapType.toString(heapType)).append('\n');
    }

    @Override
    public void visitSelectTyped(ValType[] types) {
        name(Opcode.SELECT_T);
        out.append(" (result");
        for (ValType t : types) {
            out.append(' ').append(t);
        }
        out.append(")\n");
    }

    @Override
    public void visitTryTable(BlockType type, Catch[] catches) {
        name(Opcode.TRY_TABLE);
        if (!type.isEmpty()) {
            out.append(' ').append(type);
        }
        for (Catch c : catches) {
            out.append(' ').append(c);
        }
        out.append('\n');
        depth++;
    }

    @Override
    public void visitBrOnCast(Opcode op, int flags, int label, int fromHeapType, int toHeapType) {
        name(op);
        out.append(' ').append(label)
                .append(" (ref ").append((flags & 1) != 0 ? "null " : "").append(HeapType.toString(fromHeapType)).append(')')
                .append(" (ref ").append((flags & 2) != 0 ? "null " : "").append(HeapType.toString(toHeapType)).append(")\n");
    }

    @Override
    public void visitEnd() {
        // The final end of a body is implied by the closing parenthesis of the function.
    }
}
