package dev.reprise.runtime.check.internal;

import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.sched.DecisionSource;

/**
 * Runs one execution of the prepared program (parsed and compiled once, shared by every
 * execution and thread) with the checker's decision source and, when footprints are wanted,
 * with the recording memory and host wrappers. Guest output is captured, never printed.
 */
public final class Runner {
    private final Program program;
    private final RunOptions base;

    public Runner(Program program, RunOptions base) {
        this.program = program;
        this.base = base;
    }

    /** The program. */
    public Program program() {
        return program;
    }

    /**
     * Runs once. A {@link Prune} thrown by {@code source} comes back out of this method.
     *
     * @param rec where footprints go; null to run without recording (faster)
     */
    public RunOutcome run(DecisionSource source, FootprintRecorder rec) {
        RunOptions.Builder b = base.toBuilder().stdout(null).stderr(null).log(null).decisions(() -> source);
        if (rec != null) {
            int[] ids = {0};
            b.imports(fns -> CheckHost.wrap(base.imports().apply(fns), rec))
                    .memoryWrapper(m -> new RecordingMemory(base.memoryWrapper().apply(m), rec, ids[0]++));
        }
        return Sandbox.run(program, b.build());
    }
}
