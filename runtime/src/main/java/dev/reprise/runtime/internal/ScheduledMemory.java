package dev.reprise.runtime.internal;

import dev.reprise.runtime.sched.Scheduler;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.TrapException;
import run.endive.wasm.types.DataSegment;

/**
 * A shared memory whose native {@code memory.atomic.wait32/wait64/notify} go to the
 * cooperative scheduler instead of blocking the Java thread; everything else is delegated.
 * Only one guest thread runs at a time, so plain reads inside a wait are atomic.
 */
@SuppressWarnings("removal")
public final class ScheduledMemory extends DelegatingMemory {
    private final Scheduler scheduler;

    public ScheduledMemory(Memory delegate, Scheduler scheduler) {
        super(delegate);
        this.scheduler = scheduler;
    }

    /** The wrapped memory. */
    public Memory delegate() {
        return delegate;
    }

    private boolean zeroed;

    /**
     * Zeroes the memory the first time only: Endive zeroes each memory an instance defines as it
     * instantiates, and a shared memory is one memory for every thread's instance, which a thread
     * that starts later must not wipe (found replaying avif's pthreads, whose workers' instances
     * came up to a memory without its data).
     */
    @Override
    public synchronized void zero() {
        if (!zeroed) {
            zeroed = true;
            delegate.zero();
        }
    }

    private void checkBounds(int addr, int size) {
        if (addr < 0 || (long) addr + size > (long) delegate.pages() * PAGE_SIZE) {
            throw new TrapException("out of bounds memory access");
        }
    }

    @Override
    public int waitOn(int addr, int expected, long timeout) {
        return atomicWait(addr, expected, timeout);
    }

    @Override
    public int waitOn(int addr, long expected, long timeout) {
        return atomicWait(addr, expected, timeout);
    }

    @Override
    public int notify(int addr, int count) {
        return atomicNotify(addr, count);
    }

    @Override
    public int atomicWait(int addr, int expected, long timeout) {
        checkBounds(addr, 4);
        return scheduler.futexWait(this, addr, () -> delegate.readInt(addr) == expected, timeout);
    }

    @Override
    public int atomicWait(int addr, long expected, long timeout) {
        checkBounds(addr, 8);
        return scheduler.futexWait(this, addr, () -> delegate.readLong(addr) == expected, timeout);
    }

    @Override
    public int atomicNotify(int addr, int count) {
        checkBounds(addr, 4);
        return scheduler.futexNotify(this, addr, count);
    }

}
