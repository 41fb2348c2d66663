package dev.reprise.runtime.sched;

/** A guest thread as the scheduler sees it. Mutated only under the scheduler's lock. */
public final class GuestThread {
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private final int tid;
    private final String name;
    ThreadState state = ThreadState.RUNNABLE;
    /** Signalled when this thread gets the baton (or the run stops); set by the scheduler. */
    java.util.concurrent.locks.Condition baton;
    Object waitMemory;
    long waitAddress;
    long waitOrder;
    int since;
    long deadline = NO_DEADLINE;
    int wakeResult;
    String reason = "";
    Thread javaThread;

    GuestThread(int tid, String name) {
        this.tid = tid;
        this.name = name;
    }

    /** Thread id: 0 for the main thread, 1.. for spawned threads in spawn order. */
    public int tid() {
        return tid;
    }

    public String name() {
        return name;
    }

    public ThreadState state() {
        return state;
    }

    /** One line describing the state, as printed in a deadlock report (times as absolute ns). */
    public String describe() {
        return describe(0);
    }

    /** One line describing the state; deadlines are shown relative to {@code clockStart}. */
    public String describe(long clockStart) {
        String head = "thread " + tid + " (" + name + "): ";
        return switch (state) {
            case WAITING -> head + "waiting on address 0x" + Long.toHexString(waitAddress)
                    + (deadline == NO_DEADLINE ? " without timeout" : " until t=" + (deadline - clockStart) + "ns")
                    + " since decision " + since;
            case SLEEPING -> head + "sleeping until t=" + (deadline - clockStart) + "ns since decision " + since;
            case BLOCKED -> head + "blocked (" + reason + ") since decision " + since;
            default -> head + state.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
