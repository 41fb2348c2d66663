package dev.reprise.replay;

/**
 * How the replay module is laid out.
 *
 * @param passiveThreshold stores of at least this many bytes use {@code memory.init} from a passive data segment
 * @param runsPerFunction  at most this many call runs of one import per replay function (bodies are split beyond)
 * @param callsPerFunction at most this many export calls per driver function
 * @param selfCheck        compare export results and import arguments with the recorded ones, trapping on a mismatch
 */
public record ReplayOptions(int passiveThreshold, int runsPerFunction, int callsPerFunction, boolean selfCheck) {
    /** The defaults: 32-byte passive threshold, 256 runs and 256 calls per function, self-checking on. */
    public static final ReplayOptions DEFAULTS = new ReplayOptions(32, 256, 256, true);

    /** Checks the sizes. */
    public ReplayOptions {
        if (passiveThreshold < 1 || runsPerFunction < 1 || callsPerFunction < 1) {
            throw new IllegalArgumentException("replay option sizes must be positive");
        }
    }
}
