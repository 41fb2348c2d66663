package dev.reprise.replay;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.RuntimeImports;
import dev.reprise.reduce.ThreadReplay;
import dev.reprise.runtime.sched.ScriptedDecisions;
import dev.reprise.transform.PreemptionPass;
import dev.reprise.wasm.FuncImportType;
import dev.reprise.wasm.Import;
import dev.reprise.record.trace.Value;
import dev.reprise.replay.internal.Emitter;
import dev.reprise.replay.internal.ImportInliner;
import dev.reprise.replay.internal.PassiveData;
import dev.reprise.replay.internal.TwoModuleLayout;
import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.CustomSection;
import dev.reprise.wasm.SectionId;
import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.wasm.DataSegment;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.IndexMapping;
import dev.reprise.wasm.IndexRemapper;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.TagType;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One generation of a replay (see {@link ReplayGenerator}): the layout of the output's function
 * and global index spaces, the scan of the reduced trace, the driver and the thread-start wrapper;
 * the import stubs are {@link ImportStubs}'.
 */
final class ReplayPlan {
    final ReplayOptions options;
    final ModuleReader reader;
    final ModuleSummary summary;
    final ReducedTrace trace;
    final int imported;
    final int defined;
    /**
     * Per import slot: its index in the output (a kept import's own, or its replay function's).
     * Slots are the function imports, then the functions the host set into tables
     * ({@link ReducedTrace#hostFunctions}), which the replay stubs as it stubs imports.
     */
    final int[] importTarget;
    /** Per import slot: its position among the kept imports (the real import in the output), or -1. */
    final int[] keptAt;
    /** The import slot of a kept WASI {@code fd_write}, whose calls {@link #callsReal} sorts by descriptor; -1: none. */
    private int keptFdWrite = -1;
    /** The functions the host set into tables, by slot minus {@link #imported}. */
    final List<dev.reprise.record.trace.TraceEvent.HostFunction> hostFunctions;
    /** Per host function's index in the trace: its slot. */
    private final Map<Integer, Integer> hostSlots = new java.util.HashMap<>();
    /** Per host function: the function the replay places where the trace has it (its stub, or a reporting wrapper of it). */
    final int[] hostEntry;
    /** Reporting calls of host functions to a recorder's hooks ({@link ReplayGenerator#reportingHostCallsTo}), or null. */
    final ReplayGenerator.HostCallReport hostCallReport;
    /** The number of kept function imports: the first functions of the output. */
    final int kept;
    /** Whether the run spawned threads: the replay then runs under reprise's scheduler. */
    final boolean threaded;
    /**
     * Whether the run was recorded in several JavaScript realms: the replay then follows the baton's
     * log ({@link ReplaySchedule#batonLog}), and every thread's driver makes the host's calls on it.
     */
    final boolean realms;
    /** The scheduling twins a multi-threaded replay imports after the kept imports, by name, with their output index. */
    final Map<String, Integer> twins = new LinkedHashMap<>();
    final List<Import> twinImports = new ArrayList<>();
    /** All imports of the output (kept ones, then twins): the target's functions follow them. */
    final int imports;
    /** The replay global holding the thread id ({@code wasi_thread_start} sets it), multi-threaded replays only. */
    int tidGlobal = -1;
    SectionAppender appender;
    /** Two-module replays: the layout of R and T' (set once the trace is scanned), else null. */
    TwoModuleLayout layout;
    final boolean twoModules;
    /** The index of the first replay function: behind the target's in a merged replay, 0 in R. */
    final int base;
    /** Two-module replays: the target functions R calls or references, and the globals the host sets. */
    final TreeSet<Integer> slotFunctions = new TreeSet<>();
    final TreeSet<Integer> hostGlobals = new TreeSet<>();
    final PassiveData passive;
    final TreeSet<Integer> refs = new TreeSet<>();
    final Map<FuncType, Integer> types = new LinkedHashMap<>();
    final Map<Integer, String> names = new LinkedHashMap<>();
    final List<Consumer<CodeVisitor>> bodies = new ArrayList<>();
    final List<Integer> bodyTypes = new ArrayList<>();
    final Map<Integer, Integer> refPositions = new LinkedHashMap<>();
    final Map<List<Effect>, Integer> bundleUses = new LinkedHashMap<>();
    Emitter emitter;
    long calls;
    /**
     * Replays that check arguments by digest, one thread: per replayed import, its call counter
     * global and its recorded number of calls, which {@code _start} checks at the end.
     */
    final List<long[]> callCounts = new ArrayList<>();
    /** Whether some recorded import call never returned: the replay then ends by trapping there, after setting {@link #endGlobal}. */
    boolean ends;
    int endGlobal = -1;
    final byte[] targetBytes;
    private final ImportStubs stubs = new ImportStubs(this);

    /** Whether the recorded host threw through guest frames ({@link ReducedTrace#unwinds()}). */
    final boolean unwinds;
    /** The exception tag of a replay whose recorded host threw through guest frames, else -1. */
    int unwindTag = -1;
    /** The import the stub of an import whose host threw calls just before it throws (a recorder's hook), or null. */
    final ReplayGenerator.Hook throwReport;

    ReplayPlan(ReplayOptions options, byte[] targetBytes, ModuleReader reader, ModuleSummary summary, ReducedTrace trace,
            boolean twoModules, ReplayGenerator.Hook throwReport, ReplayGenerator.HostCallReport hostCallReport) {
        this.options = options;
        this.unwinds = trace.unwinds();
        this.twoModules = twoModules;
        this.targetBytes = targetBytes;
        this.reader = reader;
        this.summary = summary;
        this.passive = PassiveData.forTarget(summary.dataCount());
        this.trace = trace;
        this.imported = summary.importedFunctions();
        this.defined = summary.functionCount() - imported;
        this.appender = twoModules ? null : new SectionAppender(summary);
        this.hostFunctions = trace.hostFunctions();
        this.hostCallReport = hostCallReport;
        this.importTarget = new int[imported + hostFunctions.size()];
        this.keptAt = new int[imported + hostFunctions.size()];
        this.hostEntry = new int[hostFunctions.size()];
        this.threaded = trace.multiThreaded();
        this.realms = threaded && trace.schedule().realms();
        int k = 0;
        for (int i = 0; i < imported; i++) {
            dev.reprise.wasm.Import imp = functionImport(i);
            keptAt[i] = keeps(imp.module(), imp.name()) ? k++ : -1;
            if (keptAt[i] >= 0 && imp.module().equals(KeptImport.WASI) && imp.name().equals("fd_write")) {
                keptFdWrite = i;
            }
        }
        for (int h = 0; h < hostFunctions.size(); h++) {
            int index = hostFunctions.get(h).funcIndex();
            if (index < summary.functionCount() || hostSlots.put(index, imported + h) != null) {
                throw new ReplayException("the trace declares host function " + index + ", but the module has "
                        + summary.functionCount() + " functions (a host function's index comes after them, once)");
            }
            keptAt[imported + h] = -1;
        }
        if (!hostFunctions.isEmpty() && (twoModules || trace.multiThreaded())) {
            throw new ReplayException("the host set functions of its own into the module's tables: replaying that is"
                    + " supported in one merged module of a single-threaded run only");
        }
        this.kept = k;
        if (threaded) {
            if (unwinds && !realms) {
                throw new ReplayException("the host threw through guest frames in a multi-threaded run: replaying that is"
                        + " not supported");
            }
            twin(RuntimeImports.REPRISE, "replay.expect_schedule", List.of(ValType.I32, ValType.I64));
            twin(RuntimeImports.REPRISE, "replay.yield", List.of());
            twin(RuntimeImports.REPRISE, "replay.block", List.of());
            twin(RuntimeImports.REPRISE, "replay.exit", List.of(ValType.I32));
            twin(RuntimeImports.REPRISE, "replay.poll_oneoff", List.of(ValType.I32, ValType.I32));
            twin(RuntimeImports.REPRISE, "replay.output", List.of(ValType.I32, ValType.I32, ValType.I32));
            if (realms) {
                twin(RuntimeImports.REPRISE, "replay.idle", List.of());
                twin(RuntimeImports.REPRISE, "replay.end", List.of());
                twin(RuntimeImports.REPRISE, "replay.tid", List.of(), List.of(ValType.I32));
            }
        }
        this.throwReport = twoModules || !unwinds ? null : throwReport;
        if (this.throwReport != null) {
            twin(this.throwReport.module(), this.throwReport.name(), List.of());
        }
        this.imports = kept + twins.size();
        this.base = twoModules ? 0 : imports + defined;
    }

    /** Kept as a real import: as the options say, and the runtime's thread and scheduler imports in multi-threaded replays. */
    private boolean keeps(String module, String name) {
        return options.keeps(module, name) || threaded && RuntimeImports.isRuntime(module, name);
    }

    private void twin(String module, String name, List<ValType> params) {
        twin(module, name, params, List.of());
    }

    private void twin(String module, String name, List<ValType> params, List<ValType> results) {
        twins.put(name, kept + twins.size());
        twinImports.add(new Import(module, name, new FuncImportType(type(new FuncType(params, results)))));
    }

    /** The recorded calls of import slot {@code i}: thread 0's, then each spawned thread's that made some. */
    List<ImportReplay> replaysOf(int i) {
        int f = funcIndexOf(i);
        List<ImportReplay> out = new ArrayList<>();
        if (trace.importReplay(f) != null) {
            out.add(trace.importReplay(f));
        }
        for (ThreadReplay t : trace.threads()) {
            if (t.importReplay(f) != null) {
                out.add(t.importReplay(f));
            }
        }
        return out;
    }

    /** The number of import slots: function imports, then host functions. */
    int slots() {
        return importTarget.length;
    }

    /** The function index the trace gives import slot {@code slot}. */
    int funcIndexOf(int slot) {
        return slot < imported ? slot : hostFunctions.get(slot - imported).funcIndex();
    }

    /** The type of import slot {@code slot}. */
    FuncType slotType(int slot) {
        if (slot < imported) {
            return summary.functionType(slot);
        }
        return dev.reprise.record.host.HookRecorder.hostFunctionType(hostFunctions.get(slot - imported));
    }

    /** The output's type index of import slot {@code slot}. */
    int slotTypeIndex(int slot) {
        return slot < imported ? summary.functionTypeIndex(slot) : type(slotType(slot));
    }

    /**
     * Whether recorded call {@code call} of import slot {@code i} goes to the real import. A kept
     * WASI {@code fd_write} prints for real only what went to stdout or stderr: a file the recorded
     * run opened has a descriptor the real host never gave out, so those writes are replayed from
     * the trace, as every other host interaction.
     */
    boolean callsReal(int i, ImportCallReplay call) {
        if (keptAt[i] < 0) {
            return false;
        }
        if (i != keptFdWrite) {
            return true;
        }
        if (call.args().isEmpty()) {
            throw new ReplayException("cannot keep fd_write: the trace does not record its arguments");
        }
        long fd = call.args().get(0).lo();
        return fd == 1 || fd == 2;
    }

    /** The output index of function {@code original} of the target (or of a host function the trace declares). */
    int function(int original) {
        if (original < imported) {
            return importTarget[original];
        }
        if (original >= summary.functionCount()) {
            Integer slot = hostSlots.get(original);
            if (slot == null) {
                throw new ReplayException("the trace refers to function " + original + ", the module has "
                        + summary.functionCount() + " and the trace declares no host function of that index");
            }
            return hostEntry[slot - imported];
        }
        return original - imported + imports;
    }

    dev.reprise.wasm.Import functionImport(int i) {
        int k = 0;
        for (dev.reprise.wasm.Import imp : summary.imports()) {
            if (imp.type().kind() == ExternalKind.FUNCTION && k++ == i) {
                return imp;
            }
        }
        throw new IllegalArgumentException("no function import " + i);
    }

    /** Whether import {@code i} is kept and calls of it go straight to the real import (nothing recorded to re-apply). */
    boolean direct(int i) {
        if (keptAt[i] < 0) {
            return false;
        }
        return replaysOf(i).stream().allMatch(r -> r.runs().stream().allMatch(run -> callsReal(i, run.call())
                && run.call().beforeReturn().isEmpty() && run.call().returns() && !(options.selfCheck() && !run.call().args().isEmpty())));
    }

    int type(FuncType t) {
        return types.computeIfAbsent(t, appender::funcType);
    }

    /** Reserves the next function index; its body and type are set later with {@link #define}. */
    int reserve(String name) {
        int index = base + bodies.size();
        bodies.add(null);
        bodyTypes.add(null);
        names.put(index, name);
        return index;
    }

    void define(int index, int typeIndex, Consumer<CodeVisitor> body) {
        bodies.set(index - base, body);
        bodyTypes.set(index - base, typeIndex);
    }

    ReplayGenerator.Result build() {
        // the replay functions take the places of the replayed imports, in import order, behind the
        // target's functions; kept imports stay imports (first in the index space)
        for (int i = 0; i < imported; i++) {
            if (direct(i)) {
                importTarget[i] = keptAt[i];
            } else {
                importTarget[i] = reserve(importLabel(i));
            }
        }
        for (int h = 0; h < hostFunctions.size(); h++) {
            importTarget[imported + h] = reserve(importLabel(imported + h));
            hostEntry[h] = hostCallReport == null ? importTarget[imported + h]
                    : reserve(importLabel(imported + h) + ".reported");
        }
        scan();
        if (ends) {
            endGlobal = appender.appendGlobal(new GlobalType(ValType.I32, true), ConstExpr.i32(0));
        }
        if (threaded) {
            tidGlobal = appender.appendGlobal(new GlobalType(ValType.I32, true), ConstExpr.i32(0));
        }
        if (unwinds) {
            unwindTag = appender.appendTag(new TagType(0, type(new FuncType(List.of(), List.of()))));
        }
        for (int f : refs) {
            refPositions.put(f, refPositions.size());
        }
        emitter = new Emitter(summary, this::function, passive, summary.elementCount(), refPositions)
                .withEndGlobal(endGlobal).withUnwindTag(unwindTag);
        placePassiveData();
        shareBundles();
        for (int i = 0; i < slots(); i++) {
            if (!direct(i)) {
                stubs.defineImport(i);
            }
        }
        if (hostCallReport != null) {
            defineHostCallReports();
        }
        int instanceStart = realms && summary.start() >= 0 ? defineInstanceStart() : -1;
        int start = defineDriver();
        int threadStart = threaded ? defineThreadStart() : -1;
        for (int i = 0; i < bodies.size(); i++) {
            appender.appendFunction(bodyTypes.get(i), bodies.get(i));
        }
        appender.appendExport("_start", ExternalKind.FUNCTION, start);
        if (threadStart >= 0) {
            appender.appendExport(ReplayGenerator.THREAD_START, ExternalKind.FUNCTION, threadStart);
            appender.appendCustomSection(CustomSection.of(ReplaySchedule.SECTION,
                    ReplaySchedule.of(trace.schedule()).encode(), SectionId.DATA));
        }
        int[] declared = refs.stream().mapToInt(Integer::intValue).toArray();
        ModuleWriter writer = new ModuleWriter();
        IndexMapping mapping = new IndexMapping() {
            @Override
            public int function(int index) {
                return ReplayPlan.this.function(index);
            }
        };
        Map<Integer, String> extraNames = new LinkedHashMap<>(names);
        for (int i = 0; i < imported; i++) {
            if (keptAt[i] >= 0 && importTarget[i] != keptAt[i]) {
                extraNames.put(keptAt[i], importLabel(i) + ".kept"); // the real import behind its replay wrapper
            }
            if (keptAt[i] < 0 || importTarget[i] != keptAt[i]) {
                extraNames.remove(importTarget[i]); // keep the target's own names of its imports
            }
        }
        if (ends) {
            int end = endGlobal;
            appender.appendExport(ReplayGenerator.END_EXPORT, ExternalKind.GLOBAL, end);
        }
        appender.appendCustomSection(CustomSection.of(ReplayManifest.SECTION,
                new ReplayManifest(ReplayGenerator.sha256(targetBytes), ReplayGenerator.sha256(ReducedTraceCodec.write(trace)), options).toBytes(),
                SectionId.DATA));
        Map<String, String> renames = new LinkedHashMap<>();
        renames.put("_start", ImportInliner.RENAMED_START);
        if (threaded) {
            renames.put(ReplayGenerator.THREAD_START, ReplayGenerator.THREAD_START + ".target");
        }
        ModuleVisitor merged = new ImportInliner(appender.visitor(writer), this::globalInit, declared,
                extraNames, this::keepsImport, twinImports, renames);
        if (instanceStart >= 0) {
            merged = new ModuleVisitor(merged) {
                @Override
                public void visitStart(int functionIndex) {
                    super.visitStart(instanceStart);
                }
            };
        }
        reader.accept(new IndexRemapper(merged, mapping));
        byte[] wasm = writer.toByteArray();
        int budget = trace.schedule().preemptBudget();
        if (threaded && budget > 0 && !PreemptionPass.hasPoints(summary)) {
            // the recorded run's decision points: the target's own functions, the recorded budget
            wasm = new PreemptionPass(budget, defined).apply(wasm);
        }
        Map<Integer, Integer> hostEntries = new LinkedHashMap<>();
        for (int h = 0; h < hostEntry.length; h++) {
            hostEntries.put(hostEntry[h], h);
        }
        return new ReplayGenerator.Result(wasm, bodies.size(), passive.segmentCount(), calls, hostEntries);
    }

    /**
     * Per host function, the wrapper placed in the table instead of its stub: it reports the call to
     * the recorder's hooks (import slot {@code first + k}) as the JavaScript recorder's wrapper
     * reported the host function's calls, then calls the stub.
     */
    private void defineHostCallReports() {
        Map<String, Integer> hooks = new java.util.HashMap<>();
        for (int i = 0; i < imported; i++) {
            dev.reprise.wasm.Import imp = functionImport(i);
            if (imp.module().equals(hostCallReport.module())) {
                hooks.put(imp.name(), function(i));
            }
        }
        java.util.function.ToIntFunction<dev.reprise.transform.record.RecordingHook> hook = h -> {
            Integer f = hooks.get(h.importName());
            if (f == null) {
                throw new ReplayException("the module imports no " + hostCallReport.module() + "." + h.importName()
                        + " to report the calls of host functions to");
            }
            return f;
        };
        for (int h = 0; h < hostFunctions.size(); h++) {
            FuncType type = slotType(imported + h);
            int stub = importTarget[imported + h];
            int id = hostCallReport.firstSlot() + h;
            define(hostEntry[h], slotTypeIndex(imported + h), cv -> {
                for (ValType r : type.results()) {
                    cv.visitLocals(1, r);
                }
                cv.visitBodyStart();
                dev.reprise.transform.record.RecordingHook.emitReportedCall(cv, type, id, stub, hook);
                cv.visitEnd();
            });
        }
    }

    /** R and T' (see {@link TwoModuleLayout}): the same plan as {@link #build}, with T's functions reached through R's slot table. */
    ReplayGenerator.TwoModules buildTwoModules() {
        for (int i = 0; i < imported; i++) {
            importTarget[i] = reserve(importLabel(i));
        }
        scan();
        layout = new TwoModuleLayout(reader, summary, hostGlobals, slotFunctions, this::globalInit);
        appender = new SectionAppender(layout.replaySummary());
        if (ends) {
            endGlobal = appender.appendGlobal(new GlobalType(ValType.I32, true), ConstExpr.i32(0));
        }
        if (unwinds) {
            unwindTag = appender.appendTag(new TagType(0, type(new FuncType(List.of(), List.of()))));
        }
        emitter = new Emitter(summary, this::function, passive, 0, refPositions).withSlots(layout.slots())
                .withEndGlobal(endGlobal).withUnwindTag(unwindTag);
        placePassiveData();
        shareBundles();
        for (int i = 0; i < imported; i++) {
            stubs.defineImport(i);
        }
        int start = defineDriver();
        for (int i = 0; i < bodies.size(); i++) {
            appender.appendFunction(bodyTypes.get(i), bodies.get(i));
        }
        // R carries the manifest, so that reprise verify can regenerate the pair and prove it unchanged
        appender.appendCustomSection(CustomSection.of(ReplayManifest.SECTION,
                new ReplayManifest(ReplayGenerator.sha256(targetBytes), ReplayGenerator.sha256(ReducedTraceCodec.write(trace)), options).toBytes(),
                SectionId.DATA));
        byte[] replayModule = layout.replayModule(appender, importTarget, start, ReplayGenerator.END_EXPORT, ends ? endGlobal : -1);
        byte[] target = layout.targetModule(reader, ImportInliner.RENAMED_START, ReplayGenerator.END_EXPORT, ends,
                passive.segments());
        return new ReplayGenerator.TwoModules(target, replayModule, bodies.size(), passive.segmentCount(), calls);
    }

    /** Appends the pooled passive segments ({@link PassiveData}) behind the target's data segments. */
    private void placePassiveData() {
        List<byte[]> segments = passive.segments();
        for (int k = 0; k < segments.size(); k++) {
            int index = appender.appendData(DataSegment.passive(segments.get(k)));
            if (k == 0) {
                passive.placedAt(index);
            }
        }
    }

    /** Whether the import {@code module.name} of kind {@code kind} stays an import of the output. */
    private boolean keepsImport(String module, String name, ExternalKind kind) {
        return kind == ExternalKind.FUNCTION && keeps(module, name);
    }

    String importLabel(int i) {
        if (i >= imported) {
            int f = funcIndexOf(i);
            return dev.reprise.record.host.HookRecorder.HOST_MODULE + "." + dev.reprise.record.host.HookRecorder.hostFunctionName(f);
        }
        dev.reprise.wasm.Import imp = functionImport(i);
        return imp.module() + "." + imp.name();
    }

    /** The initialiser of imported global {@code i}: its recorded initial value, else zero. */
    private ConstExpr globalInit(int i) {
        GlobalType g = summary.globals().get(i);
        Value v = trace.initialGlobals().get(i);
        return ConstExpr.build(cv -> {
            if (g.type().equals(ValType.F32)) {
                cv.visitF32Const(v == null ? 0 : (int) v.lo());
            } else if (g.type().equals(ValType.F64)) {
                cv.visitF64Const(v == null ? 0 : v.lo());
            } else if (g.type().isReference()) {
                cv.visitHeapTypeInsn(Opcode.REF_NULL, g.type().heapType() == dev.reprise.wasm.HeapType.EXTERN
                        ? dev.reprise.wasm.HeapType.EXTERN : g.type().heapType() >= 0 ? g.type().heapType()
                        : dev.reprise.wasm.HeapType.FUNC);
            } else if (g.type().equals(ValType.I64)) {
                cv.visitI64Const(v == null ? 0 : v.lo());
            } else if (g.type().equals(ValType.V128)) {
                cv.visitV128Insn(Opcode.V128_CONST, v == null ? 0 : v.lo(), v == null ? 0 : v.hi());
            } else {
                cv.visitI32Const(v == null ? 0 : (int) v.lo());
            }
        });
    }

    /**
     * Realm replays: the main thread's driver. It checks the baton log it runs under, applies the
     * preamble, makes its calls, each after its idle steps, and awaits the end of the log before the
     * epilogue. (The log's first resume, the main thread's for its instance, is the scheduler's at
     * the start of the run: the start function runs before {@code _start}.)
     */
    private int defineRealmDriver() {
        List<ExportInvoke> calls = trace.driver();
        List<Integer> entries = entries(0, calls);
        List<Integer> parts = realmParts("replay.driver", calls, entries, true);
        int start = reserve("replay.start");
        dev.reprise.runtime.sched.BatonLog log = ReplaySchedule.batonLog(trace.schedule());
        define(start, type(new FuncType(List.of(), List.of())), cv -> {
            cv.visitBodyStart();
            cv.visitI32Const(log.entries().size());
            cv.visitI64Const(log.fingerprint());
            cv.visitIndexInsn(Opcode.CALL, twins.get("replay.expect_schedule"));
            if (summary.start() < 0) {
                emitter.effects(cv, trace.preamble()); // else the main instance's start function applied it
            }
            parts.forEach(p -> cv.visitIndexInsn(Opcode.CALL, p));
            idles(cv, last(entries));
            cv.visitIndexInsn(Opcode.CALL, twins.get("replay.end"));
            emitter.effects(cv, trace.epilogue());
            cv.visitEnd();
        });
        return start;
    }

    /** Finds passive-data stores and the functions the replay takes references of; checks import indices. */
    private void scan() {
        effects(trace.preamble());
        effects(trace.epilogue());
        trace.driver().forEach(this::invoke);
        List<ImportReplay> all = new ArrayList<>(trace.imports());
        for (ThreadReplay t : trace.threads()) {
            all.addAll(t.imports());
            if (t.start() != null) {
                invoke(t.start());
            }
            t.calls().forEach(this::invoke);
        }
        for (ImportReplay r : all) {
            if (r.funcIndex() < 0 || r.funcIndex() >= imported && !hostSlots.containsKey(r.funcIndex())) {
                throw new ReplayException("the trace calls import " + r.funcIndex() + " (" + r.module() + "."
                        + r.name() + "), but the module imports " + imported + " functions");
            }
            for (CallRun run : r.runs()) {
                ends |= run.call().endedTheRun();
                run.call().nested().forEach(this::invoke);
                effects(run.call().beforeReturn());
                values(run.call().results());
            }
        }
        trace.initialGlobals().values().forEach(v -> values(List.of(v)));
        ends |= endsInTheGuest();
    }

    /**
     * Whether the recorded run ended in the target's own code: its last top-level export call
     * never returned (the guest trapped: wasi-libc's {@code abort}, Rust's panic; multi-threaded,
     * a runtime import such as {@code reprise.assert}, which the replay keeps, trapped in it: the
     * model checker's failing runs). The replay then marks that call as the recorded end; a trap
     * anywhere else would first have shown as a different event when {@code reprise verify}
     * compares the re-recorded replay with the trace.
     */
    private boolean endsInTheGuest() {
        List<ExportInvoke> driver = trace.driver();
        ExportInvoke last = driver.isEmpty() ? null : driver.get(driver.size() - 1);
        return last != null && !last.returned() && !last.unwound();
    }

    private void invoke(ExportInvoke inv) {
        slotFunctions.add(inv.funcIndex());
        effects(inv.before());
        values(inv.args());
    }

    /** Identical bundles of more than one effect, or of one long-coded effect, used twice or more become one function each. */
    private void shareBundles() {
        Map<List<Effect>, Integer> functions = new LinkedHashMap<>();
        bundleUses.forEach((bundle, uses) -> {
            if (uses >= 2 && (bundle.size() >= 2 || bundle.get(0) instanceof Effect.Store s && s.bytes().length > 8)) {
                int f = reserve("replay.effects" + functions.size());
                define(f, type(new FuncType(List.of(), List.of())), cv -> {
                    cv.visitBodyStart();
                    emitter.inline(cv, bundle);
                    cv.visitEnd();
                });
                functions.put(bundle, f);
            }
        });
        emitter.shareBundles(functions);
    }

    private void effects(List<Effect> effects) {
        if (!effects.isEmpty()) {
            bundleUses.merge(effects, 1, Integer::sum);
        }
        for (Effect e : effects) {
            if (e instanceof Effect.Store s && s.bytes().length >= options.passiveThreshold()) {
                passive.add(s.bytes());
            } else if (e instanceof Effect.TableSet t) {
                values(List.of(t.value()));
            } else if (e instanceof Effect.GlobalSet g) {
                hostGlobals.add(g.global());
                values(List.of(g.value()));
            }
        }
    }

    private void values(List<Value> values) {
        for (Value v : values) {
            if (v.type() == dev.reprise.record.trace.ValType.FUNCREF && !v.isNull()) {
                if (v.lo() >= summary.functionCount() && !hostSlots.containsKey((int) v.lo())) {
                    throw new ReplayException("the trace refers to function " + v.lo() + ", the module has "
                            + summary.functionCount());
                }
                if (twoModules) {
                    slotFunctions.add((int) v.lo());
                } else {
                    refs.add(function((int) v.lo()));
                }
            }
        }
    }

    /** Makes the export call {@code inv}; where it was unwound, {@code catches} says whether the exception is caught here. */
    void emitInvoke(CodeVisitor cv, ExportInvoke inv, boolean catches) {
        if (options.selfCheck()) {
            emitter.invoke(cv, inv, catches);
        } else {
            emitter.invoke(cv, new ExportInvoke(inv.before(), inv.funcIndex(), inv.name(), inv.args(), List.of(),
                    inv.returned(), inv.unwound()), catches);
        }
    }

    /**
     * The {@code wasi_thread_start} the runtime calls in each spawned thread's instance: notes
     * the tid for the import replays, checks the start argument, applies the effects recorded
     * before the thread started and calls the target's.
     */
    private int defineThreadStart() {
        if (realms) {
            return defineRealmThreadStart();
        }
        int target = -1;
        for (dev.reprise.wasm.Export e : summary.exports()) {
            if (e.kind() == ExternalKind.FUNCTION && e.name().equals(ReplayGenerator.THREAD_START)) {
                target = e.index();
            }
        }
        if (target < imported) {
            throw new ReplayException("the trace spawns threads, but the module exports no " + ReplayGenerator.THREAD_START
                    + " function it defines");
        }
        FuncType type = summary.functionType(target);
        if (!type.params().equals(List.of(ValType.I32, ValType.I32)) || !type.results().isEmpty()) {
            throw new ReplayException(ReplayGenerator.THREAD_START + " has type " + type + ", not (i32 i32) -> ()");
        }
        int wrapper = reserve("replay." + ReplayGenerator.THREAD_START);
        int called = function(target);
        define(wrapper, summary.functionTypeIndex(target), cv -> {
            cv.visitBodyStart();
            cv.visitIndexInsn(Opcode.LOCAL_GET, 0);
            cv.visitIndexInsn(Opcode.GLOBAL_SET, tidGlobal);
            // threads that never started in the recorded run have no branch
            forEachThread(cv, trace.threads().stream().filter(t -> t.start() != null).toList(), t -> {
                if (options.selfCheck()) {
                    cv.visitIndexInsn(Opcode.LOCAL_GET, 1);
                    emitter.check(cv, dev.reprise.record.trace.Value.i32(t.arg()), ValType.I32);
                }
                emitter.effects(cv, t.start().before());
                cv.visitIndexInsn(Opcode.LOCAL_GET, 0);
                cv.visitIndexInsn(Opcode.LOCAL_GET, 1);
                cv.visitIndexInsn(Opcode.CALL, called);
            });
            emitter.fail(cv); // a thread the recorded run did not start
            cv.visitEnd();
        });
        return wrapper;
    }

    /**
     * In a {@code wasi_thread_start} wrapper (the tid in local 0): per thread, a branch taken in that
     * thread's instance, which runs {@code body} and returns.
     */
    private static void forEachThread(CodeVisitor cv, List<ThreadReplay> threads, Consumer<ThreadReplay> body) {
        for (ThreadReplay t : threads) {
            cv.visitIndexInsn(Opcode.LOCAL_GET, 0);
            cv.visitI32Const(t.tid());
            cv.visitInsn(Opcode.I32_EQ);
            cv.visitBlock(Opcode.IF, BlockType.EMPTY);
            body.accept(t);
            cv.visitInsn(Opcode.RETURN);
            cv.visitInsn(Opcode.END);
        }
    }

    /**
     * Realm replays: the {@code wasi_thread_start} the runtime calls in the instance of each thread
     * the baton's log starts: that thread's driver (its calls, each after its idle steps), then the
     * idle steps after its last call; the thread then ends.
     */
    private int defineRealmThreadStart() {
        int wrapper = reserve("replay." + ReplayGenerator.THREAD_START);
        Map<Integer, List<Integer>> partsOf = new LinkedHashMap<>();
        for (ThreadReplay t : trace.threads()) {
            partsOf.put(t.tid(), realmParts("replay.thread" + t.tid() + ".driver", t.calls(), entries(t.tid(), t.calls()),
                    false));
        }
        define(wrapper, type(new FuncType(List.of(ValType.I32, ValType.I32), List.of())), cv -> {
            cv.visitBodyStart();
            cv.visitIndexInsn(Opcode.LOCAL_GET, 0);
            cv.visitIndexInsn(Opcode.GLOBAL_SET, tidGlobal);
            forEachThread(cv, trace.threads(), t -> {
                partsOf.get(t.tid()).forEach(p -> cv.visitIndexInsn(Opcode.CALL, p));
                idles(cv, last(entries(t.tid(), t.calls())));
            });
            emitter.fail(cv); // a thread the recorded run did not have
            cv.visitEnd();
        });
        return wrapper;
    }

    /**
     * Realm replays of a target with a start function: the start function of every instance. The
     * main thread's applies the preamble first: what the host set before it instantiated the module,
     * which the target's start function may read (Emscripten's {@code __wasm_init_memory} reads the
     * flag that says whether the shared memory is initialised); every instance then runs the target's.
     */
    private int defineInstanceStart() {
        int f = reserve("replay.instance_start");
        int target = function(summary.start());
        define(f, type(new FuncType(List.of(), List.of())), cv -> {
            cv.visitBodyStart();
            cv.visitIndexInsn(Opcode.CALL, twins.get("replay.tid"));
            cv.visitInsn(Opcode.I32_EQZ);
            cv.visitBlock(Opcode.IF, BlockType.EMPTY);
            emitter.effects(cv, trace.preamble());
            cv.visitInsn(Opcode.END);
            cv.visitIndexInsn(Opcode.CALL, target);
            cv.visitEnd();
        });
        return f;
    }

    /** Realm replays: the times thread {@code tid} took the baton before each call and after the last ({@link dev.reprise.reduce.Schedule#realmEntries}). */
    private List<Integer> entries(int tid, List<ExportInvoke> calls) {
        List<Integer> e = trace.schedule().realmEntries().get(tid);
        if (e == null || e.size() != calls.size() + 1) {
            throw new ReplayException("the reduced trace's realm entries of thread " + tid + " do not fit its "
                    + calls.size() + " calls");
        }
        return e;
    }

    private static int last(List<Integer> list) {
        return list.get(list.size() - 1);
    }

    /** Realm replays: the switch points of a thread that took the baton {@code n} times outside the module. */
    private void idles(CodeVisitor cv, int n) {
        for (int i = 0; i < n; i++) {
            cv.visitIndexInsn(Opcode.CALL, twins.get("replay.idle"));
        }
    }

    /**
     * Realm replays: one thread's calls, each after its idle steps, split over functions;
     * {@code marksEnd}: the last call, if the recorded run trapped in it, is marked as its end.
     */
    private List<Integer> realmParts(String label, List<ExportInvoke> calls, List<Integer> entries, boolean marksEnd) {
        int voidType = type(new FuncType(List.of(), List.of()));
        List<Integer> parts = new ArrayList<>();
        for (int from = 0; from < calls.size(); from += options.callsPerFunction()) {
            int first = from;
            List<ExportInvoke> part = calls.subList(from, Math.min(calls.size(), from + options.callsPerFunction()));
            int f = reserve(label + from);
            define(f, voidType, cv -> {
                cv.visitBodyStart();
                for (int k = 0; k < part.size(); k++) {
                    idles(cv, entries.get(first + k));
                    if (marksEnd && first + k == calls.size() - 1 && endsInTheGuest()) {
                        cv.visitI32Const(1);
                        cv.visitIndexInsn(Opcode.GLOBAL_SET, endGlobal);
                    }
                    emitInvoke(cv, part.get(k), true);
                }
                cv.visitEnd();
            });
            parts.add(f);
        }
        return parts;
    }

    /** The driver: preamble effects, then the export calls, split over functions. */
    private int defineDriver() {
        if (realms) {
            return defineRealmDriver();
        }
        int voidType = type(new FuncType(List.of(), List.of()));
        List<Integer> parts = new ArrayList<>();
        List<ExportInvoke> driver = trace.driver();
        for (int from = 0; from < driver.size(); from += options.callsPerFunction()) {
            List<ExportInvoke> part = driver.subList(from, Math.min(driver.size(), from + options.callsPerFunction()));
            int f = reserve("replay.driver" + from);
            define(f, voidType, cv -> {
                cv.visitBodyStart();
                    for (ExportInvoke inv : part) {
                    if (inv == driver.get(driver.size() - 1) && endsInTheGuest()) {
                        // the recorded run trapped in this call: a trap of the target's from here on is
                        // the recorded end (the replay's own checks clear the mark before they trap)
                        cv.visitI32Const(1);
                        cv.visitIndexInsn(Opcode.GLOBAL_SET, endGlobal);
                    }
                    emitInvoke(cv, inv, true); // an unwound export call: the host's top level caught it
                }
                cv.visitEnd();
            });
            parts.add(f);
        }
        int start = reserve("replay.start");
        define(start, voidType, cv -> {
            cv.visitBodyStart();
            if (threaded) {
                int[] choices = trace.schedule().choices();
                cv.visitI32Const(choices.length);
                cv.visitI64Const(ScriptedDecisions.fingerprint(choices));
                cv.visitIndexInsn(Opcode.CALL, twins.get("replay.expect_schedule"));
            }
            emitter.effects(cv, trace.preamble());
            parts.forEach(p -> cv.visitIndexInsn(Opcode.CALL, p));
            for (long[] c : callCounts) {
                // every recorded call was made (an argument digest is checked only at the last)
                cv.visitIndexInsn(Opcode.GLOBAL_GET, (int) c[0]);
                emitter.check(cv, dev.reprise.record.trace.Value.i32((int) c[1]), ValType.I32);
            }
            emitter.effects(cv, trace.epilogue()); // what the host changed at the end, never read
            cv.visitEnd();
        });
        return start;
    }
}
