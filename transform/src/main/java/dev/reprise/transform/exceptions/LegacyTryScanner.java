package dev.reprise.transform.exceptions;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.Catch;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.WasmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first of {@link LegacyExceptionsPass}'s two reads: finds each function's legacy trys
 * ({@link FunctionTrys}) with their clauses and delegates, since the rewrite must open the
 * blocks a try's handlers land in before it reaches them. Functions without legacy trys are not
 * recorded (the rewrite copies them through).
 */
final class LegacyTryScanner extends ModuleVisitor {
    private final Map<Integer, FunctionTrys> functions = new HashMap<>();

    LegacyTryScanner() {
        super(null);
    }

    /** Per function index (imports counted), the functions that have legacy trys, resolved. */
    Map<Integer, FunctionTrys> functions() {
        return functions;
    }

    @Override
    public CodeVisitor visitCode(int functionIndex) {
        return new BodyScan(functionIndex);
    }

    /** A control frame of the scanned body: a try's shape and whether its handlers are running. */
    private static final class Frame {
        final Opcode op;
        final LegacyTry legacyTry;
        boolean inHandler;

        Frame(Opcode op, LegacyTry legacyTry) {
            this.op = op;
            this.legacyTry = legacyTry;
        }
    }

    private final class BodyScan extends CodeVisitor {
        private final int functionIndex;
        private final FunctionTrys trys = new FunctionTrys();
        private final List<Frame> frames = new ArrayList<>();
        private int openTrys;
        private boolean tryTables;

        BodyScan(int functionIndex) {
            super(null);
            this.functionIndex = functionIndex;
            frames.add(new Frame(null, null)); // the function's own label
        }

        @Override
        public void visitBlock(Opcode op, BlockType type) {
            LegacyTry t = null;
            if (op == Opcode.TRY) {
                t = new LegacyTry(type, openTrys++);
                trys.trys.add(t);
            }
            frames.add(new Frame(op, t));
        }

        @Override
        public void visitTryTable(BlockType type, Catch[] catches) {
            tryTables = true;
            frames.add(new Frame(Opcode.TRY_TABLE, null));
        }

        @Override
        public void visitInsn(Opcode op) {
            if (op == Opcode.CATCH_ALL) {
                handler(LegacyTry.CATCH_ALL);
            } else if (op == Opcode.END) {
                pop();
            }
        }

        @Override
        public void visitIndexInsn(Opcode op, int index) {
            if (op == Opcode.CATCH) {
                handler(index);
            } else if (op == Opcode.DELEGATE) {
                Frame f = top();
                f.legacyTry.delegates = true;
                List<LegacyTry> candidates = new ArrayList<>();
                // the label counts from outside the try: 0 is the block around it
                for (int i = frames.size() - 2 - index; i >= 1; i--) {
                    Frame g = frames.get(i);
                    if (g.op == Opcode.TRY && !g.inHandler) {
                        candidates.add(g.legacyTry);
                    }
                }
                f.legacyTry.delegateCandidates = candidates;
                pop();
            }
        }

        private Frame top() {
            Frame f = frames.get(frames.size() - 1);
            if (f.op != Opcode.TRY) {
                throw new WasmException("function " + functionIndex + ": catch or delegate outside a try");
            }
            return f;
        }

        private void handler(int tag) {
            Frame f = top();
            f.legacyTry.catches.add(tag);
            f.inHandler = true;
        }

        private void pop() {
            Frame f = frames.remove(frames.size() - 1);
            if (f.op == Opcode.TRY) {
                openTrys--;
            }
        }

        @Override
        public void visitEnd() {
            if (trys.trys.isEmpty()) {
                return;
            }
            if (tryTables) {
                throw new WasmException("function " + functionIndex
                        + " mixes legacy try with try_table, which the translation to exnref does not handle");
            }
            trys.resolve();
            functions.put(functionIndex, trys);
        }
    }
}
