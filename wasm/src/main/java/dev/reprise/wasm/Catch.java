package dev.reprise.wasm;

/**
 * One catch clause of {@code try_table}.
 *
 * @param kind  0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref
 * @param tag   the tag index, or -1 for the catch_all kinds
 * @param label the label depth branched to
 */
public record Catch(int kind, int tag, int label) {
    public static final int CATCH = 0;
    public static final int CATCH_REF = 1;
    public static final int CATCH_ALL = 2;
    public static final int CATCH_ALL_REF = 3;

    public boolean hasTag() {
        return kind == CATCH || kind == CATCH_REF;
    }

    @Override
    public String toString() {
        String name = new String[] {"catch", "catch_ref", "catch_all", "catch_all_ref"}[kind];
        return "(" + name + (hasTag() ? " " + tag : "") + " " + label + ")";
    }
}
