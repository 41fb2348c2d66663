package dev.reprise.replay;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.record.trace.Value;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.Import;
import dev.reprise.wasm.MemoryType;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.TableType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportGlobal;
import run.endive.runtime.ImportMemory;
import run.endive.runtime.ImportTable;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.TableInstance;
import run.endive.wasm.Parser;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.MemoryLimits;
import run.endive.wasm.types.MutabilityType;
import run.endive.wasm.types.Table;
import run.endive.wasm.types.TableLimits;

/**
 * Runs the ORIGINAL target under Endive with a host played from a reduced trace: each import
 * call returns its recorded results after the recorded effects and re-entrant export calls,
 * imported memories, tables and globals are created with their recorded initial state, and the
 * driver's export calls are made in order. It records which imports the module called, with
 * which arguments, and what each top-level export call returned: the reference a replay module
 * is compared with ({@link #withObservedResults}). Numbers and references only (no v128 imports).
 */
public final class TraceHost {
    /** What the original did under the trace's host: import calls in order, and each driver call's results. */
    public record Run(List<Integer> importCalls, List<List<Value>> exportResults) {
    }

    private final byte[] wasm;
    private final ReducedTrace trace;
    private final ModuleSummary summary;
    private final List<Integer> calls = new ArrayList<>();
    private final Map<Integer, long[]> counters = new HashMap<>();
    private Instance instance;

    /** A host for {@code wasm} played from {@code trace}. */
    public TraceHost(byte[] wasm, ReducedTrace trace) {
        this.wasm = wasm;
        this.trace = trace;
        this.summary = new ModuleReader(wasm).summary();
    }

    /** Instantiates the target, makes every recorded export call and returns what happened. */
    public Run run() {
        ImportValues.Builder imports = ImportValues.builder();
        int f = 0;
        int g = 0;
        for (Import imp : summary.imports()) {
            switch (imp.type().kind()) {
                case FUNCTION -> {
                    int index = f++;
                    FuncType t = summary.functionType(index);
                    imports.addFunction(new HostFunction(imp.module(), imp.name(),
                            FunctionType.of(endive(t.params()), endive(t.results())),
                            (inst, args) -> call(index, t, args)));
                }
                case MEMORY -> {
                    MemoryType m = (MemoryType) imp.type();
                    imports.addMemory(new ImportMemory(imp.module(), imp.name(), new ByteArrayMemory(
                            m.limits().hasMax() ? new MemoryLimits((int) m.limits().min(), (int) m.limits().max())
                                    : new MemoryLimits((int) m.limits().min()))));
                }
                case TABLE -> {
                    TableType t = (TableType) imp.type();
                    TableLimits limits = t.limits().hasMax() ? new TableLimits(t.limits().min(), t.limits().max())
                            : new TableLimits(t.limits().min());
                    imports.addTable(new ImportTable(imp.module(), imp.name(), new TableInstance(
                            new Table(endive(t.elementType()), limits), run.endive.wasm.types.Value.REF_NULL_VALUE)));
                }
                case GLOBAL -> {
                    GlobalType t = (GlobalType) imp.type();
                    Value v = trace.initialGlobals().get(g++);
                    imports.addGlobal(new ImportGlobal(imp.module(), imp.name(), new GlobalInstance(
                            v == null ? 0 : v.lo(), v == null ? 0 : v.hi(), endive(t.type()),
                            t.mutable() ? MutabilityType.Var : MutabilityType.Const)));
                }
                default -> throw new ReplayException("TraceHost cannot provide an imported " + imp.type().kind());
            }
        }
        instance = Instance.builder(Parser.parse(wasm)).withImportValues(imports.build()).withStart(false).build();
        apply(trace.preamble());
        List<List<Value>> results = new ArrayList<>();
        for (ExportInvoke inv : trace.driver()) {
            results.add(invoke(inv));
        }
        apply(trace.epilogue());
        return new Run(List.copyOf(calls), results);
    }

    /** The instance of the original after {@link #run()}, for comparing final memories and globals. */
    public Instance instance() {
        if (instance == null) {
            throw new IllegalStateException("instance() before run()");
        }
        return instance;
    }

    /** A copy of {@code trace} whose top-level export calls expect {@code run}'s results (for a self-checking replay). */
    public static ReducedTrace withObservedResults(ReducedTrace trace, Run run) {
        List<ExportInvoke> driver = new ArrayList<>();
        for (int i = 0; i < trace.driver().size(); i++) {
            ExportInvoke e = trace.driver().get(i);
            driver.add(new ExportInvoke(e.before(), e.funcIndex(), e.name(), e.args(), run.exportResults().get(i), true));
        }
        return trace.withDriver(driver);
    }

    private List<Value> invoke(ExportInvoke inv) {
        apply(inv.before());
        FuncType t = summary.functionType(inv.funcIndex());
        long[] args = new long[inv.args().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = inv.args().get(i).lo();
        }
        String name = inv.name().isEmpty() ? exportName(inv.funcIndex()) : inv.name();
        long[] r = instance.export(name).apply(args);
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < t.results().size(); i++) {
            out.add(value(t.results().get(i), r[i]));
        }
        return out;
    }

    private String exportName(int funcIndex) {
        for (dev.reprise.wasm.Export e : summary.exports()) {
            if (e.kind() == ExternalKind.FUNCTION && e.index() == funcIndex) {
                return e.name();
            }
        }
        throw new ReplayException("function " + funcIndex + " is not exported");
    }

    private long[] call(int index, FuncType t, long[] args) {
        calls.add(index);
        ImportReplay replay = trace.importReplay(index);
        long n = counters.computeIfAbsent(index, k -> new long[1])[0]++;
        ImportCallReplay c = replay == null ? null : nth(replay, n);
        if (c == null) {
            throw new ReplayException("import " + index + " called " + (n + 1) + " times, the trace has fewer calls");
        }
        for (ExportInvoke inv : c.nested()) {
            invoke(inv);
        }
        apply(c.beforeReturn());
        if (!c.returns()) {
            throw new ReplayException("import " + index + " call " + n + " never returned in the recorded run");
        }
        long[] out = new long[t.results().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.results().isEmpty() ? 0 : c.results().get(i).lo();
        }
        return out;
    }

    private static ImportCallReplay nth(ImportReplay replay, long n) {
        for (CallRun r : replay.runs()) {
            if (n < r.count()) {
                return r.call();
            }
            n -= r.count();
        }
        return null;
    }

    private void apply(List<Effect> effects) {
        for (Effect e : effects) {
            if (e instanceof Effect.Store s) {
                instance.memory(s.memory()).write((int) s.address(), s.bytes());
            } else if (e instanceof Effect.MemoryGrow g) {
                Memory m = instance.memory(g.memory());
                if (g.pages() > m.pages()) {
                    m.grow((int) (g.pages() - m.pages()));
                }
            } else if (e instanceof Effect.TableGrow g) {
                TableInstance t = instance.table(g.table());
                if (g.size() > t.size()) {
                    t.grow((int) (g.size() - t.size()), run.endive.wasm.types.Value.REF_NULL_VALUE, instance);
                }
            } else if (e instanceof Effect.TableSet s) {
                instance.table(s.table()).setRef((int) s.index(),
                        s.value().isNull() ? run.endive.wasm.types.Value.REF_NULL_VALUE : (int) s.value().lo(), instance);
            } else {
                Effect.GlobalSet g = (Effect.GlobalSet) e;
                GlobalInstance gi = instance.global(g.global());
                if (gi.getMutabilityType() == MutabilityType.Var) {
                    gi.setValue(g.value().lo());
                }
            }
        }
    }

    private static Value value(dev.reprise.wasm.ValType t, long raw) {
        if (t.equals(dev.reprise.wasm.ValType.I32)) {
            return Value.i32((int) raw);
        } else if (t.equals(dev.reprise.wasm.ValType.I64)) {
            return Value.i64(raw);
        } else if (t.equals(dev.reprise.wasm.ValType.F32)) {
            return Value.f32Bits((int) raw);
        } else if (t.equals(dev.reprise.wasm.ValType.F64)) {
            return Value.f64Bits(raw);
        } else if (t.isReference()) {
            dev.reprise.record.trace.ValType rt = ModuleSignatures.traceType(t);
            return raw == run.endive.wasm.types.Value.REF_NULL_VALUE || rt == null
                    ? Value.nullRef(rt == null ? dev.reprise.record.trace.ValType.FUNCREF : rt)
                    : new Value(rt, raw, 0);
        }
        throw new ReplayException("TraceHost cannot carry a value of type " + t);
    }

    private static List<run.endive.wasm.types.ValType> endive(List<dev.reprise.wasm.ValType> types) {
        List<run.endive.wasm.types.ValType> out = new ArrayList<>();
        for (dev.reprise.wasm.ValType t : types) {
            out.add(endive(t));
        }
        return out;
    }

    private static run.endive.wasm.types.ValType endive(dev.reprise.wasm.ValType t) {
        dev.reprise.record.trace.ValType rt = ModuleSignatures.traceType(t);
        if (rt == null) {
            throw new ReplayException("TraceHost cannot carry a value of type " + t);
        }
        return switch (rt) {
            case I32 -> run.endive.wasm.types.ValType.I32;
            case I64 -> run.endive.wasm.types.ValType.I64;
            case F32 -> run.endive.wasm.types.ValType.F32;
            case F64 -> run.endive.wasm.types.ValType.F64;
            case V128 -> run.endive.wasm.types.ValType.V128;
            case FUNCREF -> run.endive.wasm.types.ValType.FuncRef;
            case EXTERNREF -> run.endive.wasm.types.ValType.ExternRef;
        };
    }
}
