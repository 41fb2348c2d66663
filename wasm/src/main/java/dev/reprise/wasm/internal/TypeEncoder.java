package dev.reprise.wasm.internal;

import dev.reprise.wasm.ArrayType;
import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.CompositeType;
import dev.reprise.wasm.FieldType;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.Limits;
import dev.reprise.wasm.RecGroup;
import dev.reprise.wasm.StructType;
import dev.reprise.wasm.SubType;
import dev.reprise.wasm.ValType;
import java.util.List;

/** Encodes value types, block types, type definitions and limits. */
public final class TypeEncoder {
    private TypeEncoder() {
    }

    public static void valType(ByteVector out, ValType t) {
        if (!t.isReference()) {
            out.putByte(t.code());
        } else if (t.isNullable() && t.heapType() < 0) {
            out.putByte(t.heapType() + 0x80);
        } else {
            out.putByte(t.code());
            out.putS64(t.heapType());
        }
    }

    public static void valTypes(ByteVector out, List<ValType> types) {
        out.putU32(types.size());
        for (ValType t : types) {
            valType(out, t);
        }
    }

    public static void blockType(ByteVector out, BlockType bt) {
        if (bt.isEmpty()) {
            out.putByte(0x40);
        } else if (bt.valType() != null) {
            valType(out, bt.valType());
        } else {
            out.putS64(bt.typeIndex());
        }
    }

    public static void recGroup(ByteVector out, RecGroup g) {
        if (g.explicit()) {
            out.putByte(0x4E);
            out.putU32(g.size());
        }
        for (SubType st : g.types()) {
            subType(out, st);
        }
    }

    private static void subType(ByteVector out, SubType st) {
        if (!st.abbreviated()) {
            out.putByte(st.isFinal() ? 0x4F : 0x50);
            out.putU32(st.supertypes().size());
            for (int s : st.supertypes()) {
                out.putU32(s);
            }
        }
        compositeType(out, st.type());
    }

    private static void compositeType(ByteVector out, CompositeType ct) {
        if (ct instanceof FuncType f) {
            out.putByte(0x60);
            valTypes(out, f.params());
            valTypes(out, f.results());
        } else if (ct instanceof StructType s) {
            out.putByte(0x5F);
            out.putU32(s.fields().size());
            for (FieldType ft : s.fields()) {
                fieldType(out, ft);
            }
        } else {
            out.putByte(0x5E);
            fieldType(out, ((ArrayType) ct).element());
        }
    }

    private static void fieldType(ByteVector out, FieldType ft) {
        valType(out, ft.storage());
        out.putByte(ft.mutable() ? 1 : 0);
    }

    public static void limits(ByteVector out, Limits l) {
        int flags = (l.hasMax() ? 1 : 0) | (l.shared() ? 2 : 0) | (l.is64() ? 4 : 0) | (l.pageSizeLog2() >= 0 ? 8 : 0);
        out.putByte(flags);
        out.putU64(l.min());
        if (l.hasMax()) {
            out.putU64(l.max());
        }
        if (l.pageSizeLog2() >= 0) {
            out.putU32(l.pageSizeLog2());
        }
    }
}
