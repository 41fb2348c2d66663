package dev.reprise.replay.verify.internal;

import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.JsonLinesTraceWriter;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.replay.verify.Divergence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;

/**
 * Checks, while a host-mode re-recording of a replay runs, that each host turn of the replay (an
 * import call, up to its return; the host's part before an export call) leaves memory as the
 * recorded host did. The replay's import stubs are module code, so the ranges its tracker reports
 * need not be the recorded ones (reduction merges adjacent writes and run-length encodes calls);
 * the check is on bytes: when the guest resumes, the replay's memory must hold, at every range of
 * the trace's {@code host_write} events of that turn, exactly the recorded bytes; and every byte
 * the replay wrote during the turn must lie in one of those ranges (a replay writes nothing the
 * host did not).
 *
 * <p>Turns are aligned by the events compared one by one ({@link EventComparison}): when the
 * replay has reported k of them and the guest resumes, the turn's host writes are the trace's
 * {@code host_write} events before the k-th compared event of the trace and after the previous
 * check. Feed it every re-recorded event ({@link #event}) and each resumption ({@link #guestResumes}).
 * The trace is read from its {@link TraceSource} as the turns go (a pass of its own, beside the
 * event comparison's), so only the current turn's host writes are held.
 */
public final class HostWriteCheck implements AutoCloseable {
    /** Bytes shown on either side of the first differing byte. */
    private static final int WINDOW = 16;
    private static final int CONTEXT = 3;

    private final TraceSource.Events expected;
    private final Set<EventKind> compared;
    /** The index of {@link #next} in the trace. */
    private long index;
    /** The trace's next event, read but not yet checked; null at the end. */
    private TraceEvent next;
    /** Events of the compared kinds passed so far. */
    private long passed;
    private final RecentEvents recent = new RecentEvents(CONTEXT);
    private int seen;
    private final List<TraceEvent.HostWrite> replayWrites = new ArrayList<>();
    private long checked;
    private Divergence divergence;

    /**
     * @param expected the trace (opened now; {@link #close()} releases it)
     * @param compared the kinds compared one by one (the host writes lie between them)
     */
    public HostWriteCheck(TraceSource expected, Set<EventKind> compared) {
        this.expected = expected.open();
        this.compared = compared;
        this.next = this.expected.next();
    }

    /** An event of the re-recorded replay, in order. */
    public void event(TraceEvent e) {
        if (e instanceof TraceEvent.HostWrite w) {
            replayWrites.add(w);
        } else if (compared.contains(e.kind())) {
            seen++;
        }
    }

    /** The guest resumes in {@code instance}: checks the turn that ends here (before the trace's compared event number {@code seen}). */
    public void guestResumes(Instance instance) {
        check(instance, seen);
    }

    /** The run ended as recorded: checks what host writes are left against the final memories. */
    public void finish(Instance instance) {
        if (instance != null) {
            check(instance, Long.MAX_VALUE);
        }
    }

    /** The first host write the replay's memory did not reproduce (or the first byte it wrote beyond them), or null. */
    public Divergence divergence() {
        return divergence;
    }

    /** The trace's {@code host_write} events found in the replay's memory. */
    public long checked() {
        return checked;
    }

    @Override
    public void close() {
        expected.close();
    }

    /** Moves past the trace's event at {@link #index}. */
    private void advance() {
        if (compared.contains(next.kind())) {
            passed++;
        }
        if (compared.contains(next.kind()) || next.kind() == EventKind.HOST_WRITE) {
            recent.add(index, next);
        }
        next = expected.next();
        index++;
    }

    /** Checks the host writes from here up to the trace's compared event number {@code until} (or its end). */
    private void check(Instance instance, long until) {
        if (divergence != null || until < passed) {
            replayWrites.clear();
            return;
        }
        List<TraceEvent.HostWrite> turn = new ArrayList<>();
        while (next != null && !(compared.contains(next.kind()) && passed == until)) {
            if (next instanceof TraceEvent.HostWrite w) {
                turn.add(w);
                Divergence d = compare(instance, index, w);
                if (d != null) {
                    divergence = d;
                    return;
                }
                checked++;
            }
            advance();
        }
        Ranges ranges = replayWrites.isEmpty() ? null : new Ranges(turn);
        for (TraceEvent.HostWrite r : replayWrites) {
            long outside = ranges.firstOutside(r.memory(), r.address(), r.address() + r.bytes().length);
            if (outside >= 0) {
                long end = ranges.gapEnd(r.memory(), outside, r.address() + r.bytes().length);
                byte[] extra = Arrays.copyOfRange(r.bytes(), (int) (outside - r.address()),
                        (int) Math.min(end - r.address(), outside - r.address() + 2 * WINDOW));
                long at = index;
                divergence = new Divergence(at, next != null ? "event " + at + " of the trace" : "the trace's end",
                        "before this event the replay wrote " + (end - outside) + " byte(s) of memory " + r.memory()
                                + " at 0x" + Long.toHexString(outside) + " where the recorded host wrote nothing",
                        next != null ? abbreviate(JsonLinesTraceWriter.line(next)) : "(the trace ends here)",
                        JsonLinesTraceWriter.line(new TraceEvent.HostWrite(r.tid(), r.memory(), outside, extra)),
                        context());
                return;
            }
        }
        replayWrites.clear();
    }

    private Divergence compare(Instance instance, long index, TraceEvent.HostWrite w) {
        byte[] want = w.bytes();
        Memory m = instance.memory(w.memory());
        long size = (long) m.pages() * 65536;
        if (w.address() + want.length > size) {
            return new Divergence(index, "event " + index + " of the trace", "the replay's memory " + w.memory() + " has "
                    + m.pages() + " pages, too few for the host's write at 0x" + Long.toHexString(w.address()),
                    abbreviate(JsonLinesTraceWriter.line(w)), "(memory " + w.memory() + ": " + m.pages() + " pages)",
                    context());
        }
        int chunk = 1 << 20;
        for (int off = 0; off < want.length; off += chunk) {
            int n = Math.min(chunk, want.length - off);
            byte[] got = m.readBytes((int) (w.address() + off), n);
            int k = Arrays.mismatch(got, 0, n, want, off, off + n);
            if (k >= 0) {
                int at = off + k;
                int from = Math.max(0, at - WINDOW);
                int to = Math.min(want.length, at + WINDOW);
                byte[] mine = m.readBytes((int) (w.address() + from), to - from);
                return new Divergence(index, "event " + index + " of the trace", "when the guest resumes, the replay's"
                        + " memory " + w.memory() + " differs from the host's write at 0x" + Long.toHexString(w.address() + at)
                        + " (byte " + at + " of " + want.length + "; bytes " + from + " to " + to + " shown)",
                        JsonLinesTraceWriter.line(new TraceEvent.HostWrite(w.tid(), w.memory(), w.address() + from,
                                Arrays.copyOfRange(want, from, to))),
                        JsonLinesTraceWriter.line(new TraceEvent.HostWrite(w.tid(), w.memory(), w.address() + from, mine)),
                        context());
            }
        }
        return null;
    }

    /** The ranges of a turn's host writes, merged: per memory, sorted, disjoint and not adjacent. */
    private static final class Ranges {
        private final java.util.Map<Integer, long[]> byMemory = new java.util.HashMap<>();

        Ranges(List<TraceEvent.HostWrite> writes) {
            java.util.Map<Integer, List<long[]>> raw = new java.util.HashMap<>();
            for (TraceEvent.HostWrite w : writes) {
                raw.computeIfAbsent(w.memory(), k -> new ArrayList<>())
                        .add(new long[] {w.address(), w.address() + w.bytes().length});
            }
            raw.forEach((m, list) -> {
                list.sort((a, b) -> Long.compare(a[0], b[0]));
                long[] flat = new long[2 * list.size()];
                int n = 0;
                for (long[] r : list) {
                    if (n > 0 && r[0] <= flat[n - 1]) {
                        flat[n - 1] = Math.max(flat[n - 1], r[1]);
                    } else {
                        flat[n++] = r[0];
                        flat[n++] = r[1];
                    }
                }
                byMemory.put(m, Arrays.copyOf(flat, n));
            });
        }

        /** The first address of {@code [from, to)} in memory {@code m} outside every range, or -1. */
        long firstOutside(int m, long from, long to) {
            long[] r = byMemory.get(m);
            if (r == null) {
                return from;
            }
            int lo = 0;
            int hi = r.length / 2 - 1;
            int found = -1;
            while (lo <= hi) { // the last range starting at or before from
                int mid = (lo + hi) >>> 1;
                if (r[2 * mid] <= from) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (found < 0 || r[2 * found + 1] <= from) {
                return from;
            }
            return r[2 * found + 1] >= to ? -1 : r[2 * found + 1];
        }

        /** The end of the gap starting at {@code from} in memory {@code m}, at most {@code to}. */
        long gapEnd(int m, long from, long to) {
            long[] r = byMemory.get(m);
            if (r != null) {
                for (int i = 0; i < r.length; i += 2) {
                    if (r[i] > from) {
                        return Math.min(r[i], to);
                    }
                }
            }
            return to;
        }
    }

    /** The events of the compared kinds and host writes just before the trace's event at {@link #index}. */
    private List<String> context() {
        return recent.lines(HostWriteCheck::abbreviate);
    }

    /** A JSON line cut to a readable length (a host write can hold megabytes). */
    static String abbreviate(String line) {
        return line.length() <= 400 ? line : line.substring(0, 400) + "... (" + line.length() + " characters)";
    }
}
