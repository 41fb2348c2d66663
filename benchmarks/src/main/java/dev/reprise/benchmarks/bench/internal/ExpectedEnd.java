package dev.reprise.benchmarks.bench.internal;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.replay.ReplayGenerator;

/**
 * How a correct replay ends. Normally {@code _start} returns. When the recorded run ended inside
 * an import call that never returned ({@code proc_exit}), the replay reproduces that call: it
 * sets its exported global {@value ReplayGenerator#END_EXPORT} to 1 and traps there. So a trap
 * with the flag set is the recorded end, and any other trap (flag 0) is a failed self-check.
 *
 * @param trapImport the name of the import the recorded run ended in, or null when the replay returns
 */
public record ExpectedEnd(String trapImport) {
    /** What the replay of this reduced trace should do. */
    public static ExpectedEnd of(ReducedTrace trace) {
        for (ImportReplay imp : trace.imports()) {
            for (CallRun run : imp.runs()) {
                if (run.call().endedTheRun()) {
                    return new ExpectedEnd(imp.name().isEmpty() ? "import " + imp.funcIndex() : imp.name());
                }
            }
        }
        return new ExpectedEnd(null);
    }

    /** Whether the replay should end with its end trap. */
    public boolean traps() {
        return trapImport != null;
    }

    /** {@code "return"} or {@code "trap in NAME"}. */
    public String describe() {
        return trapImport == null ? "return" : "trap in " + trapImport;
    }

    /**
     * Judges a run: {@code trapped} (with {@code message}) and the end flag afterwards. Null when
     * it ended as recorded, else what went wrong.
     */
    public String judge(boolean trapped, boolean endFlag, String message) {
        if (!trapped) {
            return trapImport == null ? null : "returned, but the recorded run ended in " + trapImport;
        }
        if (endFlag && trapImport != null) {
            return null;
        }
        return endFlag ? "ended inside an import, but the recorded run returned"
                : "a self-check failed (trap: " + message + ")";
    }
}
