package dev.reprise.runtime.sched;

/** Scheduling state of a guest thread. */
public enum ThreadState {
    /** In the run queue. */
    RUNNABLE,
    /** Holds the baton. */
    RUNNING,
    /** In a futex wait ({@code atomic.wait32/64}), possibly with a timeout. */
    WAITING,
    /** In a timed sleep ({@code poll_oneoff} clock subscription). */
    SLEEPING,
    /** Blocked forever (e.g. reading a stdin that never delivers). */
    BLOCKED,
    /** Finished. */
    EXITED,
    /** Between two calls of the host (hand-off mode, {@link BatonLog}): runs again when the log says. */
    IDLE,
    /** The main thread after its last call (hand-off mode): runs again, to end the run, when the log ends. */
    ENDING
}
