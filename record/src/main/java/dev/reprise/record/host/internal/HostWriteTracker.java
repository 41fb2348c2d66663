package dev.reprise.record.host.internal;

import dev.reprise.record.trace.TraceEvent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;

/**
 * Host-mode recording's memory side: wraps every memory of a run in a {@link TrackedMemory},
 * knows per thread whether the host or the guest has control, collects the byte ranges the host
 * writes (and memory growth) while it has control, and turns them into {@code MemoryGrow} and
 * {@code HostWrite} events when the guest resumes.
 *
 * <p>Cost while the guest runs: single-threaded, the memories' {@code tracking} flag is false
 * whenever the guest has control, so a store pays one field test. Once a second thread calls a
 * hook (wasi-threads) the flag stays on and each write asks its thread's state (a thread-local
 * lookup), because the cooperative scheduler may hand control to another thread inside guest
 * code; writes of a thread in guest state are then dropped, those of a thread inside an import
 * are that call's host writes. Events are written by the thread whose import returns, in the
 * scheduler's order, so the recording stays deterministic.
 *
 * <p>When the host reaches memory only through a view ({@link #view}: reprise's own WASI functions,
 * {@code RunOptions.hostMemoryView}), the memories themselves stay unwrapped and the guest's loads
 * and stores pay nothing at all; only the view notes writes, and only those of the host.
 */
public final class HostWriteTracker {
    /** The largest piece of one {@code HostWrite} event (the binary format's limit). */
    public static final int MAX_PIECE = 1 << 24;

    /** Per guest thread: who has control, and what the host wrote while it had it. */
    private static final class ThreadState {
        boolean guest;
        /** Ranges per memory, kept (and emptied) from call to call. */
        final Map<TrackedMemory, DirtyRanges> dirty = new IdentityHashMap<>(2);
        /** Memories with ranges since the last collect. */
        int dirtyCount;
        final List<TrackedMemory> grown = new ArrayList<>(1);
    }

    private final List<TrackedMemory> memories = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ThreadState> states = ThreadLocal.withInitial(ThreadState::new);
    /** The state of the thread that asked last (one guest thread runs at a time: almost always a hit). */
    private volatile Last last;

    private record Last(Thread thread, ThreadState state) {
    }
    private volatile Thread owner;
    private volatile boolean threaded;
    private volatile boolean tracking = true;
    /** The instance whose memories were last checked to be wrapped (the check runs once per instance in a row). */
    private volatile Instance checked;

    /** Views of unwrapped memories, by memory: what the host writes through. */
    private final Map<Memory, TrackedMemory> views = new IdentityHashMap<>(2);
    private volatile TrackedMemory lastView;
    private final boolean viewsOnly;

    /** A tracker that wraps the run's memories ({@link #wrap}). */
    public HostWriteTracker() {
        this(false);
    }

    /**
     * @param viewsOnly the host reaches memory only through {@link #view}s: the instance's memories
     *     are left unwrapped
     */
    public HostWriteTracker(boolean viewsOnly) {
        this.viewsOnly = viewsOnly;
    }

    /**
     * The memory as the host must see it so that its writes are noted: a view that tracks every
     * write (host functions run only while the host has control), the same view for the same memory.
     */
    public Memory view(Memory memory) {
        TrackedMemory v = lastView;
        if (v != null && v.delegate() == memory) {
            return v;
        }
        if (memory instanceof TrackedMemory t && t.tracker() == this) {
            return t;
        }
        synchronized (views) {
            v = views.computeIfAbsent(memory, m -> new TrackedMemory(m, this, true));
        }
        lastView = v;
        return v;
    }

    private TrackedMemory tracked(Memory memory) {
        if (owns(memory)) {
            return (TrackedMemory) memory;
        }
        TrackedMemory v = lastView;
        if (v != null && v.delegate() == memory) {
            return v;
        }
        synchronized (views) {
            return views.get(memory);
        }
    }

    /** Wraps a memory of the run; until a hook says otherwise, the host has control. */
    public TrackedMemory wrap(Memory memory) {
        if (memory instanceof TrackedMemory t && t.tracker() == this) {
            return t;
        }
        TrackedMemory t = new TrackedMemory(memory, this, tracking);
        memories.add(t);
        return t;
    }

    /** Whether {@code memory} is one this tracker wrapped. */
    public boolean owns(Memory memory) {
        return memory instanceof TrackedMemory t && t.tracker() == this;
    }

    private ThreadState state() {
        Thread me = Thread.currentThread();
        Last l = last;
        if (l != null && l.thread == me) {
            return l.state;
        }
        ThreadState s = states.get();
        last = new Last(me, s);
        return s;
    }

    void wrote(TrackedMemory memory, int address, long length) {
        if (length <= 0) {
            // nothing written (a host filling a buffer of 0 bytes); noted, it counted a dirty memory with no
            // range, which collect() then took for a write into a memory the calling instance does not have
            return;
        }
        ThreadState s = state();
        if (!s.guest) {
            DirtyRanges d = ranges(s, memory);
            if (d.isEmpty()) {
                s.dirtyCount++;
            }
            d.add(Integer.toUnsignedLong(address), length);
        }
    }

    /** The ranges {@code s} holds for {@code memory}, created on first use; the memory caches the last pair (one thread: always a hit). */
    private static DirtyRanges ranges(ThreadState s, TrackedMemory memory) {
        CachedRanges c = memory.cachedRanges;
        if (c != null && c.owner == s) {
            return c.ranges;
        }
        DirtyRanges d = s.dirty.get(memory);
        if (d == null) {
            d = new DirtyRanges();
            s.dirty.put(memory, d);
        }
        memory.cachedRanges = new CachedRanges(s, d);
        return d;
    }

    /** A memory's cache of its ranges in one thread's state (one object, so threads never see half of it). */
    record CachedRanges(Object owner, DirtyRanges ranges) {
    }

    void grew(TrackedMemory memory) {
        ThreadState s = state();
        if (!s.guest && !s.grown.contains(memory)) {
            s.grown.add(memory);
        }
    }

    /** The guest takes control on the calling thread (after {@link #collect}). */
    public void guestRuns() {
        control(true);
    }

    /** The host takes control on the calling thread (an import call, or an export returned). */
    public void hostRuns() {
        control(false);
    }

    private void control(boolean guest) {
        state().guest = guest;
        if (!threaded) {
            Thread me = Thread.currentThread();
            if (owner == null) {
                owner = me;
            } else if (owner != me) {
                threaded = true;
            }
        }
        boolean track = threaded || !guest;
        if (track != tracking) {
            tracking = track;
            for (TrackedMemory m : memories) {
                m.tracking = track;
            }
        }
    }

    /** {@code HostWrite}s of memory {@code index}'s bytes {@code [start, end)}, in pieces of at most {@link #MAX_PIECE}. */
    private static void emitWrites(TrackedMemory memory, int index, long start, long end, int tid, Consumer<TraceEvent> emit) {
        for (long at = start; at < end; at += MAX_PIECE) {
            int n = (int) Math.min(MAX_PIECE, end - at);
            emit.accept(new TraceEvent.HostWrite(tid, index, at, memory.delegate().readBytes((int) at, n)));
        }
    }

    /**
     * Emits what the host did to the memories of {@code instance} on the calling thread since the
     * guest last had control: a {@code MemoryGrow} per grown memory (its new size), then a
     * {@code HostWrite} per coalesced written range (contents as they are now), in memory and
     * address order.
     *
     * @param memoryCount the module's memories (imported and defined)
     * @throws IllegalStateException when a memory of the instance was not wrapped by this tracker
     *     (its host writes would go unrecorded)
     */
    public void collect(Instance instance, int memoryCount, int tid, Consumer<TraceEvent> emit) {
        if (checked != instance && !viewsOnly) {
            for (int i = 0; i < memoryCount; i++) {
                Memory m = instance.memory(i);
                if (!owns(m)) {
                    throw new IllegalStateException("host-mode recording: memory " + i + " of the instance is a "
                            + m.getClass().getSimpleName() + " the recorder did not wrap, so the host's writes to it cannot be"
                            + " seen; create memories with the recorder's memory factory (JavaHostRecorder.instanceBuilder(),"
                            + " memoryFactory(), wrapMemory())");
                }
            }
            checked = instance;
        }
        ThreadState s = state();
        if (s.grown.isEmpty() && s.dirtyCount == 0) {
            return;
        }
        TrackedMemory[] mine = new TrackedMemory[memoryCount];
        for (int i = 0; i < memoryCount; i++) {
            mine[i] = tracked(instance.memory(i));
        }
        for (int i = 0; i < memoryCount && !s.grown.isEmpty(); i++) {
            if (mine[i] != null && s.grown.remove(mine[i])) {
                emit.accept(new TraceEvent.MemoryGrow(tid, i, mine[i].pages()));
            }
        }
        for (int i = 0; i < memoryCount; i++) {
            DirtyRanges d = mine[i] == null ? null : ranges(s, mine[i]);
            if (d == null || d.isEmpty()) {
                continue;
            }
            s.dirtyCount--;
            if (d.isSingle()) { // the common case (one buffer or one struct written): no array
                long start = d.singleStart();
                long end = d.singleEnd();
                d.clear();
                emitWrites(mine[i], i, start, end, tid, emit);
                continue;
            }
            long[] ranges = d.take();
            for (int r = 0; r < ranges.length; r += 2) {
                emitWrites(mine[i], i, ranges[r], ranges[r + 1], tid, emit);
            }
        }
        if (s.dirtyCount != 0 || !s.grown.isEmpty()) {
            throw new IllegalStateException("host-mode recording: the host wrote to a memory that is not one of the"
                    + " calling instance's " + memoryCount + " memories");
        }
    }
}
