package dev.reprise.reduce.internal;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.record.trace.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The calls of one import on one thread while the reducer walks a trace, run-length encoded as
 * they become final: a call is appended in call order, and once it and every call before it are
 * final (see {@link ReductionWalk}) it joins the runs, so only the calls still open (or behind
 * one still open, as an outer call of a re-entrant import is) stay in memory whole.
 *
 * @param <C> the walk's call under construction
 */
final class ImportLog<C> {
    private final TraceEvent.ImportCall first;
    private final ArrayDeque<C> waiting = new ArrayDeque<>();
    private final Function<C, ImportCallReplay> done;
    private final List<CallRun> runs = new ArrayList<>();
    private ImportCallReplay last;
    private long count;

    /**
     * @param first the import's first call (its module and name name the import)
     * @param done  a call's final replay, or null while it may still change
     */
    ImportLog(TraceEvent.ImportCall first, Function<C, ImportCallReplay> done) {
        this.first = first;
        this.done = done;
    }

    /** Appends a call (in call order). */
    void add(C call) {
        waiting.add(call);
    }

    /** Moves the final calls at the head into the runs. */
    void drain() {
        while (!waiting.isEmpty()) {
            ImportCallReplay r = done.apply(waiting.peek());
            if (r == null) {
                return;
            }
            waiting.poll();
            append(r);
        }
    }

    private void append(ImportCallReplay r) {
        if (r.equals(last)) {
            count++;
        } else {
            if (last != null) {
                runs.add(new CallRun(count, last));
            }
            last = r;
            count = 1;
        }
    }

    /** At the end of the trace: every call, the open ones as {@code now} gives them. */
    ImportReplay finish(Function<C, ImportCallReplay> now) {
        while (!waiting.isEmpty()) {
            C c = waiting.poll();
            ImportCallReplay r = done.apply(c);
            append(r != null ? r : now.apply(c));
        }
        List<CallRun> all = new ArrayList<>(runs);
        all.add(new CallRun(count, last));
        return new ImportReplay(first.funcIndex(), first.module(), first.name(), all);
    }
}
