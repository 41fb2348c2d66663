package dev.reprise.transform;

import dev.reprise.wasm.BlockType;
import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.FuncType;
import dev.reprise.wasm.FunctionImportAdder;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.SectionAppender;
import dev.reprise.wasm.ValType;
import java.util.List;

/**
 * Adds preemption points: at every function entry and loop header a per-instance budget global
 * counts down, and when it reaches zero it is refilled and the host's {@code reprise.preempt}
 * is called, where the scheduler may switch threads. Works with any engine (the Endive compiler
 * included), not only with an instruction-counting interpreter, so spin loops cannot hang a
 * cooperative scheduler.
 *
 * <pre>
 * before:  (loop $l ... (br_if $l ...))
 * after:   (loop $l
 *            (if (i32.eqz (global.get $budget))
 *              (then (global.set $budget (i32.const N)) (call $reprise.preempt)))
 *            (global.set $budget (i32.sub (global.get $budget) (i32.const 1)))
 *            ... (br_if $l ...))
 * </pre>
 *
 * The budget counts preemption points passed (function entries and loop headers), not
 * instructions: code without loops or calls between two points costs nothing, so the decision
 * points of a run depend only on which points the executed code passes. A pass limited to the
 * first {@code n} defined functions ({@link #PreemptionPass(int, int)}) leaves functions appended
 * after them (recording hooks' helpers, replay stubs) without points, so that a recording and
 * its replay reach exactly the same points.
 */
public final class PreemptionPass implements Pass {
    /** Checks between preemption calls when none is given. */
    public static final int DEFAULT_BUDGET = 10_000;

    /** The name of the import the pass adds (module {@code reprise}). */
    public static final String IMPORT = "preempt";

    private final int budget;
    private final int definedLimit;

    public PreemptionPass() {
        this(DEFAULT_BUDGET);
    }

    /** @param budget preemption points passed between two calls of {@code reprise.preempt} */
    public PreemptionPass(int budget) {
        this(budget, Integer.MAX_VALUE);
    }

    /**
     * @param budget       preemption points passed between two calls of {@code reprise.preempt}
     * @param definedLimit only the first {@code definedLimit} defined functions get points
     */
    public PreemptionPass(int budget, int definedLimit) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be at least 1, not " + budget);
        }
        if (definedLimit < 0) {
            throw new IllegalArgumentException("definedLimit must not be negative, not " + definedLimit);
        }
        this.budget = budget;
        this.definedLimit = definedLimit;
    }

    /** Whether {@code module} already imports {@code reprise.preempt} (it has preemption points: the pass is not applied twice). */
    public static boolean hasPoints(ModuleSummary module) {
        return module.imports().stream().anyMatch(i -> i.module().equals(AtomicsToSchedulerPass.MODULE)
                && i.name().equals(IMPORT) && i.kind() == dev.reprise.wasm.ExternalKind.FUNCTION);
    }

    @Override
    public String name() {
        return "preempt";
    }

    @Override
    public String description() {
        return "count down a budget at function entries and loop headers; call reprise.preempt when it runs out";
    }

    @Override
    public byte[] apply(byte[] module) {
        ModuleReader reader = new ModuleReader(module);
        ModuleSummary summary = reader.summary();
        FunctionImportAdder adder = new FunctionImportAdder(summary);
        int preempt = adder.add(AtomicsToSchedulerPass.MODULE, IMPORT, FuncType.of(List.of(), List.of()));
        // function indices the code visitor sees are output ones (after the added import)
        long lastInstrumented = (long) summary.importedFunctions() + adder.count() + definedLimit;
        SectionAppender appender = new SectionAppender(summary);
        int counter = appender.appendGlobal(new GlobalType(ValType.I32, true), ConstExpr.i32(budget));
        ModuleWriter writer = new ModuleWriter();
        reader.accept(appender.visitor(adder.visitor(new ModuleVisitor(writer) {
            @Override
            public CodeVisitor visitCode(int functionIndex) {
                if (functionIndex >= lastInstrumented) {
                    return super.visitCode(functionIndex);
                }
                return new CodeVisitor(super.visitCode(functionIndex)) {
                    private void check() {
                        super.visitIndexInsn(Opcode.GLOBAL_GET, counter);
                        super.visitInsn(Opcode.I32_EQZ);
                        super.visitBlock(Opcode.IF, BlockType.EMPTY);
                        super.visitI32Const(budget);
                        super.visitIndexInsn(Opcode.GLOBAL_SET, counter);
                        super.visitIndexInsn(Opcode.CALL, preempt);
                        super.visitInsn(Opcode.END);
                        super.visitIndexInsn(Opcode.GLOBAL_GET, counter);
                        super.visitI32Const(1);
                        super.visitInsn(Opcode.I32_SUB);
                        super.visitIndexInsn(Opcode.GLOBAL_SET, counter);
                    }

                    @Override
                    public void visitBodyStart() {
                        super.visitBodyStart();
                        check();
                    }

                    @Override
                    public void visitBlock(Opcode op, BlockType type) {
                        super.visitBlock(op, type);
                        if (op == Opcode.LOOP) {
                            check();
                        }
                    }
                };
            }
        })));
        return writer.toByteArray();
    }
}
