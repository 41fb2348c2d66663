package dev.reprise.runtime.check.internal;

import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.check.CheckOptions;
import dev.reprise.runtime.check.CheckReport;
import dev.reprise.runtime.check.Failure;
import dev.reprise.runtime.check.FailureKind;
import dev.reprise.runtime.check.Limit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of one search, shared by its workers: executions, outcomes, failures, limits hit
 * and the stop flag. The wall clock is read only to decide when to stop and to print progress.
 */
public final class Tally {
    private final CheckOptions options;
    private final long maxExecutions;
    private final long start = System.nanoTime();
    private final long deadline;
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong pruned = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private final AtomicInteger maxDepth = new AtomicInteger();
    private final Set<Long> distinct = new HashSet<>();
    private final Set<Long> failed = new HashSet<>();
    private final List<Failure> failures = new ArrayList<>();
    private final EnumSet<Limit> limits = EnumSet.noneOf(Limit.class);
    private volatile boolean stopped;
    private volatile boolean boundHit;
    private long lastProgress = System.nanoTime();
    private long minimizationRuns;

    public Tally(CheckOptions options) {
        this.options = options;
        this.maxExecutions = options.effectiveMaxExecutions();
        this.deadline = options.timeLimit() == null ? Long.MAX_VALUE : start + options.timeLimit().toNanos();
    }

    /** The options of the search. */
    public CheckOptions options() {
        return options;
    }

    /** True once the search must stop (failure with stop-at-first, a budget). */
    public boolean stopped() {
        return stopped;
    }

    /** Claims the next execution, or returns false (and notes why) when a budget forbids it. */
    public boolean mayStart() {
        if (stopped) {
            return false;
        }
        if (System.nanoTime() - deadline > 0) {
            stop(Limit.TIME_LIMIT);
            return false;
        }
        long n = executions.getAndIncrement();
        if (maxExecutions > 0 && n >= maxExecutions) {
            executions.decrementAndGet();
            stop(Limit.MAX_EXECUTIONS);
            return false;
        }
        progress();
        return true;
    }

    /** Stops the search because of {@code why}. */
    public synchronized void stop(Limit why) {
        limits.add(why);
        stopped = true;
    }

    /** Notes a limit that makes the search incomplete without stopping it. */
    public synchronized void limit(Limit why) {
        limits.add(why);
    }

    /** Notes that the preemption bound excluded some option in this round. */
    public void boundHit() {
        boundHit = true;
    }

    /** Whether the bound excluded something since the last reset; resets the flag. */
    public boolean takeBoundHit() {
        boolean b = boundHit;
        boundHit = false;
        return b;
    }

    /** An execution abandoned by reduction or by the preemption bound. */
    public void pruned() {
        pruned.incrementAndGet();
    }

    /** An execution cut at the depth bound. */
    public void cut() {
        cut.incrementAndGet();
        limit(Limit.MAX_DEPTH);
    }

    /** Accounts a completed execution; returns the failure it shows, if any. */
    public Failure completed(RunOutcome o, int[] choices, int preemptions, long execution) {
        completed.incrementAndGet();
        maxDepth.accumulateAndGet(choices.length, Math::max);
        long h = hash(choices);
        synchronized (this) {
            distinct.add(h);
        }
        if (options.onExecution() != null) {
            options.onExecution().accept(o);
        }
        FailureKind kind = FailureKind.of(o);
        if (kind == null) {
            return null;
        }
        Failure f = new Failure(kind, o.exitCode(), o.message(), trim(choices), preemptions, choices, execution);
        synchronized (this) {
            if (!failed.add(h)) {
                return null;
            }
            failures.add(f);
        }
        if (options.stopAtFirst()) {
            stop(Limit.FIRST_FAILURE);
        }
        return f;
    }

    /** Notes the depth of an execution that did not complete. */
    public void depth(int d) {
        maxDepth.accumulateAndGet(d, Math::max);
    }

    /** Adds executions spent minimising. */
    public synchronized void minimization(long runs) {
        minimizationRuns += runs;
    }

    /** The failures so far. */
    public synchronized List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    /** Replaces a failure by its minimised form. */
    public synchronized void replace(Failure old, Failure better) {
        int i = failures.indexOf(old);
        if (i >= 0) {
            failures.set(i, better);
        }
    }

    /** Drops a failure (its minimised form duplicates another). */
    public synchronized void remove(Failure f) {
        failures.remove(f);
    }

    /** Executions started so far. */
    public long executions() {
        return executions.get();
    }

    /** Drops trailing zeros: decisions after a {@code --schedule} list take option 0. */
    public static int[] trim(int[] choices) {
        int n = choices.length;
        while (n > 0 && choices[n - 1] == 0) {
            n--;
        }
        return java.util.Arrays.copyOf(choices, n);
    }

    private static long hash(int[] choices) {
        long h = 0x9E3779B97F4A7C15L ^ choices.length;
        for (int c : choices) {
            h = (h ^ c) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        return h;
    }

    private void progress() {
        if (options.progress() == null) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastProgress < 1_000_000_000L) {
                return;
            }
            lastProgress = now;
        }
        double s = (now - start) / 1e9;
        options.progress().accept(String.format("[check] %,d executions (%,d completed, %,d pruned), depth %,d, "
                + "%d failure(s), %.0f s, %,.0f/s", executions.get(), completed.get(), pruned.get(), maxDepth.get(),
                failures().size(), s, executions.get() / Math.max(s, 1e-9)));
    }

    /** The report. */
    public synchronized CheckReport report() {
        return new CheckReport(failures, executions.get(), completed.get(), distinct.size(), pruned.get(), cut.get(),
                maxDepth.get(), System.nanoTime() - start, limits, minimizationRuns);
    }
}
