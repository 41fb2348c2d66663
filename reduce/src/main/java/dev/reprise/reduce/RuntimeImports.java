package dev.reprise.reduce;

/**
 * The imports reprise's runtime provides for threads and scheduling: {@code wasi.thread-spawn},
 * {@code wasi.model_checker_select} and everything in module {@code reprise} (preemption points,
 * the atomics pass's {@code atomic.wait32/wait64/notify}, {@code model_checker_select},
 * {@code assert}). A multi-threaded replay keeps them as real imports: they are how the replay
 * reaches the scheduler's decision points; they change no module state a replay would have to
 * provide (a spawn's tid and a wait's outcome follow from the schedule).
 */
public final class RuntimeImports {
    /** The runtime's own import module. */
    public static final String REPRISE = "reprise";

    private RuntimeImports() {
    }

    /** Whether {@code module.name} is one of the runtime's thread and scheduler imports. */
    public static boolean isRuntime(String module, String name) {
        return module.equals(REPRISE)
                || module.equals("wasi") && (name.equals("thread-spawn") || name.equals("model_checker_select"));
    }
}
