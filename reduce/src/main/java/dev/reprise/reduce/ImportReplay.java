package dev.reprise.reduce;

import java.util.List;

/**
 * Every recorded call of one imported function, in call order, run-length encoded.
 * {@code module}/{@code name} are as the trace named them (possibly empty).
 */
public record ImportReplay(int funcIndex, String module, String name, List<CallRun> runs) {
    /** Copies the runs. */
    public ImportReplay {
        runs = List.copyOf(runs);
    }

    /** The number of calls recorded (the sum of the runs). */
    public long calls() {
        long n = 0;
        for (CallRun r : runs) {
            n += r.count();
        }
        return n;
    }
}
