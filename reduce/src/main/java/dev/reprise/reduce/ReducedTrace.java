package dev.reprise.reduce;

import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.Value;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace reduced to what replay needs: the host's export calls in order (the driver), per
 * imported function the replay of each of its calls, effects to apply before anything runs
 * ({@code preamble}: reads made before the host first had control, e.g. by a start function),
 * the values imported globals held at instantiation ({@code initialGlobals}), the host's changes
 * after the last export call returned ({@code epilogue}: in shadow-mode traces, the bytes the
 * host wrote that the module never read, reported at the end so that a replay ends in the same
 * state), and the final state the replay must reach ({@code finalMemories}: the trace's memory
 * digests, empty when the trace has none). Encoded by {@link ReducedTraceCodec}.
 *
 * <p>A multi-threaded run adds {@code threads} (every spawned thread, tid 1 up, with its start
 * call and its own import calls; the driver and {@code imports} are thread 0's) and the
 * {@code schedule} it ran under; both are empty ({@link Schedule#NONE}) for one thread.
 *
 * <p>{@code hostFunctions} declares the functions the host made and set into the module's tables
 * ({@link TraceEvent.HostFunction}, indices past the module's functions): {@code imports} holds
 * their calls as it holds an import's, and table effects may refer to them.
 */
public record ReducedTrace(int formatVersion, byte[] moduleSha256, List<Effect> preamble,
        Map<Integer, Value> initialGlobals, List<ExportInvoke> driver, List<ImportReplay> imports,
        List<Effect> epilogue, List<TraceEvent.MemoryDigest> finalMemories, List<ThreadReplay> threads,
        Schedule schedule, List<TraceEvent.HostFunction> hostFunctions) {

    /**
     * The format version written by this library (2 added {@code epilogue} and {@code finalMemories},
     * 3 the threads and the schedule; 1 and 2 are still read).
     */
    public static final int CURRENT_VERSION = 3;
    /** The format version of traces with calls that threw or were unwound (written only for them); the newest read. */
    public static final int UNWINDING_VERSION = 4;
    /** The format version of traces with host functions (written only for them; unwinding may come too); the newest read. */
    public static final int HOST_FUNCTIONS_VERSION = 5;
    /**
     * The format version of traces recorded in several JavaScript realms (written only for them): the
     * realm threads' calls, the threads of the decisions and the realm entries; the newest read.
     */
    public static final int REALMS_VERSION = 6;

    /** Copies the collections (globals sorted by index, imports as given). */
    public ReducedTrace {
        moduleSha256 = moduleSha256.clone();
        preamble = List.copyOf(preamble);
        initialGlobals = Collections.unmodifiableMap(new TreeMap<>(initialGlobals));
        driver = List.copyOf(driver);
        imports = List.copyOf(imports);
        epilogue = List.copyOf(epilogue);
        finalMemories = List.copyOf(finalMemories);
        threads = List.copyOf(threads);
        java.util.Objects.requireNonNull(schedule, "schedule");
        hostFunctions = List.copyOf(hostFunctions);
    }

    /** A reduced trace without host functions. */
    public ReducedTrace(int formatVersion, byte[] moduleSha256, List<Effect> preamble,
            Map<Integer, Value> initialGlobals, List<ExportInvoke> driver, List<ImportReplay> imports,
            List<Effect> epilogue, List<TraceEvent.MemoryDigest> finalMemories, List<ThreadReplay> threads,
            Schedule schedule) {
        this(formatVersion, moduleSha256, preamble, initialGlobals, driver, imports, epilogue, finalMemories, threads,
                schedule, List.of());
    }

    /** The format version a trace of this content needs at least: the oldest that can hold it. */
    public static int versionFor(boolean unwinds, boolean hostFunctions) {
        return versionFor(unwinds, hostFunctions, false);
    }

    /** The format version a trace of this content needs at least, {@code realms}: recorded in several JavaScript realms. */
    public static int versionFor(boolean unwinds, boolean hostFunctions, boolean realms) {
        return realms ? REALMS_VERSION : hostFunctions ? HOST_FUNCTIONS_VERSION : unwinds ? UNWINDING_VERSION
                : CURRENT_VERSION;
    }

    /** A single-threaded reduced trace. */
    public ReducedTrace(int formatVersion, byte[] moduleSha256, List<Effect> preamble,
            Map<Integer, Value> initialGlobals, List<ExportInvoke> driver, List<ImportReplay> imports,
            List<Effect> epilogue, List<TraceEvent.MemoryDigest> finalMemories) {
        this(formatVersion, moduleSha256, preamble, initialGlobals, driver, imports, epilogue, finalMemories, List.of(),
                Schedule.NONE);
    }

    /** Whether the run spawned threads (its replay then runs under reprise's scheduler). */
    public boolean multiThreaded() {
        return !threads.isEmpty();
    }

    /** Whether some export call was unwound or some import call threw (the replay then needs exception handling). */
    public boolean unwinds() {
        List<ImportReplay> all = new java.util.ArrayList<>(imports);
        threads.forEach(t -> all.addAll(t.imports()));
        for (ImportReplay r : all) {
            for (CallRun run : r.runs()) {
                if (run.call().threw()) {
                    return true;
                }
            }
        }
        return driver.stream().anyMatch(ExportInvoke::unwound);
    }

    /** A reduced trace without epilogue and final memory digests. */
    public ReducedTrace(int formatVersion, byte[] moduleSha256, List<Effect> preamble,
            Map<Integer, Value> initialGlobals, List<ExportInvoke> driver, List<ImportReplay> imports) {
        this(formatVersion, moduleSha256, preamble, initialGlobals, driver, imports, List.of(), List.of());
    }

    /** A copy with other top-level export calls (same everything else). */
    public ReducedTrace withDriver(List<ExportInvoke> newDriver) {
        return new ReducedTrace(formatVersion, moduleSha256, preamble, initialGlobals, newDriver, imports, epilogue,
                finalMemories, threads, schedule, hostFunctions);
    }

    /** The module digest, a fresh array (empty when unknown). */
    @Override
    public byte[] moduleSha256() {
        return moduleSha256.clone();
    }

    /** The replay of imported function {@code funcIndex}, or null when the trace never calls it. */
    public ImportReplay importReplay(int funcIndex) {
        for (ImportReplay r : imports) {
            if (r.funcIndex() == funcIndex) {
                return r;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReducedTrace t && t.formatVersion == formatVersion
                && java.util.Arrays.equals(t.moduleSha256, moduleSha256) && t.preamble.equals(preamble)
                && t.initialGlobals.equals(initialGlobals) && t.driver.equals(driver) && t.imports.equals(imports)
                && t.epilogue.equals(epilogue) && t.finalMemories.equals(finalMemories) && t.threads.equals(threads)
                && t.schedule.equals(schedule) && t.hostFunctions.equals(hostFunctions);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(formatVersion, preamble, initialGlobals, driver, imports, epilogue, finalMemories,
                threads, schedule, hostFunctions);
    }
}
