package dev.reprise.reduce;

import dev.reprise.reduce.internal.EffectBundle;
import dev.reprise.reduce.internal.Shadow;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a trace into the host effects per import call: every value the module read that the host
 * had changed becomes an effect applied at the latest point before the read where the host had
 * control (before the import call that returned last returns, or before the export call the host
 * made), bundled per point; values the module wrote itself are dropped (see {@link Shadow});
 * contiguous bytes merge into runs; consecutive identical calls of an import are run-length
 * encoded.
 *
 * <pre>
 * before:  EC entry | IC read_input | IR read_input [] | HostRead 100 [1 0 0 0] | HostRead 104 [2]
 *          | HostRead 100 [1 0 0 0] | ER
 * after:   driver: call entry
 *          read_input: call 1 -> store 100 [1 0 0 0 2] before returning
 * </pre>
 *
 * Events the module observes (reads, Wasm-R3's global and table events) go to the latest
 * control point before them; events the host makes while it has control (between an import call
 * and its return, outside re-entrant calls: host-mode {@code HostWrite}s, table and global
 * changes, growth) go to the next one.
 *
 * <p>Single-threaded traces only (every event on thread 0).
 */
public final class Reducer {
    private boolean merge = true;
    private boolean shadow = true;

    /** Turns merging of contiguous bytes into runs on (default) or off (one store per byte). */
    public Reducer merge(boolean merge) {
        this.merge = merge;
        return this;
    }

    /**
     * Turns the shadow on (default) or off: off, every value read becomes an effect even when the
     * module already knows it (the "without reduction" ablation).
     */
    public Reducer shadow(boolean shadow) {
        this.shadow = shadow;
        return this;
    }

    /** A reduction with its statistics. */
    public record Result(ReducedTrace trace, ReduceStats stats) {
    }

    /** Reduces a whole trace. */
    public ReducedTrace reduce(Trace trace) {
        return reduceWithStats(trace).trace();
    }

    /** Reduces a whole trace and counts events before and after. */
    public Result reduceWithStats(Trace trace) {
        Walk w = new Walk();
        long index = 0;
        for (TraceEvent e : trace.events()) {
            w.event(e, index++);
        }
        ReducedTrace out = w.finish(trace.header().moduleSha256());
        Map<String, long[]> before = new LinkedHashMap<>();
        for (dev.reprise.record.trace.EventKind k : dev.reprise.record.trace.EventKind.values()) {
            if (w.counts[k.ordinal()][0] > 0) {
                before.put(k.name().toLowerCase(java.util.Locale.ROOT), w.counts[k.ordinal()]);
            }
        }
        return new Result(out, new ReduceStats(before, ReduceStats.count(out)));
    }

    /** An export call being built. */
    private static final class Invoke {
        EffectBundle before = new EffectBundle();
        final TraceEvent.ExportCall call;
        List<Value> results = List.of();
        boolean returned;

        Invoke(TraceEvent.ExportCall call) {
            this.call = call;
        }
    }

    /** An import call being built. */
    private static final class Call {
        final TraceEvent.ImportCall call;
        final List<Invoke> nested = new ArrayList<>();
        EffectBundle beforeReturn = new EffectBundle();
        List<Value> results = List.of();
        boolean returned;

        Call(TraceEvent.ImportCall call) {
            this.call = call;
        }
    }

    /** One pass over the events. */
    private final class Walk {
        final long[][] counts = new long[dev.reprise.record.trace.EventKind.values().length][2];
        final Shadow shadow = new Shadow();
        final EffectBundle preamble = new EffectBundle();
        final Map<Integer, Value> initialGlobals = new TreeMap<>();
        final List<Invoke> driver = new ArrayList<>();
        final Map<Integer, List<Call>> calls = new TreeMap<>();
        final Deque<Object> stack = new ArrayDeque<>();
        EffectBundle point = preamble;
        /** Effects the host made while it had control (after an import call or an export return) wait here for the next point. */
        EffectBundle pending;
        long segment = 1;
        boolean started;

        void event(TraceEvent e, long index) {
            long[] count = counts[e.kind().ordinal()];
            count[0]++;
            if (e.tid() != 0) {
                throw new UnsupportedTraceException("event " + index + " is on thread " + e.tid()
                        + ": multi-threaded traces are not supported by reduce yet");
            }
            switch (e.kind()) {
                case EXPORT_CALL -> {
                    Invoke inv = new Invoke((TraceEvent.ExportCall) e);
                    if (stack.peek() instanceof Call c) {
                        c.nested.add(inv);
                    } else {
                        driver.add(inv);
                    }
                    stack.push(inv);
                    started = true;
                    inv.before = takePending();
                    controlPoint(inv.before);
                }
                case EXPORT_RETURN -> {
                    if (!(stack.peek() instanceof Invoke inv)) {
                        throw new UnsupportedTraceException("event " + index + ": export return without an open export call");
                    }
                    stack.pop();
                    inv.results = ((TraceEvent.ExportReturn) e).results();
                    inv.returned = true;
                    hostHasControl();
                }
                case IMPORT_CALL -> {
                    TraceEvent.ImportCall ic = (TraceEvent.ImportCall) e;
                    Call c = new Call(ic);
                    calls.computeIfAbsent(ic.funcIndex(), k -> new ArrayList<>()).add(c);
                    stack.push(c);
                    hostHasControl();
                }
                case IMPORT_RETURN -> {
                    TraceEvent.ImportReturn ir = (TraceEvent.ImportReturn) e;
                    if (!(stack.peek() instanceof Call c) || c.call.funcIndex() != ir.funcIndex()) {
                        throw new UnsupportedTraceException("event " + index + ": return from import " + ir.funcIndex()
                                + " without a matching open call");
                    }
                    stack.pop();
                    c.results = ir.results();
                    c.returned = true;
                    c.beforeReturn = takePending();
                    controlPoint(c.beforeReturn);
                }
                case HOST_READ -> {
                    TraceEvent.HostRead r = (TraceEvent.HostRead) e;
                    count[1] += r.bytes().length;
                    byte[] b = r.bytes();
                    for (int i = 0; i < b.length; i++) {
                        if (shadow.readByte(r.memory(), r.address() + i, b[i], segment) || !Reducer.this.shadow) {
                            point.store(r.memory(), r.address() + i, b[i]);
                        }
                    }
                }
                case HOST_WRITE -> {
                    // host mode: the host's own writes, exact; they take effect at the next control point
                    TraceEvent.HostWrite w = (TraceEvent.HostWrite) e;
                    count[1] += w.bytes().length;
                    point.store(w.memory(), w.address(), w.bytes());
                }
                case MEMORY_GROW -> {
                    TraceEvent.MemoryGrow g = (TraceEvent.MemoryGrow) e;
                    point.memoryGrow(g.memory(), g.pages());
                }
                case TABLE_GROW -> {
                    TraceEvent.TableGrow g = (TraceEvent.TableGrow) e;
                    point.tableGrow(g.table(), g.size());
                }
                case TABLE_SET -> {
                    TraceEvent.TableSet s = (TraceEvent.TableSet) e;
                    if (shadow.readElement(s.table(), s.index(), s.value(), segment) || !Reducer.this.shadow) {
                        point.tableSet(s.table(), s.index(), s.value());
                    }
                }
                case GLOBAL_CHANGE -> {
                    TraceEvent.GlobalChange g = (TraceEvent.GlobalChange) e;
                    if (!started && stack.isEmpty()) {
                        initialGlobals.put(g.global(), g.value());
                    }
                    if (shadow.readGlobal(g.global(), g.value(), segment) || !Reducer.this.shadow) {
                        point.globalSet(g.global(), g.value());
                    }
                }
                case THREAD_SPAWN, SCHEDULER_DECISION -> throw new UnsupportedTraceException("event " + index + " ("
                        + e.kind().name().toLowerCase() + "): multi-threaded traces are not supported by reduce yet");
                case OUTPUT_DIGEST -> {
                    // output is checked by verify, not replayed
                }
                default -> throw new IllegalStateException("unknown event kind " + e.kind());
            }
        }

        /** The host runs from here: effects it makes (not reads by the module) go to the next control point. */
        private void hostHasControl() {
            pending = new EffectBundle();
            point = pending;
        }

        private EffectBundle takePending() {
            EffectBundle b = pending != null ? pending : new EffectBundle();
            pending = null;
            return b;
        }

        /** The host has control here; later effects up to the next such point are applied here. */
        private void controlPoint(EffectBundle bundle) {
            point = bundle;
            segment++;
        }

        ReducedTrace finish(byte[] sha) {
            List<ExportInvoke> d = new ArrayList<>();
            for (Invoke inv : driver) {
                d.add(invoke(inv));
            }
            List<ImportReplay> imports = new ArrayList<>();
            calls.forEach((f, list) -> {
                List<CallRun> runs = new ArrayList<>();
                ImportCallReplay last = null;
                long n = 0;
                for (Call c : list) {
                    List<ExportInvoke> nested = new ArrayList<>();
                    for (Invoke inv : c.nested) {
                        nested.add(invoke(inv));
                    }
                    ImportCallReplay r = new ImportCallReplay(c.call.args(), nested, c.beforeReturn.finish(merge),
                            c.results, c.returned);
                    if (r.equals(last)) {
                        n++;
                    } else {
                        if (last != null) {
                            runs.add(new CallRun(n, last));
                        }
                        last = r;
                        n = 1;
                    }
                }
                runs.add(new CallRun(n, last));
                TraceEvent.ImportCall first = list.get(0).call;
                imports.add(new ImportReplay(f, first.module(), first.name(), runs));
            });
            return new ReducedTrace(ReducedTrace.CURRENT_VERSION, sha, preamble.finish(merge), initialGlobals, d, imports);
        }

        private ExportInvoke invoke(Invoke inv) {
            return new ExportInvoke(inv.before.finish(merge), inv.call.funcIndex(), inv.call.name(), inv.call.args(),
                    inv.results, inv.returned);
        }
    }
}
