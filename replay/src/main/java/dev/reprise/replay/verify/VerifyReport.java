package dev.reprise.replay.verify;

import java.util.List;

/**
 * What {@link Verifier} found: the steps it took (one line each), and either faithfulness or the
 * first failed check ({@code failure}, one line) with its {@link Divergence} when the failure is a
 * difference of events or memories.
 *
 * @param faithful       every check passed
 * @param eventsCompared expected events the re-recorded replay reproduced
 * @param memories       what the final-memory check found, e.g. "memory digests equal", or why it was skipped
 * @param steps          one line per step, in order (what was checked, or skipped and why)
 * @param failure        the failed check, or null
 * @param divergence     where the replay departed from the recording, or null
 */
public record VerifyReport(boolean faithful, long eventsCompared, String memories, List<String> steps, String failure,
        Divergence divergence) {
    /** Copies the steps. */
    public VerifyReport {
        steps = List.copyOf(steps);
    }

    /** The report as printed by {@code reprise verify}: the steps, then the verdict and any divergence. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (String s : steps) {
            sb.append("  ").append(s).append('\n');
        }
        if (faithful) {
            return sb.append(verdict()).append('\n').toString();
        }
        sb.append("NOT verified: ").append(failure).append('\n');
        if (divergence != null) {
            sb.append("first divergence at ").append(divergence.where()).append(": ").append(divergence.what()).append('\n');
            if (!divergence.context().isEmpty()) {
                sb.append("  before it:\n");
                for (String c : divergence.context()) {
                    sb.append("    ").append(c).append('\n');
                }
            }
            sb.append("  expected: ").append(divergence.expected()).append('\n');
            sb.append("  actual:   ").append(divergence.actual()).append('\n');
        }
        return sb.toString();
    }

    /** The one-line verdict. */
    public String verdict() {
        return faithful ? "verified: " + eventsCompared + " events identical, " + memories : "NOT verified: " + failure;
    }
}
