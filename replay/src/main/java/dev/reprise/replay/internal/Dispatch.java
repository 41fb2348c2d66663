package dev.reprise.replay.internal;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.Opcode;
import java.util.function.IntConsumer;

/**
 * Picks one of several contiguous ranges of a call number by binary search: nested
 * {@code if}/{@code else} on {@code local < end}, so a replay body finds its run in
 * log2(runs) comparisons instead of a linear chain. Every leaf must end in {@code return} or
 * {@code unreachable}.
 *
 * <pre>
 * ranges [0,3) [3,4) [4,9):  (if (i32.lt_u (local.get $n) (i32.const 3)) (then LEAF0)
 *                              (else (if (i32.lt_u (local.get $n) (i32.const 4)) (then LEAF1) (else LEAF2))))
 * </pre>
 */
public final class Dispatch {
    private Dispatch() {
    }

    /** Emits the search over ranges {@code lo..hi-1}; range i ends (exclusive) at {@code ends[i]}. */
    public static void bisect(CodeVisitor cv, int local, long[] ends, int lo, int hi, IntConsumer leaf) {
        if (hi - lo == 1) {
            leaf.accept(lo);
            return;
        }
        int mid = (lo + hi) >>> 1;
        cv.visitIndexInsn(Opcode.LOCAL_GET, local);
        cv.visitI32Const((int) ends[mid - 1]);
        cv.visitInsn(Opcode.I32_LT_U);
        cv.visitBlock(Opcode.IF, BlockType.EMPTY);
        bisect(cv, local, ends, lo, mid, leaf);
        cv.visitInsn(Opcode.ELSE);
        bisect(cv, local, ends, mid, hi, leaf);
        cv.visitInsn(Opcode.END);
    }
}
