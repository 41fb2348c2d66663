package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;

/** Small instruction sequences the instrumentation emits in many places. */
final class Emit {
    private Emit() {
    }

    /** Index of an access width (1, 2, 4, 8, 16 bytes) in per-width tables. */
    static int widthIndex(int bytes) {
        return Integer.numberOfTrailingZeros(bytes);
    }

    /** The plain load reading {@code bytes} bytes as they are in memory (zero-extended). */
    static Opcode rawLoad(int bytes) {
        switch (bytes) {
            case 1: return Opcode.I32_LOAD8_U;
            case 2: return Opcode.I32_LOAD16_U;
            case 4: return Opcode.I32_LOAD;
            case 8: return Opcode.I64_LOAD;
            default: return Opcode.V128_LOAD;
        }
    }

    /** The plain store writing {@code bytes} bytes. */
    static Opcode rawStore(int bytes) {
        switch (bytes) {
            case 1: return Opcode.I32_STORE8;
            case 2: return Opcode.I32_STORE16;
            case 4: return Opcode.I32_STORE;
            case 8: return Opcode.I64_STORE;
            default: return Opcode.V128_STORE;
        }
    }

    /** The type of a raw value of {@code bytes} bytes: i32 up to 4, i64 for 8, v128 for 16. */
    static ValType rawType(int bytes) {
        return bytes <= 4 ? ValType.I32 : bytes == 8 ? ValType.I64 : ValType.V128;
    }

    /** Pops two values of the raw type of {@code bytes} and pushes 1 when they differ. */
    static void notEqual(CodeVisitor c, ValType t) {
        switch (t.code()) {
            case ValType.I32_CODE:
                c.visitInsn(Opcode.I32_NE);
                break;
            case ValType.I64_CODE:
                c.visitInsn(Opcode.I64_NE);
                break;
            default:
                c.visitInsn(Opcode.V128_XOR);
                c.visitInsn(Opcode.V128_ANY_TRUE);
        }
    }

    /** Turns a float on the stack into its integer bits (other types unchanged). */
    static ValType toBits(CodeVisitor c, ValType t) {
        if (t.code() == ValType.F32_CODE) {
            c.visitInsn(Opcode.I32_REINTERPRET_F32);
            return ValType.I32;
        }
        if (t.code() == ValType.F64_CODE) {
            c.visitInsn(Opcode.I64_REINTERPRET_F64);
            return ValType.I64;
        }
        return t;
    }

    /**
     * Pushes the value of local {@code local} (type {@code t}) as hook arguments: integers as
     * they are, floats as raw bits, v128 as two i64 lanes, references as a null flag.
     */
    static void pushForHook(CodeVisitor c, int local, ValType t) {
        c.visitIndexInsn(Opcode.LOCAL_GET, local);
        if (t.code() == ValType.V128_CODE) {
            c.visitLaneInsn(Opcode.I64X2_EXTRACT_LANE, 0);
            c.visitIndexInsn(Opcode.LOCAL_GET, local);
            c.visitLaneInsn(Opcode.I64X2_EXTRACT_LANE, 1);
        } else if (t.isReference()) {
            c.visitInsn(Opcode.REF_IS_NULL);
        } else {
            toBits(c, t);
        }
    }

    /** Widens an address or size on the stack to i64 when it is an i32. */
    static void toI64(CodeVisitor c, boolean is64) {
        if (!is64) {
            c.visitInsn(Opcode.I64_EXTEND_I32_U);
        }
    }

    /** Narrows an i64 address on the stack to the memory's address type. */
    static void toAddress(CodeVisitor c, boolean is64) {
        if (!is64) {
            c.visitInsn(Opcode.I32_WRAP_I64);
        }
    }

    /** Pushes a zero of type {@code t} (numeric or vector). */
    static void zero(CodeVisitor c, ValType t) {
        switch (t.code()) {
            case ValType.I32_CODE: c.visitI32Const(0); break;
            case ValType.I64_CODE: c.visitI64Const(0); break;
            case ValType.F32_CODE: c.visitF32Const(0); break;
            case ValType.F64_CODE: c.visitF64Const(0); break;
            default: c.visitV128Insn(Opcode.V128_CONST, 0, 0);
        }
    }

    /** Pushes the byte size of memory {@code memory} as an i64. */
    static void memoryBytes(CodeVisitor c, int memory, boolean is64, int pageSizeLog2) {
        c.visitIndexInsn(Opcode.MEMORY_SIZE, memory);
        toI64(c, is64);
        c.visitI64Const(pageSizeLog2 < 0 ? 16 : pageSizeLog2);
        c.visitInsn(Opcode.I64_SHL);
    }
}
