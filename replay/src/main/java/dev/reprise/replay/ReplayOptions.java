package dev.reprise.replay;

import java.util.List;

/**
 * How the replay module is laid out.
 *
 * @param passiveThreshold stores of at least this many bytes use {@code memory.init} from a passive data segment
 * @param runsPerFunction  at most this many call runs of one import per replay function (bodies are split beyond,
 *                         and sooner when the runs carry many effects: see {@code ImportStubs.chunkEnd})
 * @param callsPerFunction at most this many export calls per driver function
 * @param selfCheck        compare export results and import arguments with the recorded ones, trapping on a mismatch
 * @param checkEachCall    with {@code selfCheck}, compare each import call's arguments where it is made; otherwise a
 *                         digest of each import's arguments is compared at its last recorded call (a smaller, faster
 *                         replay that still traps on any difference, only later; see {@code ArgumentDigest})
 * @param keep             function imports kept as real imports of the replay instead of being replayed
 */
public record ReplayOptions(int passiveThreshold, int runsPerFunction, int callsPerFunction, boolean selfCheck,
        boolean checkEachCall, List<KeptImport> keep) {
    /**
     * The defaults: 32-byte passive threshold, 64 runs and 256 calls per function, self-checking on
     * (arguments by digest), nothing kept. Functions stay small enough for the JVM's JIT (under
     * reprise's runtime a wasm function is one JVM method, left interpreted over 8,000 bytes).
     */
    public static final ReplayOptions DEFAULTS = new ReplayOptions(32, 64, 256, true);

    /**
     * What {@code --keep-output} keeps: WASI {@code fd_write} (its calls to stdout and stderr; those
     * to files are replayed) and {@code proc_exit} (the exit status).
     */
    public static final List<KeptImport> KEEP_OUTPUT = List.of(KeptImport.function(KeptImport.WASI, "fd_write"),
            KeptImport.function(KeptImport.WASI, "proc_exit"));

    /** Checks the sizes and copies the kept imports. */
    public ReplayOptions {
        if (passiveThreshold < 1 || runsPerFunction < 1 || callsPerFunction < 1) {
            throw new IllegalArgumentException("replay option sizes must be positive");
        }
        keep = List.copyOf(keep);
    }

    /** Options that keep no import and check arguments by digest. */
    public ReplayOptions(int passiveThreshold, int runsPerFunction, int callsPerFunction, boolean selfCheck) {
        this(passiveThreshold, runsPerFunction, callsPerFunction, selfCheck, false, List.of());
    }

    /** The same options, checking each import call's arguments where it is made ({@code on}) or by digest. */
    public ReplayOptions checkingEachCall(boolean on) {
        return new ReplayOptions(passiveThreshold, runsPerFunction, callsPerFunction, selfCheck, on, keep);
    }

    /** Whether import arguments are checked by digest (self-checking, and not at each call). */
    public boolean digestsArguments() {
        return selfCheck && !checkEachCall;
    }

    /** The same options, keeping {@code kept} as well. */
    public ReplayOptions keeping(List<KeptImport> kept) {
        List<KeptImport> all = new java.util.ArrayList<>(keep);
        for (KeptImport k : kept) {
            if (!all.contains(k)) {
                all.add(k);
            }
        }
        return new ReplayOptions(passiveThreshold, runsPerFunction, callsPerFunction, selfCheck, checkEachCall, all);
    }

    /** Whether the function import {@code module.name} is kept. */
    public boolean keeps(String module, String name) {
        for (KeptImport k : keep) {
            if (k.matches(module, name)) {
                return true;
            }
        }
        return false;
    }
}
