package dev.reprise.wasm;

/**
 * How a pass renumbers a module: one hook per index space, identity by default. Used by
 * {@link IndexRemapper}, the one place where indices are rewritten.
 */
public interface IndexMapping {
    default int type(int index) {
        return index;
    }

    default int function(int index) {
        return index;
    }

    default int table(int index) {
        return index;
    }

    default int memory(int index) {
        return index;
    }

    default int global(int index) {
        return index;
    }

    default int element(int index) {
        return index;
    }

    default int data(int index) {
        return index;
    }

    default int tag(int index) {
        return index;
    }

    /** A local of function {@code function} (the function's index before remapping). */
    default int local(int function, int index) {
        return index;
    }

    /** Applies the hook of {@code space}; labels, fields and counts are never remapped. */
    default int map(IndexSpace space, int index, int function) {
        switch (space) {
            case TYPE: return type(index);
            case FUNCTION: return function(index);
            case TABLE: return table(index);
            case MEMORY: return memory(index);
            case GLOBAL: return global(index);
            case ELEMENT: return element(index);
            case DATA: return data(index);
            case TAG: return tag(index);
            case LOCAL: return local(function, index);
            default: return index;
        }
    }
}
