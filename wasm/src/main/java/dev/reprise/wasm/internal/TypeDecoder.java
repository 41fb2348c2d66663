package dev.reprise.wasm.internal;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.ValType;

/** Decodes value types, heap types and block types. */
public final class TypeDecoder {
    private TypeDecoder() {
    }

    /** True when {@code b} starts a value type (numeric, vector, reference shorthand or ref prefix). */
    public static boolean startsValType(int b) {
        return ValType.ofNumeric(b) != null && b != ValType.I8_CODE && b != ValType.I16_CODE
                || b == ValType.REF_CODE || b == ValType.REF_NULL_CODE || isAbstractRefByte(b);
    }

    private static boolean isAbstractRefByte(int b) {
        return b >= 0x69 && b <= 0x74 && dev.reprise.wasm.HeapType.name(b - 0x80) != null;
    }

    public static ValType valType(ByteReader r) {
        int at = r.position();
        int b = r.u8();
        ValType t = ValType.ofNumeric(b);
        if (t != null && !t.isPacked()) {
            return t;
        }
        if (b == ValType.REF_CODE || b == ValType.REF_NULL_CODE) {
            return ValType.ref(b == ValType.REF_NULL_CODE, heapType(r));
        }
        if (isAbstractRefByte(b)) {
            return ValType.ref(true, b - 0x80);
        }
        throw r.error("malformed value type", at);
    }

    /** A storage type: a value type or packed i8 / i16. */
    public static ValType storageType(ByteReader r) {
        int b = r.peekU8();
        if (b == ValType.I8_CODE || b == ValType.I16_CODE) {
            r.u8();
            return ValType.ofNumeric(b);
        }
        return valType(r);
    }

    public static int heapType(ByteReader r) {
        int at = r.position();
        long v = r.s33();
        if (v >= 0) {
            if (v > Integer.MAX_VALUE) {
                throw r.error("integer too large", at);
            }
            return (int) v;
        }
        if (v < -0x40 || dev.reprise.wasm.HeapType.name((int) v) == null) {
            throw r.error("malformed heap type", at);
        }
        return (int) v;
    }

    public static BlockType blockType(ByteReader r) {
        int b = r.peekU8();
        if (b == 0x40) {
            r.u8();
            return BlockType.EMPTY;
        }
        if (startsValType(b)) {
            return BlockType.of(valType(r));
        }
        int at = r.position();
        long v = r.s33();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw r.error("malformed block type", at);
        }
        return BlockType.ofTypeIndex((int) v);
    }
}
