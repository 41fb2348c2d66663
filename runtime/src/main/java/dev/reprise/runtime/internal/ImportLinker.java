package dev.reprise.runtime.internal;

import dev.reprise.runtime.UnlinkableModuleException;
import dev.reprise.runtime.sched.Scheduler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportFunction;
import run.endive.runtime.ImportGlobal;
import run.endive.runtime.ImportMemory;
import run.endive.runtime.ImportTable;
import run.endive.runtime.ImportTag;
import run.endive.runtime.Instance;
import run.endive.wasm.types.Export;
import run.endive.wasm.types.ExternalType;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Memory;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.FunctionImport;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.Import;
import run.endive.wasm.types.MemoryImport;
import run.endive.wasm.types.MemoryLimits;

/**
 * Matches a module's imports with the host functions the sandbox offers, checks their types,
 * creates imported memories (shared ones wrapped in {@link ScheduledMemory}) and reports the
 * first import it cannot satisfy by name.
 */
public final class ImportLinker {
    private final Map<String, HostFunction> offered = new LinkedHashMap<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Scheduler scheduler;
    private final java.util.function.UnaryOperator<Memory> wrapper;

    public ImportLinker(Scheduler scheduler) {
        this(scheduler, java.util.function.UnaryOperator.identity());
    }

    /** @param wrapper applied to every memory this linker creates ({@code RunOptions.memoryWrapper}) */
    public ImportLinker(Scheduler scheduler, java.util.function.UnaryOperator<Memory> wrapper) {
        this.scheduler = scheduler;
        this.wrapper = wrapper;
    }

    /** Offers host functions. */
    public ImportLinker offer(List<HostFunction> functions) {
        for (HostFunction f : functions) {
            offered.put(f.module() + "\u0000" + f.name(), f);
        }
        return this;
    }

    /** Offers the exports of an instantiated module as imports of module {@code name}. */
    public ImportLinker offerInstance(String name, Instance instance) {
        instances.put(name, instance);
        return this;
    }

    /** The memory class of every run: one class, so compiled code's memory call sites stay monomorphic. */
    public static Memory plainMemory(MemoryLimits limits) {
        return new ByteArrayMemory(limits);
    }

    /** A memory for {@code limits}: plain, or scheduler-aware when shared. */
    public Memory newMemory(MemoryLimits limits) {
        Memory m = plainMemory(limits);
        return wrapper.apply(limits.shared() ? new ScheduledMemory(m, scheduler) : m);
    }

    /** Builds the import values for {@code module}, or throws {@link UnlinkableModuleException}. */
    public ImportValues link(WasmModule module) {
        ImportValues.Builder b = ImportValues.builder();
        int n = module.importSection().importCount();
        for (int i = 0; i < n; i++) {
            Import imp = module.importSection().getImport(i);
            String where = imp.module() + "." + imp.name();
            Instance from = instances.get(imp.module());
            if (from != null) {
                linkExport(b, imp, from, where);
                continue;
            }
            if (imp instanceof FunctionImport fi) {
                FunctionType wanted = module.typeSection().getType(fi.typeIndex());
                HostFunction f = offered.get(imp.module() + "\u0000" + imp.name());
                if (f == null) {
                    throw new UnlinkableModuleException("unknown import " + where + " (function " + wanted
                            + "): the sandbox does not provide it");
                }
                if (!wanted.typesMatch(f.functionType())) {
                    throw new UnlinkableModuleException("import " + where + " has the wrong type: module expects "
                            + wanted + ", the sandbox provides " + f.functionType());
                }
                b.addFunction(f);
            } else if (imp instanceof MemoryImport mi) {
                b.addMemory(new ImportMemory(imp.module(), imp.name(), newMemory(mi.limits())));
            } else {
                throw new UnlinkableModuleException("unknown import " + where + " (" + imp.importType()
                        + "): the sandbox provides only functions and memories");
            }
        }
        return b.build();
    }

    /** Links import {@code imp} to the export of the same name and kind of a preloaded instance. */
    private static void linkExport(ImportValues.Builder b, Import imp, Instance from, String where) {
        ExternalType kind = imp.importType();
        Export e = null;
        var exports = from.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals(imp.name())) {
                e = exports.getExport(i);
            }
        }
        if (e == null || e.exportType() != kind) {
            throw new UnlinkableModuleException("unknown import " + where + " (" + kind + "): the preloaded module "
                    + imp.module() + " exports no " + kind.name().toLowerCase(java.util.Locale.ROOT) + " of that name");
        }
        switch (kind) {
            case FUNCTION -> b.addFunction(ImportFunction.exportAsImport(imp.module(), imp.name(), from, imp.name()));
            case MEMORY -> b.addMemory(new ImportMemory(imp.module(), imp.name(), from.memory(e.index())));
            case TABLE -> b.addTable(new ImportTable(imp.module(), imp.name(), from.table(e.index())));
            case GLOBAL -> b.addGlobal(new ImportGlobal(imp.module(), imp.name(), from.global(e.index())));
            case TAG -> b.addTag(new ImportTag(imp.module(), imp.name(), from.tag(e.index())));
            default -> throw new UnlinkableModuleException("import " + where + " of kind " + kind + " cannot be linked");
        }
    }
}
