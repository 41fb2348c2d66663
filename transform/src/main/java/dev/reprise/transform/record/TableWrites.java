package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.Opcode;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The tables a module's own code can change: the targets of {@code table.set}, {@code table.fill},
 * {@code table.grow}, {@code table.init} and {@code table.copy}. A table outside this set changes
 * only when the host changes it, so a recorded entry read again with the value it had when last
 * read needs no replaying (the reducer's rule, given the trace header option
 * {@value #TRACE_OPTION}). Active element segments only set the initial state, which the module
 * itself restores.
 *
 * <pre>
 * (table 2 funcref) (table 1 externref)
 * (func (table.set 1 (i32.const 0) (ref.null extern)))    =>  written: [1]
 * </pre>
 */
public final class TableWrites {
    /** The trace header option listing the written tables, comma-separated ("" when none). */
    public static final String TRACE_OPTION = "tables-written";

    private TableWrites() {
    }

    /** The indices of the tables {@code module}'s code writes, in order. */
    public static SortedSet<Integer> of(byte[] module) {
        SortedSet<Integer> written = new TreeSet<>();
        CodeVisitor scan = new CodeVisitor(null) {
            @Override
            public void visitIndexInsn(Opcode op, int index) {
                if (op == Opcode.TABLE_SET || op == Opcode.TABLE_FILL || op == Opcode.TABLE_GROW) {
                    written.add(index);
                }
            }

            @Override
            public void visitIndexPairInsn(Opcode op, int first, int second) {
                if (op == Opcode.TABLE_INIT) {
                    written.add(second);            // table.init elem table
                } else if (op == Opcode.TABLE_COPY) {
                    written.add(first);             // table.copy dst src
                }
            }
        };
        new ModuleReader(module).accept(new ModuleVisitor(null) {
            @Override
            public CodeVisitor visitCode(int functionIndex) {
                return scan;
            }
        });
        return written;
    }
}
