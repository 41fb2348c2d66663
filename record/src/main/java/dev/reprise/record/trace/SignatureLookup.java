package dev.reprise.record.trace;

import java.util.List;

/**
 * What an importer needs to know about the recorded module to type the values of an untyped
 * trace: function signatures and global types, plus initial memory and table sizes (to turn
 * growth amounts into sizes) and names. Implemented by the caller from the module itself;
 * {@link MapSignatureLookup} is a hand-filled one.
 */
public interface SignatureLookup {
    /** Parameter types of function {@code funcIndex} (imports first), or {@code null} if there is no such function. */
    List<ValType> params(int funcIndex);

    /** Result types of function {@code funcIndex}, or {@code null} if there is no such function. */
    List<ValType> results(int funcIndex);

    /** Type of global {@code globalIndex} (imports first), or {@code null} if unknown. */
    ValType globalType(int globalIndex);

    /** Initial size in pages of memory {@code memIndex}, or -1 if unknown. */
    default long memoryPages(int memIndex) {
        return -1;
    }

    /** Initial size of table {@code tableIndex}, or -1 if unknown. */
    default long tableSize(int tableIndex) {
        return -1;
    }

    /** Module name of imported function {@code funcIndex}, or "" if unknown. */
    default String importModule(int funcIndex) {
        return "";
    }

    /** Field name of imported function {@code funcIndex}, or "" if unknown. */
    default String importName(int funcIndex) {
        return "";
    }

    /** A name under which function {@code funcIndex} is exported, or "" if unknown. */
    default String exportName(int funcIndex) {
        return "";
    }
}
