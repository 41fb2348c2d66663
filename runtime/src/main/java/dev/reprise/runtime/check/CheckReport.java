package dev.reprise.runtime.check;

import java.util.List;
import java.util.Set;

/**
 * The result of a search.
 *
 * @param failures failing executions found (at most one with stop-at-first), in the order found
 * @param executions executions started (completed + pruned + cut)
 * @param completed executions that ran to their end
 * @param distinct distinct complete interleavings (distinct decision lists)
 * @param pruned executions abandoned because reduction showed the rest equivalent to one
 *     already explored (sleep-set blocked) or because a bound excluded every option
 * @param cut executions cut at the depth bound
 * @param maxDepth the most decisions one execution took
 * @param elapsedNanos wall time of the search (reporting only)
 * @param limits what kept the search from being complete; empty when the whole space was explored
 * @param minimizationRuns executions spent shrinking counterexamples
 */
public record CheckReport(List<Failure> failures, long executions, long completed, long distinct, long pruned, long cut,
        int maxDepth, long elapsedNanos, Set<Limit> limits, long minimizationRuns) {

    public CheckReport {
        failures = List.copyOf(failures);
        limits = Set.copyOf(limits);
    }

    /** True when a failure was found. */
    public boolean failed() {
        return !failures.isEmpty();
    }

    /** True when the whole decision tree (up to reduction) was explored. */
    public boolean complete() {
        return limits.isEmpty();
    }

    /** Executions per second of wall time. */
    public double executionsPerSecond() {
        return elapsedNanos == 0 ? 0 : executions * 1e9 / elapsedNanos;
    }

    /** A multi-line human summary. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("executions: %,d (completed %,d, distinct interleavings %,d, pruned %,d, cut by depth %,d)%n",
                executions, completed, distinct, pruned, cut));
        sb.append(String.format("max depth: %,d decisions; time: %.3f s (%,.0f executions/s)%n", maxDepth,
                elapsedNanos / 1e9, executionsPerSecond()));
        if (minimizationRuns > 0) {
            sb.append(String.format("minimisation: %,d executions%n", minimizationRuns));
        }
        if (complete()) {
            sb.append("search complete: the whole space was explored");
        } else {
            sb.append("search incomplete: stopped by ").append(describe(limits));
        }
        return sb.toString();
    }

    private static String describe(Set<Limit> limits) {
        StringBuilder sb = new StringBuilder();
        for (Limit l : Limit.values()) {
            if (limits.contains(l)) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(switch (l) {
                    case FIRST_FAILURE -> "the first failure (--stop-at-first)";
                    case MAX_EXECUTIONS -> "--max-executions";
                    case TIME_LIMIT -> "--time-limit";
                    case MAX_DEPTH -> "--max-depth (some executions were cut)";
                    case PREEMPTION_BOUND -> "--preemption-bound (some schedules need more preemptions)";
                    case RANDOMISED -> "a randomised strategy (never exhaustive)";
                });
            }
        }
        return sb.toString();
    }
}
