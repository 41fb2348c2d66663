package dev.reprise.runtime.internal;

import dev.reprise.runtime.BudgetExhaustedException;
import dev.reprise.runtime.sched.Scheduler;
import java.util.concurrent.atomic.AtomicLong;
import run.endive.runtime.ExecutionListener;
import run.endive.runtime.MStack;
import run.endive.wasm.types.Instruction;

/**
 * Interpreter-only instruction hook of one guest thread's instance: enforces the run's
 * instruction budget (shared by all threads; only one runs at a time, so the count is
 * deterministic) and preempts the thread every {@code quantum} of its own instructions.
 */
public final class InstructionCounter implements ExecutionListener {
    private final AtomicLong total;
    private final long budget;
    private final long quantum;
    private final long stepNanos;
    private final Scheduler scheduler;
    private long sinceSwitch;

    /**
     * @param total the run-wide counter; budget and quantum 0 mean off
     * @param stepNanos virtual time that passes at each quantum preemption
     */
    public InstructionCounter(AtomicLong total, long budget, long quantum, long stepNanos, Scheduler scheduler) {
        this.stepNanos = stepNanos;
        this.total = total;
        this.budget = budget;
        this.quantum = quantum;
        this.scheduler = scheduler;
    }

    @Override
    public void onExecution(Instruction instruction, MStack stack) {
        if (budget > 0 && total.incrementAndGet() > budget) {
            throw new BudgetExhaustedException(budget);
        }
        if (quantum > 0 && ++sinceSwitch >= quantum) {
            sinceSwitch = 0;
            scheduler.preempt(stepNanos);
        }
    }
}
