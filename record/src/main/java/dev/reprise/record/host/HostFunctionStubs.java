package dev.reprise.record.host;

import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.ValType;
import dev.reprise.wasm.FuncType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link HookRecorder} re-recording a replay needs to know of the functions the host set
 * into the module's tables in the recorded run ({@link TraceEvent.HostFunction}): the replay's
 * functions that stand in for them in the table, and their declarations, so that table entries
 * and calls are written as the original recorder wrote them. Import slots past the module's
 * function imports are host functions, in declaration order.
 */
final class HostFunctionStubs {
    /** None: a recording of the module itself. */
    static final HostFunctionStubs NONE = new HostFunctionStubs(List.of(), Map.of());

    private final List<TraceEvent.HostFunction> hosts;
    private final Map<Integer, Integer> entries;
    private final boolean[] declared;

    /**
     * @param hosts   the declarations, in order
     * @param entries per running function index of a replay's stand-in, its position in {@code hosts}
     */
    HostFunctionStubs(List<TraceEvent.HostFunction> hosts, Map<Integer, Integer> entries) {
        this.hosts = List.copyOf(hosts);
        this.entries = Map.copyOf(entries);
        this.declared = new boolean[hosts.size()];
    }

    /** The position of the host function running function {@code ref} stands in for, or -1. */
    int hostOf(int ref) {
        Integer k = entries.get(ref);
        return k == null ? -1 : k;
    }

    TraceEvent.HostFunction get(int k) {
        return hosts.get(k);
    }

    /** Whether host function {@code k} is declared yet (marks it declared). */
    boolean declare(int k) {
        boolean was = declared[k];
        declared[k] = true;
        return was;
    }

    /** The function index the trace gives import slot {@code slot}, the module importing {@code imported} functions. */
    int traceIndex(int slot, int imported) {
        return slot < imported ? slot : hosts.get(slot - imported).funcIndex();
    }

    /** The trace's name of import slot {@code slot} past the imports, as {@code module.name}. */
    String label(int slot, int imported) {
        return HookRecorder.HOST_MODULE + "." + HookRecorder.hostFunctionName(traceIndex(slot, imported));
    }

    /** The type of import slot {@code slot} past the imports. */
    FuncType type(int slot, int imported) {
        int k = slot - imported;
        if (k < 0 || k >= hosts.size()) {
            throw new IllegalStateException("import_enter(" + slot + "): no such function import or host function");
        }
        return HookRecorder.hostFunctionType(hosts.get(k));
    }

    static List<dev.reprise.wasm.ValType> wasmTypes(List<ValType> types) {
        List<dev.reprise.wasm.ValType> out = new ArrayList<>();
        for (ValType t : types) {
            out.add(switch (t) {
                case FUNCREF -> dev.reprise.wasm.ValType.FUNCREF;
                case EXTERNREF -> dev.reprise.wasm.ValType.EXTERNREF;
                default -> dev.reprise.wasm.ValType.ofNumeric(t.code());
            });
        }
        return out;
    }
}
