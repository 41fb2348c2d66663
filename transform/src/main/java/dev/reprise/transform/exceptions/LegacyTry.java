package dev.reprise.transform.exceptions;

import dev.reprise.wasm.BlockType;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link LegacyTryScanner} learnt about one legacy {@code try} of a function, which the
 * rewriter needs before it reaches the try's clauses: its catch clauses, whether it ends in
 * {@code delegate} and where that delegate really lands, whether some delegate lands in it, and
 * the exnref local its handlers keep the caught exception in.
 */
final class LegacyTry {
    /** A catch clause's tag meaning {@code catch_all}. */
    static final int CATCH_ALL = -1;

    /** The try's own block type. */
    final BlockType type;
    /** The exnref local (counted from the pass's first added local) of its handlers. */
    final int slot;
    /** The tags of its catch clauses in order, {@link #CATCH_ALL} for {@code catch_all}. */
    final List<Integer> catches = new ArrayList<>();
    /** Whether it ends in {@code delegate} (it then has no catch clauses). */
    boolean delegates;
    /**
     * For a delegating try, the trys whose body held the delegate's label, innermost first: the
     * first of them that catches (or delegates on) is where the exception goes; none: the caller.
     */
    List<LegacyTry> delegateCandidates = List.of();
    /** The try its delegate lands in after {@link FunctionTrys#resolve()}, null for the caller. */
    LegacyTry delegateTarget;
    /** Whether some delegate lands in this try (its body then gets a block to branch to). */
    boolean delegatedTo;

    LegacyTry(BlockType type, int slot) {
        this.type = type;
        this.slot = slot;
    }

    /** A try that neither catches nor delegates: a block. */
    boolean isPlainBlock() {
        return catches.isEmpty() && !delegates;
    }
}
