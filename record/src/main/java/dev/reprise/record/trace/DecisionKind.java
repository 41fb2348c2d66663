package dev.reprise.record.trace;

/** What a scheduler decision chose between, each with its stable code in the binary format. */
public enum DecisionKind {
    /** Which runnable thread runs next (at a yield, block, preemption point or thread exit). */
    THREAD_SWITCH(0, "thread_switch"),
    /** Which waiter a futex notify wakes (the wake order). */
    WAKE(1, "wake"),
    /** An explicit choice the program asked for ({@code model_checker_select}). */
    SELECT(2, "select"),
    /** Whether a preemption point switches threads. */
    PREEMPT(3, "preempt"),
    /**
     * Which thread takes the baton next, as a recorder outside reprise's runtime saw it (the
     * JavaScript recorder of a module that runs in several realms): the event's thread resumes,
     * and the choice is how, among 3 outcomes of a wait: 0 it arrived (was idle) or was notified,
     * 2 its wait timed out (1, not equal, never hands the baton on).
     */
    RESUME(4, "resume"),
    /**
     * The event's thread, waiting with a timeout, timed out here (JavaScript recorder of threads):
     * it no longer waits, so a later notify does not wake it. Options 0, choice 0.
     */
    TIMED_OUT(5, "timed_out"),
    /**
     * A notify by the event's thread woke {@code choice} waiters (JavaScript recorder of threads;
     * options 0): a replay checks that its notify woke as many.
     */
    NOTIFIED(6, "notified");

    private final int code;
    private final String jsonName;

    DecisionKind(int code, String jsonName) {
        this.code = code;
        this.jsonName = jsonName;
    }

    /** The stable code in the binary format. */
    public int code() {
        return code;
    }

    /** The name in JSON Lines. */
    public String jsonName() {
        return jsonName;
    }

    /** The kind with this code, or {@code null}. */
    public static DecisionKind ofCode(int code) {
        for (DecisionKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }

    /** The kind with this JSON name, or {@code null}. */
    public static DecisionKind ofJsonName(String name) {
        for (DecisionKind k : values()) {
            if (k.jsonName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
