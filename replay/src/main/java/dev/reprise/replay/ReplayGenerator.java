package dev.reprise.replay;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.RuntimeImports;
import dev.reprise.replay.internal.ImportInliner;
import dev.reprise.replay.internal.TwoModuleLayout;
import dev.reprise.wasm.IndexRemapper;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import java.util.Map;

/**
 * Generates ONE standalone module from a target and a reduced trace: every imported function of
 * the target becomes a defined function that replays that import's recorded calls (a call
 * counter, then per call the arguments check, re-entrant export calls, host effects and recorded
 * results), imported tables, memories and globals become defined ones, and a driver exported as
 * {@code _start} makes the host's export calls in recorded order and checks their results: the
 * replay is self-checking and traps with {@code unreachable} at the first difference. The
 * target's own {@code _start} export is renamed {@value ImportInliner#RENAMED_START}.
 *
 * <pre>
 * before:  (import "env" "rand" (func $rand (result i32)))  (func $main (export "main") (result i32) call $rand)
 * after:   (func $main (export "main") (result i32) call $rand)
 *          (func $rand (result i32) (local $n i32) ;; global $calls counts the calls
 *            (if (i32.ge_u (local.get $n) (i32.const 2)) (then unreachable))   ;; more calls than recorded
 *            (return (call $rand.calls0 (local.get $n))))
 *          (func $rand.calls0 (param $n i32) (result i32)   ;; run-length: call 0 -> 4, call 1 -> 9
 *            (if (i32.lt_u (local.get $n) (i32.const 1)) (then (return (i32.const 4))) (else (return (i32.const 9))))
 *            unreachable)
 *          (func $replay.driver (export "_start") (call $main) (i32.const 13) (i32.ne) (if (then unreachable)))
 * </pre>
 *
 * Imported functions come first in the index space, so the target's defined functions move down
 * by the number of imports and the replay functions take the places behind them, in import
 * order; {@link IndexRemapper} renumbers everything, names included.
 *
 * <h2>Multi-threaded runs</h2>
 * A trace with spawned threads ({@link ReducedTrace#multiThreaded()}) gives a module that runs
 * under reprise's runtime and its deterministic scheduler, driven by the recorded decisions:
 * <ul>
 *   <li>The runtime's imports stay real imports ({@link RuntimeImports}: {@code wasi.thread-spawn},
 *       {@code reprise.*}), first in the function index space, followed by the scheduling twins
 *       the replay adds ({@code reprise.replay.*}); every other import is replayed.</li>
 *   <li>Each thread runs in its own instance, so call counters are per thread: a replay global
 *       {@code replay.tid} (0 in the main instance) is set by a wrapper that takes over the
 *       {@code wasi_thread_start} export (the target's is renamed
 *       {@code wasi_thread_start.target}); the wrapper checks the start argument, applies the
 *       effects recorded before the thread started and calls the target. An import's replay
 *       function picks the calling thread's recorded calls by {@code replay.tid}.</li>
 *   <li>Decision points are where the recording had them. The budget of the preemption pass
 *       counts preemption points passed (function entries and loop headers), not instructions,
 *       and the recorder put points only in the program's own functions; here the pass is applied
 *       to the merged module limited to the target's functions (the first ones defined), with the
 *       recorded budget, so replay stubs, the driver and the thread-start wrapper pass none.
 *       Blocking and yielding host calls are decision points too: their replay calls a twin that
 *       makes the same scheduler move without touching memory ({@code sched_yield} ->
 *       {@code replay.yield}; {@code poll_oneoff} -> {@code replay.poll_oneoff}, which sleeps until
 *       the deadline the real call computed on the same virtual clock; a call that never returned
 *       -> {@code replay.block}; {@code proc_exit} -> {@code replay.exit}, which ends the run with
 *       the code). Spawns and futex waits are the target's own code or kept imports. Output is
 *       not a decision point, but {@code fd_write} to fd 1 and 2 also calls
 *       {@code replay.output}, so that the replay prints what the recorded run printed (its
 *       results still come from the recording).</li>
 *   <li>The decisions and the clock settings travel in the custom section
 *       {@value ReplaySchedule#SECTION} ({@link ReplaySchedule}); {@code _start} first calls
 *       {@code reprise.replay.expect_schedule(count, fingerprint)}, which stops the run with a
 *       clear message unless it is driven by exactly that strict schedule.</li>
 * </ul>
 * Under that schedule the threads interleave as recorded, so every thread makes its import
 * calls in the recorded order and the host effects land at the same places of the interleaving;
 * a run that takes another path traps at the first self-check (arguments, call counts, thread
 * starts) or diverges from the script.
 */
public final class ReplayGenerator {
    /** The export a spawned thread runs (wasi-threads). */
    static final String THREAD_START = "wasi_thread_start";

    /**
     * The exported mutable i32 global a replay has when its recorded run ended inside an import
     * call that never returned (WASI {@code proc_exit}, a host trap): the replay sets it to 1 just
     * before trapping there, so a trap with it set is the recorded end, any other trap a failed check.
     */
    public static final String END_EXPORT = "reprise.replay.end";
    /** The module a two-module replay's target (T') imports everything from, and the name R is linked under. */
    public static final String TWO_MODULE_IMPORTS = TwoModuleLayout.MODULE;

    private final ReplayOptions options;
    /** The hook the stubs of throwing imports call before they throw, or null. */
    private final Hook throwReport;
    /** Where calls of host functions are reported, or null. */
    private final HostCallReport hostCallReport;

    /** A function import {@code module.name} of type {@code () -> ()} a replay calls to report to a recorder. */
    record Hook(String module, String name) {
    }

    /** Where a replay reports calls of host functions: the recorder's hook module and the first host function's import slot. */
    record HostCallReport(String module, int firstSlot) {
    }

    /** With {@link ReplayOptions#DEFAULTS}. */
    public ReplayGenerator() {
        this(ReplayOptions.DEFAULTS);
    }

    /** With the given layout options. */
    public ReplayGenerator(ReplayOptions options) {
        this(options, null, null);
    }

    private ReplayGenerator(ReplayOptions options, Hook throwReport, HostCallReport hostCallReport) {
        this.options = options;
        this.throwReport = throwReport;
        this.hostCallReport = hostCallReport;
    }

    /**
     * The same generator, whose merged replays of runs where the host threw through guest frames
     * import {@code module.name} (no parameters, no results) and call it in the stub of each import
     * whose host threw, just before it throws: a recorder behind that import sees where the
     * exception comes from, as the recorder of the original run did ({@code reprise verify}'s
     * re-recording; the replay itself needs no such import).
     */
    public ReplayGenerator reportingThrowsTo(String module, String name) {
        return new ReplayGenerator(options, new Hook(module, name), hostCallReport);
    }

    /**
     * The same generator, whose merged replays place in the table, for each function the host set
     * there ({@link ReducedTrace#hostFunctions}), a wrapper of its stub that reports each call to
     * the recording hooks the target imports from {@code module} ({@code import_enter} with
     * {@code firstSlot + k} for the k-th host function, value hooks, {@code import_exit}), as the
     * recorder of the original run reported the host's function ({@code reprise verify}).
     */
    public ReplayGenerator reportingHostCallsTo(String module, int firstSlot) {
        return new ReplayGenerator(options, throwReport, new HostCallReport(module, firstSlot));
    }

    /**
     * The merged module and what went into it; {@code hostFunctionEntries} maps the output index of
     * the function placed in the table for each host function to its position in
     * {@link ReducedTrace#hostFunctions}.
     */
    public record Result(byte[] wasm, int functionsAdded, int dataSegmentsAdded, long codeCallsReplayed,
            Map<Integer, Integer> hostFunctionEntries) {
        /** Copies the map. */
        public Result {
            hostFunctionEntries = Map.copyOf(hostFunctionEntries);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Generates the merged replay module. */
    public Result generate(byte[] target, ReducedTrace trace) {
        ModuleReader reader = new ModuleReader(target);
        ModuleSummary summary = reader.summary();
        return new ReplayPlan(options, target, reader, summary, trace, false, throwReport, hostCallReport).build();
    }

    /**
     * The two modules of {@code reprise replay --two-modules} (see {@link TwoModuleLayout}).
     *
     * @param target       T': the target importing from {@value TwoModuleLayout#MODULE}, exporting {@code _start}
     * @param replayModule R: the replay module, zero imports; instantiate it first, register it as
     *                     {@value TwoModuleLayout#MODULE}, then instantiate T' and call its {@code _start}
     */
    public record TwoModules(byte[] target, byte[] replayModule, int functionsAdded, int dataSegmentsAdded,
            long codeCallsReplayed) {
    }

    /**
     * Generates the replay as two modules linked by standard imports, instead of one merged module.
     * Refused (a {@link ReplayException}) for multi-threaded traces and options that keep imports.
     */
    public TwoModules generateTwoModules(byte[] target, ReducedTrace trace) {
        if (!options.keep().isEmpty()) {
            throw new ReplayException("two-module replays cannot keep imports (such as --keep-output): the replay "
                    + "module has no imports");
        }
        if (trace.multiThreaded()) {
            throw new ReplayException("two-module replays of multi-threaded runs are not supported: generate one "
                    + "merged module instead");
        }
        ModuleReader reader = new ModuleReader(target);
        return new ReplayPlan(options, target, reader, reader.summary(), trace, true, null, null).buildTwoModules();
    }
}
