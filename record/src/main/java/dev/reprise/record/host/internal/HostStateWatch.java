package dev.reprise.record.host.internal;

import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.Value;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.TableType;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.Instance;
import run.endive.runtime.TableInstance;

/**
 * Host-mode recording's view of the tables and globals the host can change (imported, or
 * defined and exported; globals mutable and numeric or v128): what the guest left when the host
 * took control, compared with what they hold when the guest resumes. The difference is the
 * host's doing and becomes {@code TableGrow}, {@code TableSet} and {@code GlobalChange} events.
 * Costs nothing for modules without such tables and globals (WASI programs, as a rule).
 *
 * <p>The first time the guest runs on an instance there is no "before": at the start function,
 * imported globals and tables are reported whole (the host chose them) and defined ones are
 * the module's own; at a first export call without a start function everything watched is
 * reported, since the host may have set it after instantiation.
 */
public final class HostStateWatch {
    private final int[] globals;
    private final ValType[] globalTypes;
    private final boolean[] globalImported;
    private final int[] tables;
    private final boolean[] tableImported;
    private final boolean[] tableExternref;
    private final long[] tableMinimum;
    private final Map<Instance, Snapshot> snapshots = new IdentityHashMap<>();
    private final IntUnaryOperator originalFunction;

    private static final class Snapshot {
        final long[] lo;
        final long[] hi;
        final int[][] refs;

        Snapshot(int globals, int tables) {
            lo = new long[globals];
            hi = new long[globals];
            refs = new int[tables][];
        }
    }

    /**
     * @param summary the original module's summary (indices as the hooks report them)
     * @param originalFunction maps an instrumented function index (as tables hold them) to the original one, -1 for none
     */
    public HostStateWatch(ModuleSummary summary, IntUnaryOperator originalFunction) {
        this.originalFunction = originalFunction;
        List<Integer> g = new ArrayList<>();
        List<GlobalType> gt = summary.globals();
        for (int i = 0; i < gt.size(); i++) {
            GlobalType t = gt.get(i);
            if (t.mutable() && !t.type().isReference() && (i < summary.importedGlobals() || exported(summary, ExternalKind.GLOBAL, i))) {
                g.add(i);
            }
        }
        globals = g.stream().mapToInt(Integer::intValue).toArray();
        globalTypes = new ValType[globals.length];
        globalImported = new boolean[globals.length];
        for (int k = 0; k < globals.length; k++) {
            globalTypes[k] = gt.get(globals[k]).type();
            globalImported[k] = globals[k] < summary.importedGlobals();
        }
        List<Integer> t = new ArrayList<>();
        List<TableType> tt = summary.tables();
        for (int i = 0; i < tt.size(); i++) {
            ValType e = tt.get(i).elementType();
            boolean plainRef = e.equals(ValType.FUNCREF) || e.equals(ValType.EXTERNREF);
            if (plainRef && (i < summary.importedTables() || exported(summary, ExternalKind.TABLE, i))) {
                t.add(i);
            }
        }
        tables = t.stream().mapToInt(Integer::intValue).toArray();
        tableImported = new boolean[tables.length];
        tableExternref = new boolean[tables.length];
        tableMinimum = new long[tables.length];
        for (int k = 0; k < tables.length; k++) {
            tableImported[k] = tables[k] < summary.importedTables();
            tableExternref[k] = tt.get(tables[k]).elementType().equals(ValType.EXTERNREF);
            tableMinimum[k] = tt.get(tables[k]).limits().min();
        }
    }

    private static boolean exported(ModuleSummary s, ExternalKind kind, int index) {
        for (Export e : s.exports()) {
            if (e.kind() == kind && e.index() == index) {
                return true;
            }
        }
        return false;
    }

    /** Whether there is nothing to watch. */
    public boolean isEmpty() {
        return globals.length == 0 && tables.length == 0;
    }

    /** The host takes control: remembers what the guest left. */
    public void hostRuns(Instance instance) {
        if (!isEmpty()) {
            snapshot(instance);
        }
    }

    private synchronized void snapshot(Instance instance) {
        Snapshot s = snapshots.computeIfAbsent(instance, k -> new Snapshot(globals.length, tables.length));
        for (int k = 0; k < globals.length; k++) {
            GlobalInstance g = instance.global(globals[k]);
            s.lo[k] = g.getValueLow();
            s.hi[k] = g.getValueHigh();
        }
        for (int k = 0; k < tables.length; k++) {
            s.refs[k] = refs(instance.table(tables[k]));
        }
    }

    /**
     * The guest resumes: emits what the host changed since {@link #hostRuns} (or, the first time,
     * as described on the class).
     *
     * @param atStart whether the guest resumes in the start function
     */
    public void guestRuns(Instance instance, boolean atStart, int tid, Consumer<TraceEvent> emit) {
        if (!isEmpty()) {
            compare(instance, atStart, tid, emit);
        }
    }

    private synchronized void compare(Instance instance, boolean atStart, int tid, Consumer<TraceEvent> emit) {
        Snapshot before = snapshots.get(instance);
        for (int k = 0; k < tables.length; k++) {
            int[] now = refs(instance.table(tables[k]));
            int[] old;
            if (before != null) {
                old = before.refs[k];
            } else if (atStart && !tableImported[k]) {
                continue;
            } else {
                old = new int[0];
            }
            if (now.length != old.length && (before != null || now.length != tableMinimum[k])) {
                emit.accept(new TraceEvent.TableGrow(tid, tables[k], now.length));
            }
            for (int i = 0; i < now.length; i++) {
                int was = i < old.length ? old[i] : run.endive.wasm.types.Value.REF_NULL_VALUE;
                if (now[i] != was) {
                    emit.accept(new TraceEvent.TableSet(tid, tables[k], i, ref(k, now[i])));
                }
            }
        }
        for (int k = 0; k < globals.length; k++) {
            GlobalInstance g = instance.global(globals[k]);
            long lo = g.getValueLow();
            long hi = g.getValueHigh();
            boolean report = before != null ? lo != before.lo[k] || hi != before.hi[k] : !atStart || globalImported[k];
            if (report) {
                emit.accept(new TraceEvent.GlobalChange(tid, globals[k], value(globalTypes[k], lo, hi)));
            }
        }
        snapshots.remove(instance);
    }

    private Value ref(int k, int ref) {
        if (ref == run.endive.wasm.types.Value.REF_NULL_VALUE) {
            return Value.nullRef(tableExternref[k] ? dev.reprise.record.trace.ValType.EXTERNREF : dev.reprise.record.trace.ValType.FUNCREF);
        }
        if (tableExternref[k]) {
            return Value.externref(ref);
        }
        int original = originalFunction.applyAsInt(ref);
        return Value.funcref(original >= 0 ? original : ref);
    }

    private static int[] refs(TableInstance t) {
        int[] r = new int[t.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = t.ref(i);
        }
        return r;
    }

    private static Value value(ValType t, long lo, long hi) {
        switch (t.code()) {
            case ValType.I32_CODE: return Value.i32((int) lo);
            case ValType.I64_CODE: return Value.i64(lo);
            case ValType.F32_CODE: return Value.f32Bits((int) lo);
            case ValType.F64_CODE: return Value.f64Bits(lo);
            default: return Value.v128(lo, hi);
        }
    }
}
