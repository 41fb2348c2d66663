package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.ConstExpr;
import dev.reprise.wasm.ElementSegment;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.GlobalType;
import dev.reprise.wasm.MemoryType;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.Opcode;
import dev.reprise.wasm.SegmentMode;
import dev.reprise.wasm.TableType;
import dev.reprise.wasm.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The module-level half of the instrumentation: points exports and the start function at their
 * wrappers, sends element segments and {@code ref.func} of imports to the import wrappers,
 * instruments every original body, and at the end adds the shadow memories (shadow mode) and a
 * declarative element segment for the import wrappers that code references.
 *
 * <p>Legal call order: that of {@link ModuleVisitor}. The wrappers and helpers themselves are
 * appended downstream (by the {@link dev.reprise.wasm.SectionAppender} this visitor feeds), so
 * they are not instrumented.
 */
final class InstrumentingVisitor extends ModuleVisitor {
    private final RecordingPlan plan;
    private final BodyScanner scanner;
    private int exportIndex;
    private boolean sawStart;
    private boolean referencesImports;

    InstrumentingVisitor(RecordingPlan plan, BodyScanner scanner, ModuleVisitor next) {
        super(next);
        this.plan = plan;
        this.scanner = scanner;
    }

    private ConstExpr redirect(ConstExpr e) {
        if (e == null || plan.originalImports == 0) {
            return e;
        }
        return e.transform(w -> new CodeVisitor(w) {
            @Override
            public void visitIndexInsn(Opcode op, int index) {
                super.visitIndexInsn(op, op == Opcode.REF_FUNC ? plan.callTarget(index) : index);
            }
        });
    }

    @Override
    public void visitTable(TableType type, ConstExpr init) {
        super.visitTable(type, redirect(init));
    }

    @Override
    public void visitGlobal(GlobalType type, ConstExpr init) {
        super.visitGlobal(type, redirect(init));
    }

    @Override
    public void visitExport(String name, ExternalKind kind, int index) {
        int e = exportIndex++;
        if (kind == ExternalKind.FUNCTION && plan.exportWrapper[e] >= 0) {
            index = plan.exportWrapper[e];
        }
        super.visitExport(name, kind, index);
    }

    @Override
    public void visitStart(int functionIndex) {
        sawStart = true;
        super.visitStart(plan.startWrapper >= 0 ? plan.startWrapper : plan.callTarget(functionIndex));
    }

    @Override
    public void visitElement(ElementSegment segment) {
        if (segment.functions() != null) {
            int[] functions = segment.functions().clone();
            for (int i = 0; i < functions.length; i++) {
                functions[i] = plan.callTarget(functions[i]);
            }
            super.visitElement(segment.withFunctions(functions));
        } else {
            List<ConstExpr> exprs = new ArrayList<>();
            for (ConstExpr e : segment.expressions()) {
                exprs.add(redirect(e));
            }
            super.visitElement(new ElementSegment(segment.mode(), segment.table(), segment.offset(), segment.type(), null, exprs,
                    segment.flags()));
        }
    }

    @Override
    public CodeVisitor visitCode(int functionIndex) {
        CodeVisitor cv = super.visitCode(functionIndex);
        if (cv == null) {
            return null;
        }
        Runnable onImportReference = () -> referencesImports = true;
        return plan.host ? new CallRedirector(plan, cv, onImportReference)
                : new BodyInstrumenter(plan, functionIndex, scanner.temps(functionIndex), cv, onImportReference);
    }

    @Override
    public void visitEnd() {
        if (!sawStart && plan.startWrapper >= 0) {
            super.visitStart(plan.startWrapper);
        }
        if (plan.shadow()) {
            for (int m = 0; m < plan.memories; m++) {
                super.visitMemory(new MemoryType(plan.summary.memories().get(m).limits()));
            }
        }
        if (referencesImports) {
            int[] wrappers = plan.importWrapper.clone();
            super.visitElement(new ElementSegment(SegmentMode.DECLARATIVE, 0, null, ValType.FUNCREF, wrappers, null, -1));
        }
        super.visitEnd();
    }
}
