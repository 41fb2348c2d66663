package dev.reprise.replay.internal;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.record.trace.Value;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The running digest of one import's arguments, which a self-checking replay compares once, at
 * the import's last recorded call, instead of comparing every argument of every call where it
 * is made. The check costs a few instructions per import instead of a few per call and
 * argument, and calls that differ only in their arguments become one run of the replay.
 *
 * <p>The digest is FNV-1a over 64-bit words: starting from {@link #START}, each argument in
 * order, as its bits zero-extended to 64 ({@code i32} and {@code f32}) or as they are
 * ({@code i64} and {@code f64}), is XORed in and the sum multiplied by {@link #PRIME}.
 *
 * <pre>
 * an import (i32 i32) -> i32, called 3 times:
 *   before: each of the 3 runs starts  (if (i32.ne (local.get 0) (i32.const 8)) (then unreachable)) ...
 *   after:  the stub starts  (global.set $d (i64.mul (i64.xor (global.get $d) (i64.extend_i32_u (local.get 0)))
 *                                                    (i64.const PRIME)))  ;; and the same for local 1
 *           and at call 2 traps unless $d is the digest of the 6 recorded arguments
 * </pre>
 */
public final class ArgumentDigest {
    /** The digest before any argument (the FNV-1a 64-bit offset basis). */
    public static final long START = 0xcbf29ce484222325L;
    /** The multiplier (the FNV 64-bit prime). */
    public static final long PRIME = 0x100000001b3L;

    private ArgumentDigest() {
    }

    /** Whether every parameter of {@code type} is a number, which the digest can take in. */
    public static boolean covers(FuncType type) {
        for (ValType p : type.params()) {
            if (!(p.equals(ValType.I32) || p.equals(ValType.I64) || p.equals(ValType.F32) || p.equals(ValType.F64))) {
                return false;
            }
        }
        return true;
    }

    /** Whether every call of {@code runs} has its {@code arity} arguments recorded. */
    public static boolean recorded(List<CallRun> runs, int arity) {
        for (CallRun r : runs) {
            if (r.call().args().size() != arity) {
                return false;
            }
        }
        return true;
    }

    /** The digest of every call's arguments, in call order. */
    public static long of(List<CallRun> runs) {
        long h = START;
        for (CallRun r : runs) {
            List<Value> args = r.call().args();
            for (long k = 0; k < r.count(); k++) {
                for (Value v : args) {
                    h = mix(h, v);
                }
            }
        }
        return h;
    }

    static long mix(long h, Value v) {
        long bits = switch (v.type()) {
            case I32, F32 -> v.lo() & 0xffff_ffffL;
            case I64, F64 -> v.lo();
            default -> throw new IllegalArgumentException("no digest of a " + v.type() + " argument");
        };
        return (h ^ bits) * PRIME;
    }

    /** Emits the mixing of parameters {@code 0..n-1} of {@code type} into the i64 global {@code digest}. */
    public static void emitMix(CodeVisitor cv, FuncType type, int digest) {
        List<ValType> params = type.params();
        for (int p = 0; p < params.size(); p++) {
            ValType t = params.get(p);
            cv.visitIndexInsn(Opcode.GLOBAL_GET, digest);
            cv.visitIndexInsn(Opcode.LOCAL_GET, p);
            if (t.equals(ValType.F32)) {
                cv.visitInsn(Opcode.I32_REINTERPRET_F32);
            } else if (t.equals(ValType.F64)) {
                cv.visitInsn(Opcode.I64_REINTERPRET_F64);
            }
            if (t.equals(ValType.I32) || t.equals(ValType.F32)) {
                cv.visitInsn(Opcode.I64_EXTEND_I32_U);
            }
            cv.visitInsn(Opcode.I64_XOR);
            cv.visitI64Const(PRIME);
            cv.visitInsn(Opcode.I64_MUL);
            cv.visitIndexInsn(Opcode.GLOBAL_SET, digest);
        }
    }

    /**
     * The runs with their arguments dropped and neighbours that then replay identically joined:
     * the digest checks the arguments, so calls that differ only there are one run.
     */
    public static List<CallRun> withoutArguments(List<CallRun> runs) {
        List<CallRun> out = new ArrayList<>();
        ImportCallReplay last = null;
        long count = 0;
        for (CallRun r : runs) {
            ImportCallReplay c = r.call();
            ImportCallReplay bare = c.args().isEmpty() ? c
                    : new ImportCallReplay(List.of(), c.nested(), c.beforeReturn(), c.results(), c.returns(), c.threw());
            if (bare.equals(last)) {
                count += r.count();
            } else {
                if (last != null) {
                    out.add(new CallRun(count, last));
                }
                last = bare;
                count = r.count();
            }
        }
        if (last != null) {
            out.add(new CallRun(count, last));
        }
        return out;
    }
}
