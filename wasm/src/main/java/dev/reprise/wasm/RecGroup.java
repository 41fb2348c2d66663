package dev.reprise.wasm;

import java.util.List;

/**
 * One entry of the type section: a recursion group of one or more type definitions. A group
 * written without the {@code rec} prefix ({@code explicit == false}) holds exactly one type.
 */
public record RecGroup(List<SubType> types, boolean explicit) {
    public RecGroup {
        types = List.copyOf(types);
        if (!explicit && types.size() != 1) {
            throw new IllegalArgumentException("an implicit recursion group holds exactly one type");
        }
    }

    /** A single type in an implicit group, the way MVP modules declare function types. */
    public static RecGroup of(CompositeType type) {
        return new RecGroup(List.of(SubType.of(type)), false);
    }

    public int size() {
        return types.size();
    }
}
