package dev.reprise.transform.record;

import dev.reprise.transform.Pass;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.FunctionImportAdder;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.SubType;
import dev.reprise.wasm.ValType;

/**
 * Instruments a module for recording: it reports, through imports of module
 * {@value RecordingHook#MODULE} ({@link RecordingHook}), every host call into an export and its
 * return, every call of an import and its return (all results), and every value the module
 * reads that the host may have changed.
 *
 * <pre>
 * before:  (func $f (result i32) (i32.load offset=4 (local.get 0)))
 *          (export "f" (func $f))
 * after (shadow mode; memory 1 is the shadow of memory 0):
 *          (func $f (result i32) (local $a i32) ...
 *            (local.tee $a (local.get 0)) (i32.load offset=4)
 *            (if (i32.ne (i32.load offset=4 (local.get $a)) (i32.load 1 offset=4 (local.get $a)))
 *              (then (call $check_mem0_4 (i64.add (i64.extend_i32_u (local.get $a)) (i64.const 4))))))
 *          ;; full mode calls $check_mem0_4 (which calls read_i32) unconditionally
 *          (func $export_f (result i32) (local $r i32)
 *            (call $export_enter (i32.const 0)) (local.set $r (call $f))
 *            (call $value_i32 (local.get $r)) (call $export_exit (i32.const 0)) (local.get $r))
 *          (export "f" (func $export_f))
 * </pre>
 *
 * <h2>Hook protocol</h2>
 * All hooks take only i32/i64 and return nothing; indices are those of the original module.
 * <table>
 * <tr><th>hook</th><th>params</th><th>when</th></tr>
 * <tr><td>export_enter / export_exit</td><td>(i32 export)</td><td>around a host call of export number
 *   {@code export} (export-section order), inside the wrapper the export now points to;
 *   arguments are reported right after enter, results right before exit</td></tr>
 * <tr><td>import_enter / import_exit</td><td>(i32 func)</td><td>around a call of imported function
 *   {@code func} (direct, through a table, or by reference); arguments after enter, then the
 *   import runs (re-entrant export calls nest here), then every result, then exit</td></tr>
 * <tr><td>value_i32 / value_i64</td><td>(i32) / (i64)</td><td>one argument or result</td></tr>
 * <tr><td>value_f32 / value_f64</td><td>(i32 bits) / (i64 bits)</td><td>raw IEEE bits: NaN payloads kept</td></tr>
 * <tr><td>value_v128</td><td>(i64 low, i64 high)</td><td>one vector</td></tr>
 * <tr><td>value_ref</td><td>(i32 isNull)</td><td>a reference: only whether it is null</td></tr>
 * <tr><td>read_i8 / read_i16 / read_i32</td><td>(i32 mem, i64 addr, i32 value)</td><td>bytes read at
 *   effective address {@code addr} (offset included), as stored (little-endian, zero-extended)</td></tr>
 * <tr><td>read_i64</td><td>(i32 mem, i64 addr, i64 value)</td><td>eight bytes</td></tr>
 * <tr><td>read_v128</td><td>(i32 mem, i64 addr, i64 low, i64 high)</td><td>sixteen bytes</td></tr>
 * <tr><td>read_range</td><td>(i32 mem, i64 addr, i64 len)</td><td>full mode: an in-bounds
 *   {@code memory.copy} source; the recorder reads the bytes from the memory</td></tr>
 * <tr><td>memory_size</td><td>(i32 mem, i64 pages)</td><td>full: at each {@code memory.size}/{@code grow};
 *   shadow: when the memory grew behind the module's back</td></tr>
 * <tr><td>table_get / call_indirect</td><td>(i32 table, i64 index)</td><td>{@code table.get} or
 *   {@code call_indirect} through an imported or exported table; the recorder reads the entry</td></tr>
 * <tr><td>table_size</td><td>(i32 table, i64 size)</td><td>{@code table.size} of such a table</td></tr>
 * <tr><td>global_i32 / global_i64 / global_f32 / global_f64 / global_v128</td><td>(i32 global, value as
 *   for value_*)</td><td>a read of a mutable global that is imported or exported</td></tr>
 * </table>
 * Which reads are reported: in {@code full} mode every load of every width and kind (plain,
 * narrow, atomic, SIMD, lane, splat, zero-extending; {@link dev.reprise.wasm.Opcode#access()}),
 * the old value of every atomic read-modify-write, every {@code memory.copy} source range and
 * every global read as above. In the default shadow mode only values that differ from what the
 * module itself wrote are reported. In host mode no read is reported (see {@link RecordingMode}):
 * only the boundary hooks and {@code start_enter}/{@code start_exit} around the start function.
 *
 * <h2>Where the shadow lives</h2>
 * Each memory {@code m} of the module gets a shadow memory (index {@code memories + m}, same
 * limits, added with multi-memory). Every store, atomic store and read-modify-write,
 * {@code memory.fill}, {@code memory.copy} and {@code memory.init} is repeated on the shadow; a
 * load compares the bytes with the shadow inline (no call while they agree: under the Endive
 * interpreter a sort-and-hash C program took 1.28x its uninstrumented time, against 2.2x when
 * every load called a helper) and calls {@code read_*} only when they differ (the host wrote
 * them), then repairs the shadow; {@code memory.copy} first compares its source range
 * eight bytes at a time. A start wrapper copies each memory into its shadow after the data
 * segments (and whatever an imported memory held: the recorder snapshots imported memories at
 * instantiation); shadows are grown to the memory's size at every point where the host had
 * control (export entry, import return) and at {@code memory.size}/{@code grow}, which is where a
 * host-side growth is reported. Mutable host-visible globals get shadow globals the same way.
 * Not a reserved region of memory 0: that would move or shrink the program's own address space
 * (breaking programs that use all of it or assume their layout), cannot mirror a 64-bit or a
 * second memory, and a stray write of the program could corrupt it. A second memory costs one
 * extra store per store and one compare per load, all inside the engine's JIT, with no host
 * transition unless the host really changed the value. The host-side alternative is
 * {@link RecordingMode#HOST}: boundary hooks only, and a JVM recorder that gives Endive its own
 * {@code Memory} objects and notes the ranges the host writes. It is what reprise's own recorders
 * use (it doubles no memory, slows no store, and one tracker serves all threads of a shared
 * memory); the in-module shadow is what works under any host (JavaScript included) without
 * trusting it to report its own writes.
 * Engines need multi-memory for it (Endive, wasmtime, node 24+; node 20 has none, node 22 aborts under node:wasi: use
 * {@code full} there). For wasi-threads programs the next step is to import the shadow of an
 * imported shared memory from the recorder, so that all thread instances share one shadow.
 *
 * <p>The output carries a custom section {@value OriginSection#NAME} ({@link OriginSection}) that
 * describes the original module (digest, imports and exports with their original indices and
 * signatures), so that a recorder outside the JVM can turn hook calls into trace events.
 *
 * <p>Not covered: {@code call_ref} targets and reference values (only null-ness is reported;
 * the recorder sees tables and reference globals itself), exceptions unwinding through a
 * wrapper (no exit hook: the recorder sees the host catch it), functions the host calls by
 * reading a table rather than an export, {@code table.grow} results, and
 * {@code memory.atomic.wait} (its outcome comes from the scheduler when the atomics pass runs).
 */
public final class RecordingInstrumentation implements Pass {
    private final RecordingMode mode;
    /** Host mode: the imports whose calls the recorder captures in its own host functions (no wrapper in the module). */
    private final java.util.function.IntPredicate capturedByRecorder;
    /** Whether the functions of host-visible tables get exports first ({@link TableFunctions}). */
    private boolean exposeTableFunctions;
    /** Shadow mode: whether the shadow memories are exported ({@link #SHADOW_MEMORY_PREFIX}). */
    private boolean exposeShadowMemories;

    /**
     * The name prefix of the shadow memories' exports ({@link #exposingShadowMemories}); the index of
     * the original memory follows.
     */
    public static final String SHADOW_MEMORY_PREFIX = "reprise_rec.shadow_memory.";
    /**
     * The name prefix of the functions the instrumentation adds (wrappers, helpers) where a
     * recorder names them: guest stacks leave such frames out.
     */
    public static final String ADDED_FUNCTION_PREFIX = "reprise_rec.";
    /**
     * The export of a table holding every function of the instrumented module at its own index
     * ({@link #exposingTableFunctions}, when the host reaches a funcref table): the JavaScript
     * recorder tells the module's functions from those the host makes ({@code addFunction}) by it.
     */
    public static final String FUNCTIONS_EXPORT = "reprise_rec.functions";

    /** Shadow mode (the default for a module handed to another host): report only reads of values the host changed. */
    public RecordingInstrumentation() {
        this(RecordingMode.SHADOW);
    }

    /** @param full report every read instead of keeping a shadow (false: shadow mode) */
    public RecordingInstrumentation(boolean full) {
        this(full ? RecordingMode.FULL : RecordingMode.SHADOW);
    }

    /** @param mode where host-changed values are found (see {@link RecordingMode}) */
    public RecordingInstrumentation(RecordingMode mode) {
        this(mode, f -> false);
    }

    private RecordingInstrumentation(RecordingMode mode, java.util.function.IntPredicate capturedByRecorder) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.capturedByRecorder = capturedByRecorder;
    }

    /**
     * Host mode for a recorder that wraps the host functions themselves (reprise's WASI
     * recorder): the imported functions {@code capturedByRecorder} accepts (by import index) get
     * no wrapper, so the module calls them directly and their calls cost no hook call; the
     * recorder reports each call, its values and its return from its own wrapper around the
     * host function. Calls through tables and references reach that wrapper too.
     *
     * <pre>
     * before:  (call $clock_time_get (...))
     * after:   (call $clock_time_get (...))   ;; unchanged: the recorder's Java wrapper reports it
     * </pre>
     *
     * @throws IllegalStateException in a mode other than {@link RecordingMode#HOST}, whose reads need the wrappers' synchronisation
     */
    public RecordingInstrumentation capturingInRecorder(java.util.function.IntPredicate capturedByRecorder) {
        if (mode != RecordingMode.HOST) {
            throw new IllegalStateException("imports are captured by the recorder only in host mode, not " + mode.text());
        }
        return new RecordingInstrumentation(mode, java.util.Objects.requireNonNull(capturedByRecorder, "capturedByRecorder"));
    }

    /**
     * This instrumentation, also exporting (and so wrapping and reporting) every function the
     * module puts into a table the host reads ({@link TableFunctions}): for hosts that call
     * functions they take from a table (JavaScript glue: Emscripten's embind and {@code dynCall},
     * wasm-bindgen's closures), whose recorder hands them the wrapper. The origin section lists the
     * added exports; its digest stays the original module's. When the host reaches a funcref
     * table, the module also exports {@value #FUNCTIONS_EXPORT}, a table of all its functions, so
     * that the recorder can tell the functions the host makes and sets into the table from the
     * module's. Returns this instrumentation.
     *
     * <pre>
     * after:  (table $functions 40 40 funcref) (elem (table $functions) (i32.const 0) func 0 1 ... 39)
     *         (export "reprise_rec.functions" (table $functions))
     * </pre>
     */
    public RecordingInstrumentation exposingTableFunctions() {
        this.exposeTableFunctions = true;
        return this;
    }

    /**
     * Shadow mode: this instrumentation, also exporting the shadow of each memory {@code m} as
     * {@value #SHADOW_MEMORY_PREFIX}{@code m}, for recorders that cannot reach a memory the module
     * does not export (JavaScript): at the end of a run such a recorder compares each memory with
     * its shadow, reports the bytes the host wrote that the module never read and then the final
     * memories' digests, as {@code HookRecorder.writeFinalState} does on the JVM. No effect in the
     * other modes (no shadow). Returns this instrumentation.
     *
     * <pre>
     * after:  (memory $m0 ...) ... (memory $shadow0 ...) (export "reprise_rec.shadow_memory.0" (memory $shadow0))
     * </pre>
     */
    public RecordingInstrumentation exposingShadowMemories() {
        this.exposeShadowMemories = true;
        return this;
    }

    public boolean full() {
        return mode == RecordingMode.FULL;
    }

    public RecordingMode mode() {
        return mode;
    }

    @Override
    public String name() {
        return "instrument";
    }

    @Override
    public String description() {
        return "add reprise_rec hooks reporting export and import calls and host-changed reads (recording)";
    }

    /**
     * An instrumented module and, per function index of it, the index of the original function it
     * stands for (a wrapper stands for the import or export it wraps), or -1 for the hooks and
     * helpers the instrumentation added. A recorder needs it to report a function reference it
     * reads from a table in the original module's index space.
     */
    public record Instrumented(byte[] wasm, int[] originalFunction) {
        /** The original index of instrumented function {@code index}, or -1 when it has none. */
        public int original(int index) {
            return index >= 0 && index < originalFunction.length ? originalFunction[index] : -1;
        }
    }

    @Override
    public byte[] apply(byte[] module) {
        return instrument(module).wasm();
    }

    /** Instruments {@code module} and keeps the function index correspondence. */
    public Instrumented instrument(byte[] module) {
        ModuleReader original = new ModuleReader(exposeTableFunctions ? TableFunctions.exported(module) : module);
        ModuleSummary summary = original.summary();
        // stage 1: add the hook imports (the one remapping step), noting SIMD use and temporaries on the way
        FunctionImportAdder adder = new FunctionImportAdder(summary);
        int[] hooks = new int[RecordingHook.values().length];
        for (RecordingHook h : RecordingHook.values()) {
            hooks[h.ordinal()] = h.usedIn(mode) ? adder.add(RecordingHook.MODULE, h.importName(), h.type()) : -1;
        }
        ModuleWriter staged = new ModuleWriter();
        BodyScanner scan = new BodyScanner(staged, summary.memory64(), mode != RecordingMode.SHADOW);
        original.accept(adder.visitor(scan));
        // stage 2: every index is now final; append helpers and wrappers, instrument bodies
        ModuleReader reader = new ModuleReader(staged.toByteArray());
        ModuleSummary s = reader.summary();
        SectionAppender appender = new SectionAppender(s);
        RecordingPlan plan = new RecordingPlan(s, summary.importedFunctions(), hooks, mode,
                scan.usesSimd() || typesUseV128(s), capturedByRecorder, appender);
        int added = 0;
        for (int h : hooks) {
            added += h >= 0 ? 1 : 0;
        }
        appender.appendCustomSection(OriginSection.of(module, summary, mode, added, plan.importWrapper));
        if (exposeTableFunctions && hostSeesFunctionTable(s)) {
            appender.appendExport(FUNCTIONS_EXPORT, ExternalKind.TABLE, appender.appendFunctionTable());
        }
        if (exposeShadowMemories && plan.shadow()) {
            for (int m = 0; m < plan.memories; m++) {
                appender.appendExport(SHADOW_MEMORY_PREFIX + m, ExternalKind.MEMORY, plan.shadow(m));
            }
        }
        ModuleWriter writer = new ModuleWriter();
        reader.accept(new InstrumentingVisitor(plan, scan, appender.visitor(writer)));
        return new Instrumented(writer.toByteArray(), originalFunctions(summary, plan, hooks));
    }

    private static int[] originalFunctions(ModuleSummary summary, RecordingPlan plan, int[] hooks) {
        int imports = summary.importedFunctions();
        int added = 0;
        for (int h : hooks) {
            added += h >= 0 ? 1 : 0;
        }
        int size = plan.summary.functionCount();
        for (int w : plan.importWrapper) {
            size = Math.max(size, w + 1);
        }
        for (int w : plan.exportWrapper) {
            size = Math.max(size, w + 1);
        }
        size = Math.max(size, plan.startWrapper + 1);
        int[] map = new int[size];
        java.util.Arrays.fill(map, -1);
        for (int f = 0; f < summary.functionCount(); f++) {
            map[f < imports ? f : f + added] = f;
        }
        for (int k = 0; k < plan.importWrapper.length; k++) {
            map[plan.importWrapper[k]] = k;
        }
        java.util.List<dev.reprise.wasm.Export> exports = summary.exports();
        for (int e = 0; e < plan.exportWrapper.length; e++) {
            if (plan.exportWrapper[e] >= 0) {
                map[plan.exportWrapper[e]] = exports.get(e).index();
            }
        }
        if (plan.startWrapper >= 0 && summary.start() >= 0) {
            map[plan.startWrapper] = summary.start();
        }
        return map;
    }

    /** Whether the host reaches a funcref table of {@code s} (imported or exported), where it may place functions of its own. */
    private static boolean hostSeesFunctionTable(ModuleSummary s) {
        for (int t = 0; t < s.tables().size(); t++) {
            int table = t;
            boolean visible = t < s.importedTables() || s.exports().stream()
                    .anyMatch(e -> e.kind() == ExternalKind.TABLE && e.index() == table);
            dev.reprise.wasm.ValType type = s.tables().get(t).elementType();
            if (visible && type.isReference() && type.heapType() != dev.reprise.wasm.HeapType.EXTERN) {
                return true;
            }
        }
        return false;
    }

    private static boolean typesUseV128(ModuleSummary s) {
        for (SubType t : s.types()) {
            if (t.type() instanceof FuncType f) {
                for (ValType v : f.params()) {
                    if (v.code() == ValType.V128_CODE) {
                        return true;
                    }
                }
                for (ValType v : f.results()) {
                    if (v.code() == ValType.V128_CODE) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
