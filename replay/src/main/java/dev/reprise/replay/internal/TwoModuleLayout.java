package dev.reprise.replay.internal;

import dev.reprise.replay.ReplayException;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.DataSegment;
import dev.reprise.wasm.ElementSegment;
import dev.reprise.wasm.ExternType;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.Import;
import dev.reprise.wasm.IndexMapping;
import dev.reprise.wasm.IndexRemapper;
import dev.reprise.wasm.Limits;
import dev.reprise.wasm.MemoryType;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.RecGroup;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.SectionId;
import dev.reprise.wasm.SectionTracker;
import dev.reprise.wasm.SegmentMode;
import dev.reprise.wasm.TableType;
import dev.reprise.wasm.TagType;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The shapes of a two-module replay ({@code reprise replay --two-modules}): the replay module R,
 * with zero imports, and the target T' that imports everything it shares with R from module
 * {@value #MODULE}. Linking is one way (R first, then T' with R's exports), so nothing is left
 * for the runner to do after instantiation:
 *
 * <pre>
 * T:   (import "env" "rand" (func $rand))  (memory 1)  (global $g (export "g") (mut i32) ...)  (export "_start" ...)
 * R:   (memory (export "memory.0") 1)  (global (export "global.0") (mut i32) ...)
 *      (table (export "reprise.replay.functions") 2 2 funcref)  (elem (i32.const 0) $driver)
 *      (func (export "env.rand") ...stub: counter, effects, results...)  (func $driver ... call_indirect ...)
 * T':  (import "reprise.replay" "env.rand" (func $rand))  (import "reprise.replay" "memory.0" (memory 1))
 *      (import "reprise.replay" "global.0" (global $g (mut i32)))
 *      (import "reprise.replay" "reprise.replay.functions" (table 2 2 funcref))
 *      (elem (table 1) (i32.const 1) func $main)  (export "_start.target" ...)
 *      (func $replay.start (export "_start") (call_indirect (i32.const 0)))   ;; R's driver
 * </pre>
 *
 * R defines every memory and table of T (same indices; T's data and element segments still
 * initialise them when T' is instantiated) and every global of T at the same index: the
 * imported ones and those the host changed are exported and imported by T' (so T's other
 * globals shift in T', through {@link IndexRemapper}), the rest are unused placeholders. R
 * reaches T's functions (the exports the host called, the functions it passed as references)
 * through its exported slot table, which T' fills with an active element segment; slot 0 is R's
 * driver, which T''s new {@code _start} calls. Function imports keep their places in T', so
 * T's function indices do not change.
 *
 * <p>R's passive data segments (its {@code memory.init} sources) follow as many empty placeholder
 * segments as T has, and T' carries copies of them at the same indices: Endive 1.0.0 keeps data
 * segments in the memory object, and the last instance initialised with a memory (T') replaces
 * the list, so R's {@code memory.init} on the shared memory reads T''s list there, R's own in
 * engines that follow the specification; with equal indices and bytes both give the same result.
 */
public final class TwoModuleLayout {
    /** The module name T' imports from; also the name a runner registers R under. */
    public static final String MODULE = "reprise.replay";
    /** R's exported funcref table: slot 0 is R's driver, the next slots T's functions. */
    public static final String FUNCTIONS = "reprise.replay.functions";

    private final ModuleSummary summary;
    private final List<ConstExpr> definedInits = new ArrayList<>();
    private final List<ConstExpr> tableInits = new ArrayList<>();
    private final SortedSet<Integer> sharedDefined = new TreeSet<>();
    private final List<Integer> slotted = new ArrayList<>();
    private final Map<Integer, Integer> slotOf = new LinkedHashMap<>();
    private final String[] stubNames;
    private final byte[] skeleton;
    private final ModuleSummary replaySummary;

    /**
     * {@code hostGlobals}: the globals the trace sets; {@code functions}: the target functions the
     * replay calls or references; {@code recordedInit}: the replay's initialiser of global {@code i}
     * (recorded value for an imported one).
     */
    public TwoModuleLayout(ModuleReader reader, ModuleSummary summary, Set<Integer> hostGlobals, Set<Integer> functions,
            IntFunction<ConstExpr> recordedInit) {
        this.summary = summary;
        reader.accept(new ModuleVisitor() {
            @Override
            public void visitGlobal(GlobalType type, ConstExpr init) {
                definedInits.add(init);
            }

            @Override
            public void visitTable(TableType type, ConstExpr init) {
                tableInits.add(init);
            }

            @Override
            public CodeVisitor visitCode(int functionIndex) {
                return null;
            }
        });
        if (tableInits.stream().anyMatch(java.util.Objects::nonNull)) {
            throw new ReplayException("--two-modules: the module has a table with an initialiser expression, which "
                    + "cannot become an import");
        }
        int importedGlobals = summary.importedGlobals();
        for (int g : hostGlobals) {
            if (g >= importedGlobals) {
                if (!simple(definedInits.get(g - importedGlobals))) {
                    throw new ReplayException("--two-modules: global " + g + " is set by the host but its initialiser "
                            + "reads another global or a function, which the replay module cannot define");
                }
                sharedDefined.add(g);
            }
        }
        for (int f : new TreeSet<>(functions)) {
            slotOf.put(f, slotted.size() + 1);
            slotted.add(f);
        }
        stubNames = new String[summary.importedFunctions()];
        Set<String> seen = new HashSet<>();
        int k = 0;
        for (Import imp : summary.imports()) {
            if (imp.kind() == ExternalKind.FUNCTION) {
                String name = imp.module() + "." + imp.name();
                stubNames[k] = seen.add(name) ? name : name + "#" + k;
                k++;
            }
        }
        ModuleWriter w = new ModuleWriter();
        w.visitHeader(1, null);
        for (RecGroup g : summary.recGroups()) {
            w.visitRecGroup(g);
        }
        FuncType empty = new FuncType(List.of(), List.of());
        if (summary.findFuncType(empty) < 0) {
            // T' appends the driver's type () -> () at this index too: Endive's call_indirect compares
            // type indices across instances, so both modules must number it alike
            w.visitRecGroup(RecGroup.of(empty));
        }
        summary.tables().forEach(t -> w.visitTable(t, null));
        w.visitTable(slotTableType(), null);
        summary.memories().forEach(w::visitMemory);
        for (Import imp : summary.imports()) {
            if (imp.kind() == ExternalKind.TAG) {
                w.visitTag((TagType) imp.type());
            }
        }
        for (int g = 0; g < summary.globals().size(); g++) {
            ConstExpr own = g >= importedGlobals ? definedInits.get(g - importedGlobals) : null;
            w.visitGlobal(summary.globals().get(g), own != null && simple(own) ? own : recordedInit.apply(g));
        }
        if (summary.dataCount() > 0) {
            // placeholders: R's own passive segments take the indices behind T's (see replayModule)
            w.visitDataCount(summary.dataCount());
            for (int d = 0; d < summary.dataCount(); d++) {
                w.visitData(DataSegment.passive(new byte[0]));
            }
        }
        w.visitEnd();
        skeleton = w.toByteArray();
        replaySummary = new ModuleReader(skeleton).summary();
    }

    /** Whether a constant expression only pushes constants (no {@code global.get}, no {@code ref.func}). */
    private static boolean simple(ConstExpr e) {
        boolean[] reads = {false};
        e.accept(new CodeVisitor() {
            @Override
            public void visitIndexInsn(Opcode op, int index) {
                reads[0] = true;
            }
        });
        return !reads[0];
    }

    private TableType slotTableType() {
        return new TableType(ValType.FUNCREF, Limits.of(slotted.size() + 1, slotted.size() + 1));
    }

    /** The shape of R before the replay's functions, globals and data are appended (indices as T's). */
    public ModuleSummary replaySummary() {
        return replaySummary;
    }

    /** How R reaches T's functions. */
    public FunctionSlots slots() {
        return new FunctionSlots(summary.tables().size(), slotOf);
    }

    /** The name under which R exports the stub of function import {@code i}. */
    public String stubName(int i) {
        return stubNames[i];
    }

    /**
     * Writes R: the skeleton with {@code appender}'s additions, exporting the stubs
     * ({@code stubs[i]} replays import {@code i}), T's memories, tables, tags and shared globals,
     * the slot table (slot 0 holding {@code driver}) and, when {@code endGlobal >= 0}, the end marker.
     */
    public byte[] replayModule(SectionAppender appender, int[] stubs, int driver, String endExport, int endGlobal) {
        for (int i = 0; i < stubs.length; i++) {
            appender.appendExport(stubNames[i], ExternalKind.FUNCTION, stubs[i]);
        }
        for (int m = 0; m < summary.memories().size(); m++) {
            appender.appendExport("memory." + m, ExternalKind.MEMORY, m);
        }
        for (int t = 0; t < summary.tables().size(); t++) {
            appender.appendExport("table." + t, ExternalKind.TABLE, t);
        }
        appender.appendExport(FUNCTIONS, ExternalKind.TABLE, summary.tables().size());
        for (int g = 0; g < summary.globals().size(); g++) {
            if (g < summary.importedGlobals() || sharedDefined.contains(g)) {
                appender.appendExport("global." + g, ExternalKind.GLOBAL, g);
            }
        }
        for (int t = 0; t < summary.importedTags(); t++) {
            appender.appendExport("tag." + t, ExternalKind.TAG, t);
        }
        if (endGlobal >= 0) {
            appender.appendExport(endExport, ExternalKind.GLOBAL, endGlobal);
        }
        ModuleWriter writer = new ModuleWriter();
        int slotTable = summary.tables().size();
        new ModuleReader(skeleton).accept(appender.visitor(new SectionTracker(writer) {
            @Override
            protected void leaveSection(SectionId s) {
                if (s == SectionId.ELEMENT) {
                    super.visitElement(new ElementSegment(SegmentMode.ACTIVE, slotTable, ConstExpr.i32(0),
                            ValType.FUNCREF, new int[] {driver}, null, -1));
                }
            }
        }));
        return writer.toByteArray();
    }

    /**
     * Writes T': the target importing from {@value #MODULE} what it shares with R, filling R's slot
     * table, with its {@code _start} renamed {@code renamedStart} and a new {@code _start} that
     * runs R's driver; re-exports R's end marker {@code endExport} when {@code ends}.
     */
    public byte[] targetModule(ModuleReader reader, String renamedStart, String endExport, boolean ends,
            List<byte[]> replayData) {
        int importedGlobals = summary.importedGlobals();
        List<Integer> shared = new ArrayList<>(sharedDefined);
        int endIndex = ends ? importedGlobals + shared.size() : -1;
        int movedUp = shared.size() + (ends ? 1 : 0);
        IndexMapping mapping = new IndexMapping() {
            @Override
            public int global(int g) {
                if (g < importedGlobals) {
                    return g;
                }
                int at = shared.indexOf(g);
                if (at >= 0) {
                    return importedGlobals + at;
                }
                return g + movedUp - sharedDefined.headSet(g).size();
            }
        };
        SectionAppender appender = new SectionAppender(summary);
        int voidType = appender.funcType(new FuncType(List.of(), List.of()));
        int slotTable = summary.tables().size();
        int start = appender.appendFunction(voidType, cv -> {
            cv.visitBodyStart();
            cv.visitI32Const(0);
            cv.visitIndexPairInsn(Opcode.CALL_INDIRECT, voidType, slotTable);
            cv.visitEnd();
        });
        appender.appendExport("_start", ExternalKind.FUNCTION, start);
        replayData.forEach(b -> appender.appendData(DataSegment.passive(b)));
        if (ends) {
            appender.appendExport(endExport, ExternalKind.GLOBAL, endIndex);
        }
        ModuleWriter writer = new ModuleWriter();
        reader.accept(new IndexRemapper(new Relinker(appender.visitor(writer), renamedStart, shared, ends, endExport),
                mapping));
        return writer.toByteArray();
    }

    /** Rewrites T's imports and definitions of shared entities into imports from {@value #MODULE}. */
    private final class Relinker extends SectionTracker {
        private final String renamedStart;
        private final List<Integer> shared;
        private final boolean ends;
        private final String endExport;
        private int function;
        private final int[] counts = new int[5];
        private int definedGlobal;

        Relinker(ModuleVisitor next, String renamedStart, List<Integer> shared, boolean ends, String endExport) {
            super(next);
            this.renamedStart = renamedStart;
            this.shared = shared;
            this.ends = ends;
            this.endExport = endExport;
        }

        @Override
        public void visitImport(String module, String name, ExternType type) {
            switch (type.kind()) {
                case FUNCTION -> super.visitImport(MODULE, stubNames[function++], type);
                case TABLE -> super.visitImport(MODULE, "table." + counts[1]++, type);
                case MEMORY -> super.visitImport(MODULE, "memory." + counts[2]++, type);
                case GLOBAL -> super.visitImport(MODULE, "global." + counts[3]++, type);
                case TAG -> super.visitImport(MODULE, "tag." + counts[4]++, type);
                default -> throw new IllegalStateException("unknown import kind " + type.kind());
            }
        }

        @Override
        protected void leaveSection(SectionId s) {
            if (s == SectionId.IMPORT) {
                for (int m = summary.importedMemories(); m < summary.memories().size(); m++) {
                    super.visitImport(MODULE, "memory." + m, summary.memories().get(m));
                }
                for (int t = summary.importedTables(); t < summary.tables().size(); t++) {
                    super.visitImport(MODULE, "table." + t, summary.tables().get(t));
                }
                for (int g : shared) {
                    super.visitImport(MODULE, "global." + g, summary.globals().get(g));
                }
                if (ends) {
                    super.visitImport(MODULE, endExport, new GlobalType(ValType.I32, true));
                }
                super.visitImport(MODULE, FUNCTIONS, slotTableType());
            } else if (s == SectionId.ELEMENT && !slotted.isEmpty()) {
                super.visitElement(new ElementSegment(SegmentMode.ACTIVE, summary.tables().size(), ConstExpr.i32(1),
                        ValType.FUNCREF, slotted.stream().mapToInt(Integer::intValue).toArray(), null, -1));
            }
        }

        @Override
        public void visitTable(TableType type, ConstExpr init) {
            // defined in R
        }

        @Override
        public void visitMemory(MemoryType type) {
            // defined in R
        }

        @Override
        public void visitGlobal(GlobalType type, ConstExpr init) {
            int g = summary.importedGlobals() + definedGlobal++;
            if (!sharedDefined.contains(g)) {
                super.visitGlobal(type, init);
            }
        }

        @Override
        public void visitExport(String name, ExternalKind kind, int index) {
            super.visitExport(kind == ExternalKind.FUNCTION && name.equals("_start") ? renamedStart : name, kind, index);
        }
    }
}
