package dev.reprise.transform;

import java.util.ArrayList;
import java.util.List;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.TrapException;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * Single-threaded stand-ins for the scheduler imports the passes add, with the semantics of the
 * instructions they replace when only one thread exists: a wait whose value differs returns 1,
 * otherwise nobody can wake it and it times out (2); notify wakes nobody (0). Every call is
 * recorded, so tests can check the arguments the rewritten code passes.
 */
final class SchedulerStandIn {
    /** One call of a scheduler import: its name and raw arguments. */
    record Call(String name, long[] args) {
    }

    static final List<Call> CALLS = new ArrayList<>();

    private SchedulerStandIn() {
    }

    static ImportValues.Builder addTo(ImportValues.Builder b) {
        ValType i32 = ValType.I32;
        ValType i64 = ValType.I64;
        b.addFunction(new HostFunction("reprise", "preempt", FunctionType.of(List.of(), List.of()), (inst, args) -> {
            CALLS.add(new Call("preempt", args));
            return null;
        }));
        b.addFunction(new HostFunction("reprise", "atomic.wait32", FunctionType.of(List.of(i32, i32, i64, i64, i32), List.of(i32)),
                (inst, args) -> wait(inst, "atomic.wait32", args, 4)));
        b.addFunction(new HostFunction("reprise", "atomic.wait64", FunctionType.of(List.of(i32, i64, i64, i64, i32), List.of(i32)),
                (inst, args) -> wait(inst, "atomic.wait64", args, 8)));
        b.addFunction(new HostFunction("reprise", "atomic.notify", FunctionType.of(List.of(i32, i32, i64, i32), List.of(i32)),
                (inst, args) -> {
                    CALLS.add(new Call("atomic.notify", args));
                    effectiveAddress(inst.memory((int) args[3]), args[0], args[2], 4);
                    return new long[] {0};
                }));
        return b;
    }

    private static long[] wait(Instance inst, String name, long[] args, int width) {
        CALLS.add(new Call(name, args));
        Memory memory = inst.memory((int) args[4]);
        int ea = effectiveAddress(memory, args[0], args[3], width);
        if (!memory.shared()) {
            throw new TrapException("expected shared memory");
        }
        long actual = width == 4 ? memory.readInt(ea) : memory.readLong(ea);
        long expected = width == 4 ? (int) args[1] : args[1];
        return new long[] {actual != expected ? 1 : 2};
    }

    private static int effectiveAddress(Memory memory, long addr, long offset, int width) {
        long ea = (addr & 0xFFFFFFFFL) + offset;
        if (ea % width != 0) {
            throw new TrapException("unaligned atomic");
        }
        if (ea + width > (long) memory.pages() * 65536) {
            throw new TrapException("out of bounds memory access");
        }
        return (int) ea;
    }
}
