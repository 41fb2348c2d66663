package dev.reprise.transform;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.FunctionImportAdder;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code memory.atomic.wait32}, {@code wait64} and {@code notify} by calls of the
 * deterministic scheduler's imports (module {@value #MODULE}), keeping the memarg offset, the
 * memory index and the timeout, which deterministic-wasm's rewrite dropped.
 *
 * <pre>
 * before:  (memory.atomic.wait32 1 offset=8 (local.get $addr) (i32.const 0) (i64.const -1))
 * after:   (call $reprise.atomic.wait32 (local.get $addr) (i32.const 0) (i64.const -1)
 *                                       (i64.const 8) (i32.const 1))
 * </pre>
 *
 * Imports (added only for the operations a module uses; {@code _a64} variants take an i64
 * address, for 64-bit memories):
 * <ul>
 *   <li>{@code atomic.wait32 (addr i32, expected i32, timeout_ns i64, offset i64, memory i32) -> i32}</li>
 *   <li>{@code atomic.wait64 (addr i32, expected i64, timeout_ns i64, offset i64, memory i32) -> i32}</li>
 *   <li>{@code atomic.notify (addr i32, count i32, offset i64, memory i32) -> i32}</li>
 * </ul>
 * The host computes the effective address (unsigned addr + offset), traps on misalignment and
 * out-of-bounds access, and returns what the instruction would: 0 woken, 1 not equal, 2 timed
 * out for waits; the number woken for notify.
 */
public final class AtomicsToSchedulerPass implements Pass {
    /** The import module of the scheduler's functions. */
    public static final String MODULE = "reprise";

    /** Which import each rewritten operation calls. */
    enum Hook {
        WAIT32("atomic.wait32", Opcode.MEMORY_ATOMIC_WAIT32, ValType.I32),
        WAIT64("atomic.wait64", Opcode.MEMORY_ATOMIC_WAIT64, ValType.I64),
        NOTIFY("atomic.notify", Opcode.MEMORY_ATOMIC_NOTIFY, ValType.I32);

        final String name;
        final Opcode op;
        final ValType operand;

        Hook(String name, Opcode op, ValType operand) {
            this.name = name;
            this.op = op;
            this.operand = operand;
        }

        static Hook of(Opcode op) {
            for (Hook h : values()) {
                if (h.op == op) {
                    return h;
                }
            }
            return null;
        }

        FuncType type(boolean addr64) {
            ValType addr = addr64 ? ValType.I64 : ValType.I32;
            if (this == NOTIFY) {
                return FuncType.of(List.of(addr, ValType.I32, ValType.I64, ValType.I32), List.of(ValType.I32));
            }
            return FuncType.of(List.of(addr, operand, ValType.I64, ValType.I64, ValType.I32), List.of(ValType.I32));
        }

        String importName(boolean addr64) {
            return addr64 ? name + "_a64" : name;
        }
    }

    @Override
    public String name() {
        return "atomics";
    }

    @Override
    public String description() {
        return "replace memory.atomic.wait32/wait64/notify by calls of the deterministic scheduler";
    }

    @Override
    public byte[] apply(byte[] module) {
        ModuleReader reader = new ModuleReader(module);
        ModuleSummary summary = reader.summary();
        boolean[] memory64 = summary.memory64();
        boolean[][] used = findUses(reader);
        if (!used[0][0] && !used[0][1] && !used[0][2] && !used[1][0] && !used[1][1] && !used[1][2]) {
            return module;
        }
        FunctionImportAdder adder = new FunctionImportAdder(summary);
        Map<Hook, int[]> hooks = new EnumMap<>(Hook.class);
        for (Hook h : Hook.values()) {
            int[] byWidth = {-1, -1};
            for (int w = 0; w < 2; w++) {
                if (used[w][h.ordinal()]) {
                    byWidth[w] = adder.add(MODULE, h.importName(w == 1), h.type(w == 1));
                }
            }
            hooks.put(h, byWidth);
        }
        ModuleWriter writer = new ModuleWriter();
        reader.accept(adder.visitor(new ModuleVisitor(writer) {
            @Override
            public CodeVisitor visitCode(int functionIndex) {
                return new CodeVisitor(super.visitCode(functionIndex)) {
                    @Override
                    public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
                        Hook h = Hook.of(op);
                        if (h == null) {
                            super.visitMemoryInsn(op, memory, alignLog2, offset);
                            return;
                        }
                        boolean wide = memory < memory64.length && memory64[memory];
                        super.visitI64Const(offset);
                        super.visitI32Const(memory);
                        super.visitIndexInsn(Opcode.CALL, hooks.get(h)[wide ? 1 : 0]);
                    }
                };
            }
        }));
        return writer.toByteArray();
    }

    /** used[addr64 ? 1 : 0][hook] */
    private static boolean[][] findUses(ModuleReader reader) {
        boolean[][] used = new boolean[2][Hook.values().length];
        boolean[] memory64 = reader.summary().memory64();
        reader.accept(new ModuleVisitor() {
            @Override
            public CodeVisitor visitCode(int functionIndex) {
                return new CodeVisitor() {
                    @Override
                    public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
                        Hook h = Hook.of(op);
                        if (h != null) {
                            used[memory < memory64.length && memory64[memory] ? 1 : 0][h.ordinal()] = true;
                        }
                    }
                };
            }
        });
        return used;
    }
}
