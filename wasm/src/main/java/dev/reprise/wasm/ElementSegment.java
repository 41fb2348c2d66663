package dev.reprise.wasm;

import java.util.List;

/**
 * An element segment. Exactly one of {@code functions} (the compact funcidx form) and
 * {@code expressions} is non-null.
 *
 * @param mode        active, passive or declarative
 * @param table       the table of an active segment (0 otherwise)
 * @param offset      the offset expression of an active segment, else null
 * @param type        the element reference type (funcref for the funcidx form)
 * @param functions   function indices, or null
 * @param expressions element expressions, or null
 * @param flags       the encoding read (0..7), a hint the writer keeps when it still fits, or -1
 */
public record ElementSegment(SegmentMode mode, int table, ConstExpr offset, ValType type, int[] functions,
                             List<ConstExpr> expressions, int flags) {
    public ElementSegment {
        if ((functions == null) == (expressions == null)) {
            throw new IllegalArgumentException("an element segment has either function indices or expressions");
        }
        if ((mode == SegmentMode.ACTIVE) != (offset != null)) {
            throw new IllegalArgumentException("only an active element segment has an offset");
        }
        expressions = expressions == null ? null : List.copyOf(expressions);
    }

    public int size() {
        return functions != null ? functions.length : expressions.size();
    }

    /** A copy with other function indices (same encoding). */
    public ElementSegment withFunctions(int[] newFunctions) {
        return new ElementSegment(mode, table, offset, type, newFunctions, null, flags);
    }
}
