package dev.reprise.wasm;

import java.util.List;

/**
 * One type definition: a composite type with its declared supertypes and finality. A plain
 * function type of the MVP is a final subtype with no supertypes written in the abbreviated form.
 *
 * @param isFinal     declared {@code final}
 * @param supertypes  declared supertype indices
 * @param type        the composite type
 * @param abbreviated written without the {@code sub} prefix (implies final and no supertypes)
 */
public record SubType(boolean isFinal, List<Integer> supertypes, CompositeType type, boolean abbreviated) {
    public SubType {
        supertypes = List.copyOf(supertypes);
        if (abbreviated && (!isFinal || !supertypes.isEmpty())) {
            throw new IllegalArgumentException("an abbreviated subtype is final with no supertypes");
        }
    }

    /** The abbreviated form of a plain type. */
    public static SubType of(CompositeType type) {
        return new SubType(true, List.of(), type, true);
    }

    @Override
    public String toString() {
        if (abbreviated) {
            return type.toString();
        }
        return "(sub " + (isFinal ? "final " : "") + supertypes + " " + type + ")";
    }
}
