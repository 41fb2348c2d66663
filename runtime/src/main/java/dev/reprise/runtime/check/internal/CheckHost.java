package dev.reprise.runtime.check.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import run.endive.runtime.HostFunction;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.TrapException;

/**
 * Adapts the sandbox's host functions for footprint recording. Scheduler calls that only pass
 * the baton or pick a value ({@code sched_yield}, {@code reprise.preempt},
 * {@code model_checker_select}, {@code reprise.assert}) just mark the calling thread as
 * running; {@code reprise.atomic.wait32/wait64/notify} are routed through the memory's own
 * wait and notify (so the {@link RecordingMemory} sees them, and the futex queue is the same
 * one native {@code memory.atomic.wait/notify} use, exactly as in a plain run); every other
 * host call (WASI I/O, clocks, random, spawn, exit) is global: dependent on every step.
 */
public final class CheckHost {
    private static final Set<String> LOCAL = Set.of("wasi_snapshot_preview1.sched_yield", "reprise.preempt",
            "reprise.model_checker_select", "wasi.model_checker_select", "reprise.assert");

    private CheckHost() {
    }

    /** Wraps {@code functions} to report to {@code rec}. */
    public static List<HostFunction> wrap(List<HostFunction> functions, FootprintRecorder rec) {
        List<HostFunction> out = new ArrayList<>(functions.size());
        for (HostFunction f : functions) {
            String key = f.module() + "." + f.name();
            HostFunction w;
            if (key.equals("reprise.atomic.wait32") || key.equals("reprise.atomic.wait64")) {
                int size = key.endsWith("32") ? 4 : 8;
                w = new HostFunction(f.module(), f.name(), f.functionType(), (inst, a) -> {
                    rec.touch();
                    long r = wait(inst, (int) a[0], a[1], a[2], a[3], (int) a[4], size);
                    rec.touch();
                    return new long[] {r};
                });
            } else if (key.equals("reprise.atomic.notify")) {
                w = new HostFunction(f.module(), f.name(), f.functionType(), (inst, a) -> {
                    rec.touch();
                    return new long[] {notify(inst, (int) a[0], (int) a[1], a[2], (int) a[3])};
                });
            } else if (key.equals("wasi.thread-spawn")) {
                // spawns depend on each other (tid order) and on the new thread, not on other steps;
                // the new instance's data segments are recorded by the memory
                w = new HostFunction(f.module(), f.name(), f.functionType(), (inst, a) -> {
                    rec.spawn();
                    long[] r = f.handle().apply(inst, a);
                    rec.touch();
                    return r;
                });
            } else if (LOCAL.contains(key)) {
                w = new HostFunction(f.module(), f.name(), f.functionType(), (inst, a) -> {
                    rec.touch();
                    long[] r = f.handle().apply(inst, a);
                    rec.touch();
                    return r;
                });
            } else {
                w = new HostFunction(f.module(), f.name(), f.functionType(), (inst, a) -> {
                    rec.global();
                    long[] r = f.handle().apply(inst, a);
                    rec.touch(); // the call's effects happened before any switch inside it
                    return r;
                });
            }
            out.add(w);
        }
        return out;
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

    private static int wait(Instance inst, int addr, long expected, long timeout, long offset, int memIndex, int size) {
        Memory m = memory(inst, memIndex);
        int ea = effectiveAddress(m, addr, offset, size);
        if (!m.shared()) {
            throw new TrapException("expected shared memory");
        }
        return size == 4 ? m.atomicWait(ea, (int) expected, timeout) : m.atomicWait(ea, expected, timeout);
    }

    private static int notify(Instance inst, int addr, int count, long offset, int memIndex) {
        Memory m = memory(inst, memIndex);
        int ea = effectiveAddress(m, addr, offset, 4);
        if (!m.shared()) {
            return 0;
        }
        return m.atomicNotify(ea, count);
    }
}
