package dev.reprise.transform.exceptions;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.Catch;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites one function's legacy trys into {@code try_table} and blocks (the shapes are in
 * {@link LegacyExceptionsPass}'s example), renumbering every branch label for the blocks it adds.
 * Labels are tracked as positions in the output's label stack: each original frame knows the
 * output label its branches go to, so a branch's new depth is the distance to that position.
 */
final class LegacyTryRewriter extends CodeVisitor {
    private final FunctionTrys trys;
    private final WrapperTypes types;
    private final int params;
    private final BlockType functionResults;
    private final List<Frame> frames = new ArrayList<>();
    private int nextTry;
    private int locals;
    /** Labels open in the output, the function's own included. */
    private int open = 1;
    /** The output position of the block a delegate to the caller branches to, or -1. */
    private int callerLanding = -1;

    /** An original control frame: where its branches go in the output, and its try's state. */
    private static final class Frame {
        final int label;
        final LegacyTry legacyTry;
        int landing = -1;
        int handlers;

        Frame(int label, LegacyTry legacyTry) {
            this.label = label;
            this.legacyTry = legacyTry;
        }
    }

    LegacyTryRewriter(CodeVisitor next, FunctionTrys trys, WrapperTypes types, int params, BlockType functionResults) {
        super(next);
        this.trys = trys;
        this.types = types;
        this.params = params;
        this.functionResults = functionResults;
    }

    @Override
    public void visitLocals(int count, ValType type) {
        locals += count;
        super.visitLocals(count, type);
    }

    @Override
    public void visitBodyStart() {
        if (trys.slots > 0) {
            super.visitLocals(trys.slots, ValType.EXNREF);
        }
        super.visitBodyStart();
        int functionLabel = 0;
        if (trys.delegatesToCaller) {
            callerLanding = openBlock(Opcode.BLOCK, BlockType.of(ValType.EXNREF));
            functionLabel = openBlock(Opcode.BLOCK, functionResults);
        }
        frames.add(new Frame(functionLabel, null));
    }

    private int openBlock(Opcode op, BlockType type) {
        super.visitBlock(op, type);
        return open++;
    }

    private void openTryTable(BlockType type, Catch[] catches) {
        super.visitTryTable(type, catches);
        open++;
    }

    private void end() {
        super.visitInsn(Opcode.END);
        open--;
    }

    private void branch(int position) {
        super.visitIndexInsn(Opcode.BR, open - 1 - position);
    }

    private int exnLocal(LegacyTry t) {
        return params + locals + t.slot;
    }

    private int label(int depth) {
        return open - 1 - frames.get(frames.size() - 1 - depth).label;
    }

    @Override
    public void visitBlock(Opcode op, BlockType type) {
        if (op != Opcode.TRY) {
            frames.add(new Frame(openBlock(op, type), null));
            return;
        }
        LegacyTry t = trys.trys.get(nextTry++);
        if (t.delegates) {
            // block $x (block $d (result exnref) (try_table (catch_all_ref $d) BODY) (br $x)) (br LANDING))
            Frame f = new Frame(openBlock(Opcode.BLOCK, type), t);
            openBlock(Opcode.BLOCK, types.exnref(type));
            openTryTable(type, new Catch[] {new Catch(Catch.CATCH_ALL_REF, -1, 0)});
            frames.add(f);
        } else if (t.isPlainBlock()) {
            frames.add(new Frame(openBlock(Opcode.BLOCK, type), t));
        } else {
            Frame f = new Frame(openBlock(Opcode.BLOCK, type), t);
            int n = t.catches.size();
            Catch[] clauses = new Catch[n];
            for (int i = n - 1; i >= 0; i--) {
                int tag = t.catches.get(i);
                openBlock(Opcode.BLOCK, types.caught(type, tag));
                clauses[i] = tag == LegacyTry.CATCH_ALL ? new Catch(Catch.CATCH_ALL_REF, -1, i)
                        : new Catch(Catch.CATCH_REF, tag, i);
            }
            openTryTable(type, clauses);
            if (t.delegatedTo) {
                f.landing = openBlock(Opcode.BLOCK, types.exnref(type));
            }
            frames.add(f);
        }
    }

    @Override
    public void visitInsn(Opcode op) {
        if (op == Opcode.CATCH_ALL) {
            handler();
        } else if (op == Opcode.END) {
            frames.remove(frames.size() - 1);
            end();
        } else {
            super.visitInsn(op);
        }
    }

    @Override
    public void visitIndexInsn(Opcode op, int index) {
        switch (op) {
            case CATCH -> handler();
            case DELEGATE -> delegate();
            case RETHROW -> {
                Frame f = frames.get(frames.size() - 1 - index);
                super.visitIndexInsn(Opcode.LOCAL_GET, exnLocal(f.legacyTry));
                super.visitInsn(Opcode.THROW_REF);
            }
            case BR, BR_IF, BR_ON_NULL, BR_ON_NON_NULL -> super.visitIndexInsn(op, label(index));
            default -> super.visitIndexInsn(op, index);
        }
    }

    /** The body or a handler ends and the next handler starts, with the caught values and exnref on the stack. */
    private void handler() {
        Frame f = frames.get(frames.size() - 1);
        if (f.handlers == 0) {
            if (f.landing >= 0) {
                branch(f.label);
                end();
                super.visitInsn(Opcode.THROW_REF);
            }
            end(); // try_table
        }
        branch(f.label);
        end();
        f.handlers++;
        super.visitIndexInsn(Opcode.LOCAL_SET, exnLocal(f.legacyTry));
    }

    private void delegate() {
        Frame f = frames.remove(frames.size() - 1);
        end(); // try_table
        branch(f.label);
        end(); // the catch_all_ref block: the exnref is on the stack
        LegacyTry target = f.legacyTry.delegateTarget;
        branch(target == null ? callerLanding : landingOf(target));
        end();
    }

    private int landingOf(LegacyTry target) {
        for (Frame g : frames) {
            if (g.legacyTry == target) {
                return g.landing;
            }
        }
        throw new IllegalStateException("delegate target is not open");
    }

    @Override
    public void visitBrTable(int[] labels, int count, int defaultLabel) {
        int[] mapped = new int[count];
        for (int i = 0; i < count; i++) {
            mapped[i] = label(labels[i]);
        }
        super.visitBrTable(mapped, count, label(defaultLabel));
    }

    @Override
    public void visitBrOnCast(Opcode op, int flags, int label, int fromHeapType, int toHeapType) {
        super.visitBrOnCast(op, flags, label(label), fromHeapType, toHeapType);
    }

    @Override
    public void visitEnd() {
        if (callerLanding >= 0) {
            end(); // the body's block: its results on the stack
            super.visitInsn(Opcode.RETURN);
            end(); // the caller's landing block: an exnref on the stack
            super.visitInsn(Opcode.THROW_REF);
        }
        super.visitEnd();
    }
}
