package dev.reprise.runtime.internal;

import dev.reprise.runtime.UnlinkableModuleException;
import dev.reprise.runtime.sched.Scheduler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportMemory;
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

    /** A memory for {@code limits}: plain, or scheduler-aware when shared. */
    public Memory newMemory(MemoryLimits limits) {
        Memory m = new ByteArrayMemory(limits);
        return wrapper.apply(limits.shared() ? new ScheduledMemory(m, scheduler) : m);
    }

    /** Builds the import values for {@code module}, or throws {@link UnlinkableModuleException}. */
    public ImportValues link(WasmModule module) {
        ImportValues.Builder b = ImportValues.builder();
        int n = module.importSection().importCount();
        for (int i = 0; i < n; i++) {
            Import imp = module.importSection().getImport(i);
            String where = imp.module() + "." + imp.name();
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
}
