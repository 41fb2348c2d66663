package dev.reprise.replay;

import dev.reprise.record.trace.SignatureLookup;
import dev.reprise.record.trace.ValType;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.Import;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SignatureLookup} read from the module itself (its {@link ModuleSummary}): function
 * signatures, global types, initial memory and table sizes, import and export names. Types the
 * trace format cannot carry (typed references other than funcref/externref, packed types) map
 * to null.
 */
public final class ModuleSignatures implements SignatureLookup {
    private final ModuleSummary summary;

    /** The signatures of an already read module. */
    public ModuleSignatures(ModuleSummary summary) {
        this.summary = summary;
    }

    /** Reads the module's shape from its bytes. */
    public static ModuleSignatures of(byte[] wasm) {
        return new ModuleSignatures(new ModuleReader(wasm).summary());
    }

    /** The trace value type of a wasm value type, or null when a trace cannot carry it. */
    public static ValType traceType(dev.reprise.wasm.ValType t) {
        if (t.equals(dev.reprise.wasm.ValType.I32)) {
            return ValType.I32;
        } else if (t.equals(dev.reprise.wasm.ValType.I64)) {
            return ValType.I64;
        } else if (t.equals(dev.reprise.wasm.ValType.F32)) {
            return ValType.F32;
        } else if (t.equals(dev.reprise.wasm.ValType.F64)) {
            return ValType.F64;
        } else if (t.equals(dev.reprise.wasm.ValType.V128)) {
            return ValType.V128;
        } else if (t.isReference() && t.heapType() == dev.reprise.wasm.HeapType.FUNC) {
            return ValType.FUNCREF;
        } else if (t.isReference() && t.heapType() == dev.reprise.wasm.HeapType.EXTERN) {
            return ValType.EXTERNREF;
        }
        return null;
    }

    private FuncType func(int funcIndex) {
        return funcIndex >= 0 && funcIndex < summary.functionCount() ? summary.functionType(funcIndex) : null;
    }

    private static List<ValType> types(List<dev.reprise.wasm.ValType> in) {
        List<ValType> out = new ArrayList<>(in.size());
        for (dev.reprise.wasm.ValType t : in) {
            out.add(traceType(t));
        }
        return out;
    }

    @Override
    public List<ValType> params(int funcIndex) {
        FuncType f = func(funcIndex);
        return f == null ? null : types(f.params());
    }

    @Override
    public List<ValType> results(int funcIndex) {
        FuncType f = func(funcIndex);
        return f == null ? null : types(f.results());
    }

    @Override
    public ValType globalType(int globalIndex) {
        return globalIndex >= 0 && globalIndex < summary.globals().size()
                ? traceType(summary.globals().get(globalIndex).type()) : null;
    }

    @Override
    public long memoryPages(int memIndex) {
        return memIndex >= 0 && memIndex < summary.memories().size() ? summary.memories().get(memIndex).limits().min() : -1;
    }

    @Override
    public long tableSize(int tableIndex) {
        return tableIndex >= 0 && tableIndex < summary.tables().size() ? summary.tables().get(tableIndex).limits().min() : -1;
    }

    private Import functionImport(int funcIndex) {
        int i = 0;
        for (Import imp : summary.imports()) {
            if (imp.type().kind() == ExternalKind.FUNCTION && i++ == funcIndex) {
                return imp;
            }
        }
        return null;
    }

    @Override
    public String importModule(int funcIndex) {
        Import imp = functionImport(funcIndex);
        return imp == null ? "" : imp.module();
    }

    @Override
    public String importName(int funcIndex) {
        Import imp = functionImport(funcIndex);
        return imp == null ? "" : imp.name();
    }

    @Override
    public String exportName(int funcIndex) {
        for (Export e : summary.exports()) {
            if (e.kind() == ExternalKind.FUNCTION && e.index() == funcIndex) {
                return e.name();
            }
        }
        return "";
    }
}
