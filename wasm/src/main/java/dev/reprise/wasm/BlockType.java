package dev.reprise.wasm;

/**
 * The type of a block, loop, if, try or try_table: empty, a single result value type, or a type
 * index of a function type.
 */
public final class BlockType {
    /** {@code []->[]}, encoded 0x40. */
    public static final BlockType EMPTY = new BlockType(null, -1);

    private static final BlockType[] BY_NUMERIC = new BlockType[0x80];
    private static final BlockType[] BY_INDEX = new BlockType[256];

    static {
        for (int c = 0x77; c <= 0x7F; c++) {
            ValType t = ValType.ofNumeric(c);
            if (t != null) {
                BY_NUMERIC[c] = new BlockType(t, -1);
            }
        }
        for (int i = 0; i < BY_INDEX.length; i++) {
            BY_INDEX[i] = new BlockType(null, i);
        }
    }

    private final ValType valType;
    private final int typeIndex;

    private BlockType(ValType valType, int typeIndex) {
        this.valType = valType;
        this.typeIndex = typeIndex;
    }

    public static BlockType of(ValType type) {
        if (!type.isReference() && BY_NUMERIC[type.code()] != null) {
            return BY_NUMERIC[type.code()];
        }
        return new BlockType(type, -1);
    }

    public static BlockType ofTypeIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative type index " + index);
        }
        return index < BY_INDEX.length ? BY_INDEX[index] : new BlockType(null, index);
    }

    public boolean isEmpty() {
        return valType == null && typeIndex < 0;
    }

    /** The single result type, or null. */
    public ValType valType() {
        return valType;
    }

    /** The function type index, or -1. */
    public int typeIndex() {
        return typeIndex;
    }

    public boolean hasTypeIndex() {
        return typeIndex >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockType b && b.typeIndex == typeIndex && java.util.Objects.equals(b.valType, valType);
    }

    @Override
    public int hashCode() {
        return typeIndex * 31 + (valType == null ? 0 : valType.hashCode());
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "";
        }
        return valType != null ? "(result " + valType + ")" : "(type " + typeIndex + ")";
    }
}
