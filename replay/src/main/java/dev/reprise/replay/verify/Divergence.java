package dev.reprise.replay.verify;

import java.util.List;

/**
 * The first place where the replay did not do what the recording says.
 *
 * @param index    the event's index (0-based) in the expected trace, or in the replay's re-recorded
 *                 events when the expectation is a reduced trace (see {@code where})
 * @param where    what the index counts, e.g. "event 17 of the trace"
 * @param what     one line saying what differs
 * @param expected the expected event as a JSON Lines line, or a description when there is none
 * @param actual   the replay's event as a JSON Lines line, or a description of how its run ended
 * @param context  a few events before it, each "index: line"
 */
public record Divergence(long index, String where, String what, String expected, String actual, List<String> context) {
    /** Copies the context. */
    public Divergence {
        context = List.copyOf(context);
    }
}
