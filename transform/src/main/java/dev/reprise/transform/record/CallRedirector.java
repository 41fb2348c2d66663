package dev.reprise.transform.record;

import dev.reprise.wasm.CodeVisitor;
import dev.reprise.wasm.Opcode;

/**
 * Host mode's body instrumentation: every call of an imported function and every
 * {@code ref.func} of one goes to the import's wrapper; nothing else changes (no code per load,
 * store or global access: the recorder sees the host's writes in its own memory objects).
 *
 * <pre>
 * before:  (call $fd_write (...))          ;; an import
 * after:   (call $wrap_fd_write (...))     ;; reports the call, its values and its return
 * </pre>
 */
final class CallRedirector extends CodeVisitor {
    private final RecordingPlan plan;
    private final Runnable onImportReference;

    CallRedirector(RecordingPlan plan, CodeVisitor next, Runnable onImportReference) {
        super(next);
        this.plan = plan;
        this.onImportReference = onImportReference;
    }

    @Override
    public void visitIndexInsn(Opcode op, int index) {
        switch (op) {
            case CALL:
            case RETURN_CALL:
                super.visitIndexInsn(op, plan.callTarget(index));
                return;
            case REF_FUNC:
                if (index < plan.originalImports) {
                    onImportReference.run();
                }
                super.visitIndexInsn(op, plan.callTarget(index));
                return;
            default:
                super.visitIndexInsn(op, index);
        }
    }
}
