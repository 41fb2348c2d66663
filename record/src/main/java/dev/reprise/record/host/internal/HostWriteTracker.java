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
 */
public final class HostWriteTracker {
    /** The largest piece of one {@code HostWrite} event (the binary format's limit). */
    public static final int MAX_PIECE = 1 << 24;

    /** Per guest thread: who has control, and what the host wrote while it had it. */
    private static final class ThreadState {
        boolean guest;
        final Map<TrackedMemory, DirtyRanges> dirty = new IdentityHashMap<>(2);
        final List<TrackedMemory> grown = new ArrayList<>(1);
    }

    private final List<TrackedMemory> memories = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ThreadState> states = ThreadLocal.withInitial(ThreadState::new);
    private volatile Thread owner;
    private volatile boolean threaded;
    private volatile boolean tracking = true;
    /** The instance whose memories were last checked to be wrapped (the check runs once per instance in a row). */
    private volatile Instance checked;

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

    void wrote(TrackedMemory memory, int address, long length) {
        ThreadState s = states.get();
        if (!s.guest) {
            s.dirty.computeIfAbsent(memory, k -> new DirtyRanges()).add(Integer.toUnsignedLong(address), length);
        }
    }

    void grew(TrackedMemory memory) {
        ThreadState s = states.get();
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
        states.get().guest = guest;
        Thread me = Thread.currentThread();
        if (!threaded) {
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
        if (checked != instance) {
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
        ThreadState s = states.get();
        if (s.grown.isEmpty() && s.dirty.isEmpty()) {
            return;
        }
        TrackedMemory[] mine = new TrackedMemory[memoryCount];
        for (int i = 0; i < memoryCount; i++) {
            mine[i] = (TrackedMemory) instance.memory(i);
        }
        for (int i = 0; i < memoryCount; i++) {
            if (s.grown.remove(mine[i])) {
                emit.accept(new TraceEvent.MemoryGrow(tid, i, mine[i].pages()));
            }
        }
        for (int i = 0; i < memoryCount; i++) {
            DirtyRanges d = s.dirty.remove(mine[i]);
            if (d == null) {
                continue;
            }
            long[] ranges = d.take();
            for (int r = 0; r < ranges.length; r += 2) {
                for (long at = ranges[r]; at < ranges[r + 1]; at += MAX_PIECE) {
                    int n = (int) Math.min(MAX_PIECE, ranges[r + 1] - at);
                    emit.accept(new TraceEvent.HostWrite(tid, i, at, mine[i].delegate().readBytes((int) at, n)));
                }
            }
        }
        if (!s.dirty.isEmpty() || !s.grown.isEmpty()) {
            throw new IllegalStateException("host-mode recording: the host wrote to a memory that is not one of the"
                    + " calling instance's " + memoryCount + " memories");
        }
    }
}
