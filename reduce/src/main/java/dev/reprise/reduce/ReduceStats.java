package dev.reprise.reduce;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events and bytes before and after reduction, per kind. Before: the trace's events by
 * {@code EventKind} name, bytes being the payload read ({@code host_read}) or written ({@code host_write}) or zero. After: the
 * reduced trace's items: {@code export_call}, {@code import_call_run} (bytes: calls covered),
 * {@code store} (bytes stored), {@code passive_candidate} (stores of at least
 * {@link #PASSIVE_THRESHOLD} bytes, also counted as stores), {@code memory_grow},
 * {@code table_grow}, {@code table_set}, {@code global_set}, {@code initial_global}, and
 * for a multi-threaded run {@code decision} (the schedule's decisions, kept whole).
 */
public record ReduceStats(Map<String, long[]> before, Map<String, long[]> after) {
    /** A store at least this long is a candidate for a passive data segment with {@code memory.init}. */
    public static final int PASSIVE_THRESHOLD = 32;

    /** Copies the maps (keeping their order). */
    public ReduceStats {
        before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }

    /** Total events before. */
    public long eventsBefore() {
        return sum(before, 0);
    }

    /** Total items after (passive candidates are not counted twice). */
    public long eventsAfter() {
        return sum(after, 0) - after.getOrDefault("passive_candidate", new long[2])[0];
    }

    /** The reduction of the event count, in percent (0 when the trace is empty). */
    public double reductionPercent() {
        long b = eventsBefore();
        return b == 0 ? 0 : 100.0 * (b - eventsAfter()) / b;
    }

    private static long sum(Map<String, long[]> m, int i) {
        long n = 0;
        for (long[] v : m.values()) {
            n += v[i];
        }
        return n;
    }

    /** A table: kind, events and bytes before, then after, then the totals. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-20s %10s %12s%n", "before", "events", "bytes"));
        before.forEach((k, v) -> sb.append(String.format("  %-18s %10d %12d%n", k, v[0], v[1])));
        sb.append(String.format("%-20s %10s %12s%n", "after", "items", "bytes"));
        after.forEach((k, v) -> sb.append(String.format("  %-18s %10d %12d%n", k, v[0], v[1])));
        if (eventsAfter() <= eventsBefore()) {
            sb.append(String.format("events %d -> %d (%.2f%% fewer)%n", eventsBefore(), eventsAfter(), reductionPercent()));
        } else {
            // --no-merge on a small trace: every byte-run store counts
            sb.append(String.format("events %d -> %d (%.2fx as many)%n", eventsBefore(), eventsAfter(),
                    (double) eventsAfter() / Math.max(1, eventsBefore())));
        }
        return sb.toString();
    }

    /** Counts the items of a reduced trace (the "after" side). */
    public static Map<String, long[]> count(ReducedTrace t) {
        Map<String, long[]> after = new LinkedHashMap<>();
        for (String k : new String[] {"export_call", "import_call_run", "store", "passive_candidate", "memory_grow",
                "table_grow", "table_set", "global_set", "initial_global"}) {
            after.put(k, new long[2]);
        }
        after.get("initial_global")[0] = t.initialGlobals().size();
        effects(t.preamble(), after);
        effects(t.epilogue(), after);
        for (ExportInvoke e : t.driver()) {
            invoke(e, after);
        }
        imports(t.imports(), after);
        for (ThreadReplay th : t.threads()) {
            if (th.start() != null) {
                invoke(th.start(), after);
            }
            imports(th.imports(), after);
        }
        if (!t.schedule().decisions().isEmpty()) {
            after.put("decision", new long[] {t.schedule().decisions().size(), 0});
        }
        return after;
    }

    private static void imports(java.util.List<ImportReplay> imports, Map<String, long[]> after) {
        for (ImportReplay r : imports) {
            for (CallRun run : r.runs()) {
                add(after, "import_call_run", run.count());
                for (ExportInvoke e : run.call().nested()) {
                    invoke(e, after);
                }
                effects(run.call().beforeReturn(), after);
            }
        }
    }

    private static void invoke(ExportInvoke e, Map<String, long[]> after) {
        effects(e.before(), after);
        add(after, "export_call", 0);
    }

    private static void effects(java.util.List<Effect> effects, Map<String, long[]> after) {
        for (Effect e : effects) {
            if (e instanceof Effect.Store s) {
                add(after, "store", s.bytes().length);
                if (s.bytes().length >= PASSIVE_THRESHOLD) {
                    add(after, "passive_candidate", s.bytes().length);
                }
            } else if (e instanceof Effect.MemoryGrow) {
                add(after, "memory_grow", 0);
            } else if (e instanceof Effect.TableGrow) {
                add(after, "table_grow", 0);
            } else if (e instanceof Effect.TableSet) {
                add(after, "table_set", 0);
            } else {
                add(after, "global_set", 0);
            }
        }
    }

    private static void add(Map<String, long[]> m, String k, long bytes) {
        long[] v = m.get(k);
        v[0]++;
        v[1] += bytes;
    }
}
