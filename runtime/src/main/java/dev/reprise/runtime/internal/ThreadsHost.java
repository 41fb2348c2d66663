package dev.reprise.runtime.internal;

import dev.reprise.runtime.GuestExitException;
import dev.reprise.runtime.sched.BatonLog;
import dev.reprise.runtime.sched.DecisionSource;
import dev.reprise.runtime.sched.RecordingDecisions;
import dev.reprise.runtime.sched.ScheduleDivergedException;
import dev.reprise.runtime.sched.Scheduler;
import dev.reprise.runtime.sched.ScriptedDecisions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import run.endive.runtime.ExportFunction;
import run.endive.runtime.HostFunction;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.TrapException;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * Host imports for threads and the scheduler: {@code wasi.thread-spawn},
 * {@code wasi.model_checker_select}, and the {@code reprise} module the transform passes
 * target: {@code preempt}, {@code atomic.wait32/wait64/notify}, {@code model_checker_select}
 * and {@code assert}. Multi-threaded replay modules also import the scheduling twins of host
 * calls whose results they replay: {@code replay.yield} ({@code sched_yield}),
 * {@code replay.block} (a call that blocked for good), {@code replay.exit} ({@code proc_exit}),
 * and {@code replay.expect_schedule(count, fingerprint)}, which traps unless the run is driven
 * by exactly that strict {@link ScriptedDecisions} list ({@code replay.poll_oneoff} and
 * {@code replay.output} are the WASI host's).
 */
public final class ThreadsHost {
    /** Module of the scheduler imports. */
    public static final String REPRISE = "reprise";
    /** Module of {@code thread-spawn}. */
    public static final String WASI = "wasi";
    /** The export a spawned thread runs. */
    public static final String THREAD_START = "wasi_thread_start";

    private static final ValType I = ValType.I32;
    private static final ValType L = ValType.I64;

    private final Scheduler scheduler;
    private final long preemptStepNanos;
    private Supplier<Instance> instances;

    /** @param preemptStepNanos virtual time that passes at each {@code reprise.preempt} call */
    public ThreadsHost(Scheduler scheduler, long preemptStepNanos) {
        this.scheduler = scheduler;
        this.preemptStepNanos = preemptStepNanos;
    }

    /**
     * Sets how a new instance (sharing the memory) is made for each spawned thread; in hand-off
     * mode also for each thread the baton's log starts, which runs {@code wasi_thread_start(tid, 0)}
     * (a replay's driver of that thread's calls).
     */
    public void instanceFactory(Supplier<Instance> factory) {
        this.instances = factory;
        if (scheduler.followsLog()) {
            scheduler.realmThreads(tid -> factory.get().export(THREAD_START).apply(tid, 0));
        }
    }

    /** Thrown by {@code reprise.assert} when its condition is false. */
    public static final class GuestAssertionError extends TrapException {
        private static final long serialVersionUID = 1L;

        public GuestAssertionError(String message) {
            super(message);
        }
    }

    private static FunctionType type(ValType[] params, ValType... results) {
        return FunctionType.of(params, results);
    }

    private static ValType[] p(ValType... t) {
        return t;
    }

    /** The host functions. */
    public List<HostFunction> hostFunctions() {
        List<HostFunction> f = new ArrayList<>();
        f.add(new HostFunction(WASI, "thread-spawn", type(p(I), I), (inst, a) -> new long[] {spawn((int) a[0])}));
        f.add(new HostFunction(WASI, "model_checker_select", type(p(I), I),
                (inst, a) -> new long[] {scheduler.select((int) a[0])}));
        f.add(new HostFunction(REPRISE, "model_checker_select", type(p(I), I),
                (inst, a) -> new long[] {scheduler.select((int) a[0])}));
        f.add(new HostFunction(REPRISE, "preempt", type(p()), (inst, a) -> {
            scheduler.preempt(preemptStepNanos);
            return null;
        }));
        f.add(new HostFunction(REPRISE, "atomic.wait32", type(p(I, I, L, L, I), I),
                (inst, a) -> new long[] {wait(inst, (int) a[0], a[1], a[2], a[3], (int) a[4], 4)}));
        f.add(new HostFunction(REPRISE, "atomic.wait64", type(p(I, L, L, L, I), I),
                (inst, a) -> new long[] {wait(inst, (int) a[0], a[1], a[2], a[3], (int) a[4], 8)}));
        f.add(new HostFunction(REPRISE, "atomic.notify", type(p(I, I, L, I), I),
                (inst, a) -> new long[] {notify(inst, (int) a[0], (int) a[1], a[2], (int) a[3])}));
        f.add(new HostFunction(REPRISE, "replay.yield", type(p()), (inst, a) -> {
            scheduler.yieldNow();
            return null;
        }));
        f.add(new HostFunction(REPRISE, "replay.block", type(p()), (inst, a) -> {
            scheduler.blockForever("a host call that blocked for good in the recorded run");
            return null;
        }));
        f.add(new HostFunction(REPRISE, "replay.exit", type(p(I)), (inst, a) -> {
            throw new GuestExitException((int) a[0]);
        }));
        f.add(new HostFunction(REPRISE, "replay.idle", type(p()), (inst, a) -> {
            scheduler.idle();
            return null;
        }));
        f.add(new HostFunction(REPRISE, "replay.tid", type(p(), I), (inst, a) -> new long[] {Scheduler.currentThreadId()}));
        f.add(new HostFunction(REPRISE, "replay.end", type(p()), (inst, a) -> {
            scheduler.awaitEndOfLog();
            return null;
        }));
        f.add(new HostFunction(REPRISE, "replay.expect_schedule", type(p(I, L)), (inst, a) -> {
            expectSchedule((int) a[0], a[1]);
            return null;
        }));
        f.add(new HostFunction(REPRISE, "assert", type(p(I, I, I)), (inst, a) -> {
            if ((int) a[0] == 0) {
                String msg = new String(inst.memory().readBytes((int) a[1], (int) a[2]), StandardCharsets.UTF_8);
                throw new GuestAssertionError("assertion failed: " + msg);
            }
            return null;
        }));
        return f;
    }

    private void expectSchedule(int count, long fingerprint) {
        DecisionSource source = RecordingDecisions.unwrap(scheduler.source());
        if (source instanceof BatonLog log) {
            if (log.entries().size() == count && log.fingerprint() == fingerprint) {
                return;
            }
            throw new ScheduleDivergedException(0, "this replay runs only under the baton log it was recorded with ("
                    + count + " entries, fingerprint " + Long.toHexString(fingerprint) + "), but the run follows one of "
                    + log.entries().size() + " entries (fingerprint " + Long.toHexString(log.fingerprint()) + ")");
        }
        if (source instanceof ScriptedDecisions s && s.isStrict() && s.length() == count && s.fingerprint() == fingerprint) {
            return;
        }
        String given = source instanceof ScriptedDecisions s ? (s.isStrict() ? "" : "a non-strict ") + "schedule of "
                + s.length() + " decisions (fingerprint " + Long.toHexString(s.fingerprint()) + ")" : "no schedule (" + source + ")";
        throw new ScheduleDivergedException(0, "this multi-threaded replay runs only under the schedule it was recorded"
                + " with (" + count + " decisions, fingerprint " + Long.toHexString(fingerprint) + "), but the run has " + given
                + ": 'reprise run' takes it from the module's reprise.schedule section, Sandbox.run users from"
                + " ReplaySchedule.apply");
    }

    private int spawn(int arg) {
        if (instances == null) {
            return -1;
        }
        Instance inst = instances.get();
        ExportFunction start;
        try {
            start = inst.export(THREAD_START);
        } catch (RuntimeException e) {
            return -1;
        }
        if (start == null) {
            return -1;
        }
        return scheduler.spawn(THREAD_START, tid -> start.apply(tid, arg));
    }

    private static Memory memory(Instance inst, int index) {
        Memory m = inst.memory(index);
        if (m == null) {
            throw new TrapException("unknown memory " + index);
        }
        return m;
    }

    private static int effectiveAddress(Memory m, int addr, long offset, int size) {
        long ea = Integer.toUnsignedLong(addr) + offset;
        if (offset < 0 || ea + size > (long) m.pages() * Memory.PAGE_SIZE) {
            throw new TrapException("out of bounds memory access");
        }
        if (ea % size != 0) {
            throw new TrapException("unaligned atomic");
        }
        return (int) ea;
    }

    private int wait(Instance inst, int addr, long expected, long timeout, long offset, int memIndex, int size) {
        Memory m = memory(inst, memIndex);
        int ea = effectiveAddress(m, addr, offset, size);
        if (!m.shared()) {
            throw new TrapException("expected shared memory");
        }
        Object key = m instanceof ScheduledMemory sm ? sm : m;
        if (size == 4) {
            int exp = (int) expected;
            return scheduler.futexWait(key, ea, () -> m.readInt(ea) == exp, timeout);
        }
        return scheduler.futexWait(key, ea, () -> m.readLong(ea) == expected, timeout);
    }

    private int notify(Instance inst, int addr, int count, long offset, int memIndex) {
        Memory m = memory(inst, memIndex);
        int ea = effectiveAddress(m, addr, offset, 4);
        if (!m.shared()) {
            return 0;
        }
        return scheduler.futexNotify(m, ea, count);
    }
}
