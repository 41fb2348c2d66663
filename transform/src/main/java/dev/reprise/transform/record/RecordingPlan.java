package dev.reprise.transform.record;

import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.Import;
import dev.reprise.wasm.MemoryType;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.TableType;
import java.util.Arrays;
import java.util.List;

/**
 * Every index the instrumentation needs, fixed before the module streams through: hook imports,
 * shadow memories and globals, helper functions and wrappers. All function indices are those of
 * the module after the hook imports were added (so they are final); memory, table and global
 * indices never change. -1 marks "not present".
 */
final class RecordingPlan {
    final RecordingMode mode;
    /** Full mode: every read is reported. */
    final boolean full;
    /** Host mode: boundary hooks only, the recorder tracks the host's writes itself. */
    final boolean host;
    final boolean simd;
    final ModuleSummary summary;
    /** Function imports of the original module: indices below this are wrapped. */
    final int originalImports;
    final int[] hook = new int[RecordingHook.values().length];

    final int memories;
    final boolean[] mem64;
    final int[] pageSizeLog2;
    /** Per memory and width index (1,2,4,8,16 bytes): the load check helper. */
    final int[][] loadCheck;
    /** Per memory and width index (1,2,4,8): the read-modify-write check helper. */
    final int[][] rmwCheck;
    final int[] memorySize;
    final int[] memoryGrow;
    /** Shadow mode: memory.fill on both memories. */
    final int[] memoryFill;
    /** Per destination and source memory: memory.copy helper. */
    final int[][] memoryCopy;
    /** Shadow mode: size synchronisation (param: report flag). */
    final int[] sync;
    /** Shadow mode: compare-and-report of a range (params: address i64, length i64). */
    final int[] diffRange;

    final boolean[] tableVisible;
    final boolean[] table64;
    final int[] tableGet;
    final int[] tableSize;
    final int[] callIndirect;

    /** Per global: the read helper of a host-visible mutable numeric global, else -1. */
    final int[] globalRead;
    /** Shadow mode: per global, its shadow global, else -1. */
    final int[] shadowGlobal;
    final boolean[] globalImported;

    /** Per function import: its wrapper, or the import itself when the recorder captures its calls. */
    final int[] importWrapper;
    /** Per function import: whether the recorder captures its calls in its own host function (no wrapper). */
    final boolean[] capturedByRecorder;
    /** Per export (export section order): the wrapper of an exported function, else -1. */
    final int[] exportWrapper;
    final int startWrapper;

    private final dev.reprise.wasm.SectionAppender appender;
    private final java.util.Map<dev.reprise.wasm.FuncType, Integer> types = new java.util.HashMap<>();

    RecordingPlan(ModuleSummary summary, int originalImports, int[] hooks, RecordingMode mode, boolean simd,
                  java.util.function.IntPredicate capturedByRecorder, dev.reprise.wasm.SectionAppender appender) {
        this.summary = summary;
        this.appender = appender;
        this.originalImports = originalImports;
        System.arraycopy(hooks, 0, hook, 0, hook.length);
        this.mode = mode;
        this.full = mode == RecordingMode.FULL;
        this.host = mode == RecordingMode.HOST;
        this.simd = simd;

        List<MemoryType> mems = summary.memories();
        memories = mems.size();
        mem64 = summary.memory64();
        pageSizeLog2 = new int[memories];
        for (int m = 0; m < memories; m++) {
            pageSizeLog2[m] = mems.get(m).limits().pageSizeLog2();
        }
        loadCheck = new int[memories][5];
        rmwCheck = new int[memories][4];
        memorySize = new int[memories];
        memoryGrow = new int[memories];
        memoryFill = filled(memories);
        memoryCopy = new int[memories][memories];
        sync = filled(memories);
        diffRange = filled(memories);

        List<TableType> tables = summary.tables();
        tableVisible = new boolean[tables.size()];
        table64 = new boolean[tables.size()];
        for (int t = 0; t < tables.size(); t++) {
            tableVisible[t] = t < summary.importedTables() || exported(ExternalKind.TABLE, t);
            table64[t] = tables.get(t).limits().is64();
        }
        tableGet = filled(tables.size());
        tableSize = filled(tables.size());
        callIndirect = filled(tables.size());

        List<GlobalType> globals = summary.globals();
        globalRead = filled(globals.size());
        shadowGlobal = filled(globals.size());
        globalImported = new boolean[globals.size()];
        for (int g = 0; g < globals.size(); g++) {
            globalImported[g] = g < summary.importedGlobals();
        }

        importWrapper = filled(originalImports);
        this.capturedByRecorder = new boolean[originalImports];
        for (int f = 0; f < originalImports; f++) {
            this.capturedByRecorder[f] = capturedByRecorder.test(f);
        }
        exportWrapper = filled(summary.exports().size());

        if (!host) {
            MemoryHelpers.append(this, appender);
            AccessHelpers.append(this, appender);
        }
        startWrapper = BoundaryWrappers.append(this, appender);
    }

    /** The index of function type {@code t}, appending it once when the module has none. */
    int type(dev.reprise.wasm.FuncType t) {
        return types.computeIfAbsent(t, appender::funcType);
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    boolean exported(ExternalKind kind, int index) {
        for (dev.reprise.wasm.Export e : summary.exports()) {
            if (e.kind() == kind && e.index() == index) {
                return true;
            }
        }
        return false;
    }

    /** Shadow mode: the module gets shadow memories and globals. */
    boolean shadow() {
        return mode == RecordingMode.SHADOW;
    }

    /** The shadow of memory {@code m} (shadow mode only). */
    int shadow(int m) {
        return memories + m;
    }

    int hook(RecordingHook h) {
        return hook[h.ordinal()];
    }

    /** The function a call of {@code function} goes to after instrumentation. */
    int callTarget(int function) {
        return function < originalImports ? importWrapper[function] : function;
    }

    /** The original module's imports (for names in messages). */
    List<Import> imports() {
        return summary.imports();
    }
}
