package dev.reprise.wasm;

/** The index spaces of a module, plus the per-function ones (locals, labels, struct fields). */
public enum IndexSpace {
    TYPE, FUNCTION, TABLE, MEMORY, GLOBAL, ELEMENT, DATA, TAG,
    /** Locals of the function being visited (parameters first). */
    LOCAL,
    /** Relative label depth; never remapped. */
    LABEL,
    /** A struct field of the type given by the first index; never remapped. */
    FIELD,
    /** A plain count, not an index. */
    NONE
}
