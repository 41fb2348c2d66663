package dev.reprise.transform;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.Opcode;
import java.util.EnumMap;
import java.util.Map;

/** Counts memory instructions and calls per target in a module, for checking what a pass changed. */
final class OpcodeCounter {
    final Map<Opcode, Integer> memoryOps = new EnumMap<>(Opcode.class);
    final Map<Integer, Integer> callsTo = new java.util.HashMap<>();

    static OpcodeCounter of(byte[] module) {
        OpcodeCounter c = new OpcodeCounter();
        new ModuleReader(module).accept(new ModuleVisitor() {
            @Override
            public CodeVisitor visitCode(int functionIndex) {
                return new CodeVisitor() {
                    @Override
                    public void visitMemoryInsn(Opcode op, int memory, int alignLog2, long offset) {
                        c.memoryOps.merge(op, 1, Integer::sum);
                    }

                    @Override
                    public void visitIndexInsn(Opcode op, int index) {
                        if (op == Opcode.CALL) {
                            c.callsTo.merge(index, 1, Integer::sum);
                        }
                    }
                };
            }
        });
        return c;
    }

    int count(Opcode op) {
        return memoryOps.getOrDefault(op, 0);
    }
}
