package dev.reprise.transform.exceptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The legacy trys of one function in the order they start, and what the rewrite adds for them:
 * how many exnref locals, and whether a delegate passes an exception on to the caller (the body
 * is then wrapped in a block such a delegate branches to).
 */
final class FunctionTrys {
    final List<LegacyTry> trys = new ArrayList<>();
    int slots;
    boolean delegatesToCaller;

    /**
     * Settles each delegate's landing place once every try's clauses are known: the first
     * candidate that catches, or, through one that delegates, wherever that one lands; trys
     * that only are blocks are passed over.
     */
    void resolve() {
        for (LegacyTry t : trys) {
            if (!t.catches.isEmpty()) {
                slots = Math.max(slots, t.slot + 1);
            }
        }
        for (LegacyTry t : trys) {
            if (t.delegates) {
                t.delegateTarget = landing(t);
                if (t.delegateTarget == null) {
                    delegatesToCaller = true;
                } else {
                    t.delegateTarget.delegatedTo = true;
                }
            }
        }
    }

    /** Ends: each candidate encloses the delegating try, so every step of a chain goes outward. */
    private static LegacyTry landing(LegacyTry delegating) {
        for (LegacyTry c : delegating.delegateCandidates) {
            if (!c.catches.isEmpty()) {
                return c;
            }
            if (c.delegates) {
                return landing(c);
            }
        }
        return null;
    }
}
