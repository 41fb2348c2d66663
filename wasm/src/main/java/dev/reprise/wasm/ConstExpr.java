package dev.reprise.wasm;

import dev.reprise.wasm.internal.ByteReader;
import dev.reprise.wasm.internal.InstructionDecoder;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A constant expression (global initialisers, segment offsets, element expressions), kept as its
 * encoded instructions including the final {@code end}. Visit it with {@link #accept}; build one
 * with {@link #build} or the shortcuts.
 */
public final class ConstExpr {
    private final byte[] bytes;

    private ConstExpr(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps encoded instructions, which must end with {@code end} (0x0B). */
    public static ConstExpr of(byte[] encoded) {
        if (encoded.length == 0 || encoded[encoded.length - 1] != 0x0B) {
            throw new IllegalArgumentException("a constant expression ends with end (0x0B)");
        }
        return new ConstExpr(encoded.clone());
    }

    static ConstExpr wrap(byte[] encoded) {
        return new ConstExpr(encoded);
    }

    /** Builds an expression from instructions given to a code visitor; {@code end} is added. */
    public static ConstExpr build(Consumer<CodeVisitor> instructions) {
        CodeWriter w = CodeWriter.forExpression();
        instructions.accept(w);
        w.visitEnd();
        return new ConstExpr(w.toByteArray());
    }

    public static ConstExpr i32(int value) {
        return build(c -> c.visitI32Const(value));
    }

    public static ConstExpr i64(long value) {
        return build(c -> c.visitI64Const(value));
    }

    public static ConstExpr globalGet(int global) {
        return build(c -> c.visitIndexInsn(Opcode.GLOBAL_GET, global));
    }

    public static ConstExpr refFunc(int function) {
        return build(c -> c.visitIndexInsn(Opcode.REF_FUNC, function));
    }

    /** The encoded instructions, including the final {@code end}. */
    public byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    byte[] rawBytes() {
        return bytes;
    }

    /** Visits each instruction, then {@link CodeVisitor#visitEnd()} for the final {@code end}. */
    public void accept(CodeVisitor visitor) {
        InstructionDecoder.decodeExpression(new ByteReader(bytes, 0, bytes.length), visitor);
    }

    /** Re-encodes this expression through a visitor chain, e.g. a remapper. */
    public ConstExpr transform(java.util.function.Function<CodeVisitor, CodeVisitor> chain) {
        CodeWriter w = CodeWriter.forExpression();
        accept(chain.apply(w));
        return new ConstExpr(w.toByteArray());
    }

    /** The value when this is exactly {@code i32.const N}, else null. */
    public Integer asI32() {
        if (bytes.length >= 3 && bytes[0] == 0x41) {
            ByteReader r = new ByteReader(bytes, 1, bytes.length);
            int v = r.s32();
            return r.position() == bytes.length - 1 ? v : null;
        }
        return null;
    }

    /** The value when this is exactly {@code i64.const N}, else null. */
    public Long asI64() {
        if (bytes.length >= 3 && bytes[0] == 0x42) {
            ByteReader r = new ByteReader(bytes, 1, bytes.length);
            long v = r.s64();
            return r.position() == bytes.length - 1 ? v : null;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConstExpr c && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        accept(new TextCodePrinter(sb, "", false));
        return sb.toString().trim().replace('\n', ' ');
    }
}
