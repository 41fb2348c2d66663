package dev.reprise.replay;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ThreadReplay;
import dev.reprise.wasm.Import;
import dev.reprise.record.trace.Value;
import dev.reprise.replay.internal.ArgumentDigest;
import dev.reprise.replay.internal.Dispatch;
import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The functions that take the places of a target's imports in a replay: per import, a call
 * counter and chunks of its recorded call runs, each run replayed by making the host's
 * re-entrant export calls, applying its effects and returning its results. A self-checking
 * replay checks the arguments by a running digest at the import's last call
 * ({@link ArgumentDigest}), or, with {@link ReplayOptions#checkEachCall}, at each call.
 */
final class ImportStubs {
    /** What a run of an import stub is expected to weigh: a 57-byte read is 4 (the dispatch, two effects, a result). */
    private static final int WEIGHT_PER_RUN = 4;

    private final ReplayPlan plan;

    ImportStubs(ReplayPlan plan) {
        this.plan = plan;
    }

    /** The replay function of import slot {@code i} (an import, or a host function) and its chunk functions. */
    void defineImport(int i) {
        int self = plan.importTarget[i];
        int typeIndex = plan.slotTypeIndex(i);
        FuncType type = plan.slotType(i);
        int funcIndex = plan.funcIndexOf(i);
        List<int[]> owners = new ArrayList<>(); // {tid}
        List<ImportReplay> replays = new ArrayList<>();
        if (plan.trace.importReplay(funcIndex) != null) {
            owners.add(new int[] {0});
            replays.add(plan.trace.importReplay(funcIndex));
        }
        for (ThreadReplay t : plan.trace.threads()) {
            if (t.importReplay(funcIndex) != null) {
                owners.add(new int[] {t.tid()});
                replays.add(t.importReplay(funcIndex));
            }
        }
        if (replays.isEmpty()) {
            plan.define(self, typeIndex, cv -> {
                cv.visitBodyStart();
                cv.visitInsn(Opcode.UNREACHABLE);
                cv.visitEnd();
            });
            return;
        }
        GlobalType counterType = new GlobalType(ValType.I32, true);
        int counter = plan.appender.appendGlobal(counterType, ConstExpr.i32(0));
        List<ValType> chunkParams = new ArrayList<>(type.params());
        chunkParams.add(ValType.I32);
        int chunkType = plan.type(new FuncType(chunkParams, type.results()));
        int n = type.params().size();
        int real = plan.keptAt[i]; // >= 0: calls that go to the real import re-apply what was recorded after it
        // a kept import whose calls are partly replayed (fd_write to a file) decides by each call's arguments
        boolean mixed = real >= 0 && replays.stream().anyMatch(r -> r.runs().stream().anyMatch(run -> !plan.callsReal(i, run.call())));
        boolean digested = n > 0 && !mixed && plan.options.digestsArguments() && ArgumentDigest.covers(type)
                && replays.stream().allMatch(r -> ArgumentDigest.recorded(r.runs(), n));
        int digest = digested ? plan.appender.appendGlobal(new GlobalType(ValType.I64, true),
                ConstExpr.i64(ArgumentDigest.START)) : -1;
        long[] expected = new long[replays.size()]; // per owner: the digest of its calls' arguments
        List<List<int[]>> chunksPerThread = new ArrayList<>(); // per owner: {function, first call after the chunk}
        for (int o = 0; o < replays.size(); o++) {
            String label = plan.importLabel(i) + (plan.threaded ? ".t" + owners.get(o)[0] : "");
            List<CallRun> runs = replays.get(o).runs();
            if (digested) {
                expected[o] = ArgumentDigest.of(runs);
                runs = ArgumentDigest.withoutArguments(runs);
            }
            List<int[]> chunks = new ArrayList<>();
            long first = 0;
            for (int from = 0; from < runs.size(); ) {
                int to = chunkEnd(runs, from);
                List<CallRun> part = runs.subList(from, to);
                int f = plan.reserve(label + ".calls" + from);
                from = to;
                long start = first;
                for (CallRun r : part) {
                    first += r.count();
                }
                plan.calls += first - start;
                plan.define(f, chunkType, cv -> chunkBody(cv, i, type, part, start, real, mixed));
                chunks.add(new int[] {f, (int) first});
            }
            chunksPerThread.add(chunks);
            if (plan.options.digestsArguments() && !plan.threaded) {
                plan.callCounts.add(new long[] {counter, first});
            }
        }
        plan.define(self, typeIndex, cv -> {
            cv.visitLocals(1, ValType.I32);
            cv.visitBodyStart();
            cv.visitIndexInsn(Opcode.GLOBAL_GET, counter);
            cv.visitIndexInsn(Opcode.LOCAL_SET, n);
            cv.visitIndexInsn(Opcode.GLOBAL_GET, counter);
            cv.visitI32Const(1);
            cv.visitInsn(Opcode.I32_ADD);
            cv.visitIndexInsn(Opcode.GLOBAL_SET, counter);
            if (digested) {
                ArgumentDigest.emitMix(cv, type, digest);
            }
            for (int o = 0; o < chunksPerThread.size(); o++) {
                if (plan.threaded) {
                    // this thread's calls (each thread's instance has its own counter)
                    cv.visitIndexInsn(Opcode.GLOBAL_GET, plan.tidGlobal);
                    cv.visitI32Const(owners.get(o)[0]);
                    cv.visitInsn(Opcode.I32_EQ);
                    cv.visitBlock(Opcode.IF, BlockType.EMPTY);
                }
                List<int[]> chunks = chunksPerThread.get(o);
                long total = chunks.get(chunks.size() - 1)[1];
                cv.visitIndexInsn(Opcode.LOCAL_GET, n);
                cv.visitI32Const((int) total);
                cv.visitInsn(Opcode.I32_GE_U);
                cv.visitBlock(Opcode.IF, BlockType.EMPTY);
                plan.emitter.fail(cv); // called more often than recorded
                cv.visitInsn(Opcode.END);
                if (digested) {
                    // the last recorded call: every argument so far must have been as recorded
                    cv.visitIndexInsn(Opcode.LOCAL_GET, n);
                    cv.visitI32Const((int) total - 1);
                    cv.visitInsn(Opcode.I32_EQ);
                    cv.visitBlock(Opcode.IF, BlockType.EMPTY);
                    cv.visitIndexInsn(Opcode.GLOBAL_GET, digest);
                    plan.emitter.check(cv, Value.i64(expected[o]), ValType.I64);
                    cv.visitInsn(Opcode.END);
                }
                long[] ends = new long[chunks.size()];
                for (int k = 0; k < ends.length; k++) {
                    ends[k] = chunks.get(k)[1];
                }
                Dispatch.bisect(cv, n, ends, 0, ends.length, k -> {
                    for (int p = 0; p <= n; p++) {
                        cv.visitIndexInsn(Opcode.LOCAL_GET, p);
                    }
                    cv.visitIndexInsn(Opcode.CALL, chunks.get(k)[0]);
                    cv.visitInsn(Opcode.RETURN);
                });
                if (plan.threaded) {
                    cv.visitInsn(Opcode.END);
                }
            }
            plan.emitter.fail(cv); // not reached: every branch returns (threads: a thread that made no such call)
            cv.visitEnd();
        });
    }

    /**
     * Where the chunk starting at run {@code from} ends: after {@link ReplayOptions#runsPerFunction}
     * runs, or sooner once its runs weigh {@link #WEIGHT_PER_RUN} times that. The JVM's JIT leaves
     * methods over 8,000 bytes of bytecode to its interpreter, and Endive compiles a wasm function to
     * one method: base64's replay, 256 of its 57-byte reads per function (10.8 KB of bytecode), ran
     * its import stubs interpreted, 5.2 ms against 4.2 ms in chunks of 64 (2.7 KB).
     */
    private int chunkEnd(List<CallRun> runs, int from) {
        int maxRuns = plan.options.runsPerFunction();
        long maxWeight = (long) maxRuns * WEIGHT_PER_RUN;
        long weight = 0;
        int to = from;
        while (to < runs.size() && to - from < maxRuns) {
            weight += weight(runs.get(to).call());
            if (to > from && weight > maxWeight) {
                break;
            }
            to++;
        }
        return to;
    }

    /**
     * About how many groups of instructions replaying {@code call} takes: one per argument check,
     * result, nested call and its values, and per effect (a short store one per 8 bytes: it is
     * written as the widest aligned stores).
     */
    private long weight(ImportCallReplay call) {
        long w = 1 + call.args().size() + call.results().size() + weight(call.beforeReturn());
        for (ExportInvoke e : call.nested()) {
            w += 1 + e.args().size() + e.expected().size() + weight(e.before());
        }
        return w;
    }

    private long weight(List<Effect> effects) {
        long w = 0;
        for (Effect e : effects) {
            w += e instanceof Effect.Store s && s.bytes().length < plan.options.passiveThreshold()
                    ? Math.max(1, (s.bytes().length + 7) / 8) : 1;
        }
        return w;
    }

    /**
     * Calls {@code start..} of one import: the run holding call {@code $n} (the last parameter)
     * replays; {@code real >= 0} is the kept import the calls go to, only those that
     * {@link ReplayPlan#callsReal} when the import is {@code mixed} (result locals follow {@code $n}).
     */
    private void chunkBody(CodeVisitor cv, int i, FuncType type, List<CallRun> runs, long start, int real, boolean mixed) {
        int n = type.params().size();
        if (real >= 0) {
            for (ValType r : type.results()) {
                cv.visitLocals(1, r);
            }
        }
        cv.visitBodyStart();
        long[] ends = new long[runs.size()];
        long end = start;
        for (int k = 0; k < ends.length; k++) {
            end += runs.get(k).count();
            ends[k] = end;
        }
        Dispatch.bisect(cv, n, ends, 0, ends.length, k -> {
            if (real >= 0 && (!mixed || plan.callsReal(i, runs.get(k).call()))) {
                keptRunBody(cv, type, runs.get(k).call(), real);
            } else {
                runBody(cv, i, type, runs.get(k).call());
            }
        });
        plan.emitter.fail(cv); // not reached: every run returns or traps
        cv.visitEnd();
    }

    /** One run's replay: argument checks, re-entrant plan.calls, effects, results, {@code return}. */
    private void runBody(CodeVisitor cv, int i, FuncType type, ImportCallReplay call) {
        int n = type.params().size();
        if (plan.options.selfCheck() && call.args().size() == n) {
            for (int p = 0; p < n; p++) {
                cv.visitIndexInsn(Opcode.LOCAL_GET, p);
                plan.emitter.check(cv, call.args().get(p), type.params().get(p));
            }
        }
        boolean twins = plan.threaded && !plan.realms; // a realm replay's host calls are not reprise's WASI host's
        if (twins && !call.returns()) {
            // the recorded run ended inside this call (proc_exit): the host's last writes land before the twin ends it
            plan.emitter.effects(cv, call.beforeReturn());
        }
        if (twins) {
            schedulingTwin(cv, plan.functionImport(i), type, call);
        }
        boolean passesOn = call.passesOnAThrow();
        for (int k = 0; k < call.nested().size(); k++) {
            // the host caught what went through its nested call, unless that is how this call ended
            plan.emitInvoke(cv, call.nested().get(k), !(passesOn && k == call.nested().size() - 1));
        }
        if (!twins || call.returns()) {
            plan.emitter.effects(cv, call.beforeReturn());
        }
        if (call.threw()) {
            if (!passesOn) {
                // the recorded host threw here, after its effects; a recorder behind the report hook sees it first
                if (plan.throwReport != null) {
                    cv.visitIndexInsn(Opcode.CALL, plan.twins.get(plan.throwReport.name()));
                }
                plan.emitter.throwUnwinding(cv);
            }
            return; // passed on: the nested call threw and is not caught here (its code ends unreachable)
        }
        if (!call.returns()) {
            end(cv); // the call never returned in the recorded run
            return;
        }
        List<Value> results = call.results();
        if (!results.isEmpty() && results.size() != type.results().size()) {
            throw new ReplayException("an import returns " + type.results().size()
                    + " values, the plan.trace recorded " + results.size());
        }
        for (int k = 0; k < type.results().size(); k++) {
            plan.emitter.push(cv, results.isEmpty() ? null : results.get(k), type.results().get(k));
        }
        cv.visitInsn(Opcode.RETURN);
    }

    /** Marks the recorded end of the run ({@link #END_EXPORT} = 1), then traps: the recorded call never returned. */
    private void end(CodeVisitor cv) {
        cv.visitI32Const(1);
        cv.visitIndexInsn(Opcode.GLOBAL_SET, plan.endGlobal);
        cv.visitInsn(Opcode.UNREACHABLE);
    }

    /**
     * One run of a kept import: check the recorded arguments, call the real import, check its
     * results against the recorded ones, re-apply the recorded effects (the host's writes at this
     * point, which may include writes of other host plan.calls the module reads only now), return the
     * real results. Re-entrant export plan.calls are the real host's to make.
     */
    private void keptRunBody(CodeVisitor cv, FuncType type, ImportCallReplay call, int real) {
        int n = type.params().size();
        if (call.threw()) {
            throw new ReplayException("a kept import threw through guest frames in the recorded run: keeping it is not"
                    + " supported (replay it instead)");
        }
        if (plan.options.selfCheck() && call.args().size() == n) {
            for (int p = 0; p < n; p++) {
                cv.visitIndexInsn(Opcode.LOCAL_GET, p);
                plan.emitter.check(cv, call.args().get(p), type.params().get(p));
            }
        }
        if (!call.returns()) {
            // the recorded run ended inside this call (proc_exit; a runtime import that trapped, as
            // reprise.assert in a model checker's failing run): its final effects go first, and the
            // end is marked before the real call, which may trap there as the recorded one did
            plan.emitter.effects(cv, call.beforeReturn());
            cv.visitI32Const(1);
            cv.visitIndexInsn(Opcode.GLOBAL_SET, plan.endGlobal);
        }
        for (int p = 0; p < n; p++) {
            cv.visitIndexInsn(Opcode.LOCAL_GET, p);
        }
        cv.visitIndexInsn(Opcode.CALL, real);
        int first = n + 1;
        List<ValType> results = type.results();
        for (int k = results.size() - 1; k >= 0; k--) {
            cv.visitIndexInsn(Opcode.LOCAL_SET, first + k);
        }
        if (!call.returns()) {
            end(cv);
            return;
        }
        plan.emitter.effects(cv, call.beforeReturn());
        if (plan.options.selfCheck() && call.results().size() == results.size()) {
            for (int k = 0; k < results.size(); k++) {
                cv.visitIndexInsn(Opcode.LOCAL_GET, first + k);
                plan.emitter.check(cv, call.results().get(k), results.get(k));
            }
        }
        for (int k = 0; k < results.size(); k++) {
            cv.visitIndexInsn(Opcode.LOCAL_GET, first + k);
        }
        cv.visitInsn(Opcode.RETURN);
    }

    /**
     * The scheduler move the recorded host call made, without its effects: a yield, the sleep of
     * a {@code poll_oneoff}, the end of the run at {@code proc_exit}, or blocking for good where
     * the call never returned.
     */
    private void schedulingTwin(CodeVisitor cv, Import imp, FuncType type, ImportCallReplay call) {
        boolean wasi = imp.module().equals("wasi_snapshot_preview1") || imp.module().equals("wasi_unstable");
        String name = wasi ? imp.name() : "";
        List<ValType> p = type.params();
        if (name.equals("sched_yield")) {
            cv.visitIndexInsn(Opcode.CALL, plan.twins.get("replay.yield"));
        } else if (name.equals("poll_oneoff") && p.size() == 4 && p.get(0).equals(ValType.I32)
                && p.get(2).equals(ValType.I32)) {
            cv.visitIndexInsn(Opcode.LOCAL_GET, 0);
            cv.visitIndexInsn(Opcode.LOCAL_GET, 2);
            cv.visitIndexInsn(Opcode.CALL, plan.twins.get("replay.poll_oneoff"));
        } else if (name.equals("fd_write") && p.size() == 4 && p.stream().allMatch(ValType.I32::equals)) {
            for (int k = 0; k < 3; k++) {
                cv.visitIndexInsn(Opcode.LOCAL_GET, k);
            }
            cv.visitIndexInsn(Opcode.CALL, plan.twins.get("replay.output"));
        } else if (name.equals("proc_exit") && p.size() == 1 && p.get(0).equals(ValType.I32)) {
            cv.visitIndexInsn(Opcode.LOCAL_GET, 0);
            cv.visitIndexInsn(Opcode.CALL, plan.twins.get("replay.exit"));
        } else if (!call.returns()) {
            cv.visitIndexInsn(Opcode.CALL, plan.twins.get("replay.block"));
        }
    }

}
