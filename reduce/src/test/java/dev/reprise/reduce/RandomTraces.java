package dev.reprise.reduce;

import dev.reprise.record.trace.DecisionKind;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random traces that exercise every path of the reducer: nested and re-entrant calls,
 * reads and re-reads over a small address range (so the shadow and the merging both matter),
 * host writes, growth, table and global events, calls that repeat (run-length encoding), runs
 * that end inside an import call or with host changes after the last export call, and (in a
 * third of them) several threads with spawns, runtime imports and scheduler decisions. A few are
 * made malformed on purpose (an event dropped or a return retargeted), so that error messages are
 * compared too.
 */
final class RandomTraces {
    /**
     * The decisions reprise's own scheduler makes, in the order the golden file was made with (the
     * JavaScript recorder's resume, timed_out and notified came later, and traces with them are refused).
     */
    private static final DecisionKind[] RUNTIME_DECISIONS = {
        DecisionKind.THREAD_SWITCH, DecisionKind.WAKE, DecisionKind.SELECT, DecisionKind.PREEMPT,
    };
    private final Random random;
    private final boolean threaded;
    private final boolean runtimeImports;
    private final List<TraceEvent> events = new ArrayList<>();
    private final Map<Integer, Deque<int[]>> stacks = new LinkedHashMap<>();
    private final List<Integer> live = new ArrayList<>();
    private int nextTid = 1;

    private RandomTraces(long seed) {
        this.random = new Random(seed);
        this.threaded = random.nextInt(3) == 0;
        this.runtimeImports = threaded || random.nextInt(4) == 0;
    }

    /** The trace of seed {@code seed}. */
    static Trace of(long seed) {
        return new RandomTraces(seed).build();
    }

    private Trace build() {
        Map<String, String> options = new LinkedHashMap<>();
        if (threaded || random.nextBoolean()) {
            options.put("clock-start", Integer.toString(random.nextInt(100)));
            options.put("clock-step", Integer.toString(random.nextInt(3) * 1000));
            options.put("preempt-budget", Integer.toString(random.nextInt(2) * 10000));
            if (random.nextInt(20) == 0) {
                options.put("preempt-quantum", "7");
            }
        }
        TraceHeader header = TraceHeader.of(random.nextBoolean() ? new byte[0] : sha(), RecorderKind.WASI, List.of(),
                new StartOptions(List.of(), Map.of(), 0, options), Map.of());
        stacks.put(0, new ArrayDeque<>());
        live.add(0);
        for (int g = 0; g < random.nextInt(3); g++) {
            events.add(new TraceEvent.GlobalChange(0, g, Value.i32(random.nextInt(3))));
        }
        int steps = 20 + random.nextInt(300);
        for (int i = 0; i < steps && !live.isEmpty(); i++) {
            step(live.get(random.nextInt(live.size())));
        }
        if (random.nextInt(3) > 0) {
            // unwind: the run ends normally, except that main may stay inside an import (proc_exit)
            for (int tid : new ArrayList<>(stacks.keySet())) {
                Deque<int[]> s = stacks.get(tid);
                while (!s.isEmpty() && !(tid == 0 && s.size() == 1 && s.peek()[0] == 'I' && random.nextInt(4) == 0)) {
                    close(tid, s);
                }
            }
            if (random.nextBoolean()) {
                events.add(new TraceEvent.HostWrite(0, 0, random.nextInt(64), bytes(1 + random.nextInt(4))));
            }
        }
        for (int m = 0; m < 1 + random.nextInt(2); m++) {
            events.add(new TraceEvent.MemoryDigest(0, m, 1 + random.nextInt(3), sha()));
        }
        if (random.nextInt(12) == 0) {
            corrupt();
        }
        return new Trace(header, events, true);
    }

    private void step(int tid) {
        Deque<int[]> s = stacks.get(tid);
        if (s.isEmpty()) {
            if (tid != 0 && events.stream().anyMatch(e -> e.tid() == tid && e instanceof TraceEvent.ExportReturn)) {
                live.remove((Integer) tid);
                return;
            }
            int f = tid == 0 ? 10 + random.nextInt(2) : 12;
            events.add(new TraceEvent.ExportCall(tid, f, "e" + f, values(random.nextInt(2))));
            s.push(new int[] {'E', f});
            return;
        }
        if (threaded && random.nextInt(8) == 0) {
            events.add(new TraceEvent.SchedulerDecision(tid, RUNTIME_DECISIONS[random.nextInt(RUNTIME_DECISIONS.length)],
                    2, random.nextInt(2)));
        }
        int[] top = s.peek();
        int r = random.nextInt(100);
        if (top[0] == 'E') { // the module runs
            if (r < 35) {
                events.add(new TraceEvent.HostRead(tid, random.nextInt(8) == 0 ? 1 : 0, random.nextInt(64),
                        bytes(1 + random.nextInt(8))));
            } else if (r < 60) {
                int f = random.nextInt(4);
                events.add(new TraceEvent.ImportCall(tid, f, "env", "i" + f, values(random.nextInt(2))));
                s.push(new int[] {'I', f});
            } else if (r < 66 && runtimeImports) {
                boolean spawn = threaded && random.nextBoolean();
                int f = spawn ? 4 : 5;
                events.add(new TraceEvent.ImportCall(tid, f, spawn ? "wasi" : "reprise", spawn ? "thread-spawn" : "wait",
                        List.of(Value.i32(random.nextInt(3)))));
                if (spawn) {
                    int child = nextTid++;
                    stacks.put(child, new ArrayDeque<>());
                    events.add(new TraceEvent.ImportReturn(tid, f, List.of(Value.i32(child))));
                    events.add(new TraceEvent.ThreadSpawn(tid, child, random.nextInt(3)));
                    live.add(child);
                } else {
                    events.add(new TraceEvent.ImportReturn(tid, f, List.of(Value.i32(0))));
                }
            } else if (r < 72) {
                events.add(new TraceEvent.GlobalChange(tid, random.nextInt(3), Value.i32(random.nextInt(3))));
            } else if (r < 76) {
                events.add(new TraceEvent.TableSet(tid, 0, random.nextInt(4), Value.funcref(random.nextInt(3))));
            } else if (r < 78) {
                events.add(new TraceEvent.MemoryGrow(tid, 0, 1 + random.nextInt(4)));
            } else if (r < 90 || s.size() > 6) {
                close(tid, s);
            }
        } else { // the host runs, inside an import call
            if (r < 25) {
                events.add(new TraceEvent.HostWrite(tid, 0, random.nextInt(64), bytes(1 + random.nextInt(6))));
            } else if (r < 30) {
                events.add(new TraceEvent.MemoryGrow(tid, random.nextInt(2), 1 + random.nextInt(4)));
            } else if (r < 34) {
                events.add(new TraceEvent.TableGrow(tid, 0, 1 + random.nextInt(8)));
            } else if (r < 38) {
                events.add(new TraceEvent.TableSet(tid, 0, random.nextInt(4), Value.funcref(random.nextInt(3))));
            } else if (r < 42) {
                events.add(new TraceEvent.GlobalChange(tid, random.nextInt(3), Value.i32(random.nextInt(3))));
            } else if (r < 45) {
                events.add(new TraceEvent.OutputDigest(tid, 1, random.nextInt(100), sha()));
            } else if (r < 55 && s.size() < 6) {
                int f = 10 + random.nextInt(2);
                events.add(new TraceEvent.ExportCall(tid, f, "e" + f, values(random.nextInt(2))));
                s.push(new int[] {'E', f});
            } else {
                close(tid, s);
            }
        }
    }

    private void close(int tid, Deque<int[]> s) {
        int[] top = s.pop();
        if (top[0] == 'E') {
            events.add(new TraceEvent.ExportReturn(tid, top[1], values(random.nextInt(2))));
        } else {
            events.add(new TraceEvent.ImportReturn(tid, top[1], values(random.nextInt(2))));
        }
    }

    /** Drops one call or return, or points a return at another import, or puts an event on an unknown thread. */
    private void corrupt() {
        int at = random.nextInt(events.size());
        TraceEvent e = events.get(at);
        switch (random.nextInt(3)) {
            case 0 -> events.remove(at);
            case 1 -> {
                if (e instanceof TraceEvent.ImportReturn ir) {
                    events.set(at, new TraceEvent.ImportReturn(ir.tid(), ir.funcIndex() + 1, ir.results()));
                } else {
                    events.add(at, new TraceEvent.ExportReturn(e.tid(), 99, List.of()));
                }
            }
            default -> events.add(at, new TraceEvent.HostRead(nextTid + 3, 0, 0, new byte[] {1}));
        }
    }

    private List<Value> values(int n) {
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(random.nextInt(6) == 0 ? Value.i64(random.nextInt(2)) : Value.i32(random.nextInt(2)));
        }
        return out;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(3);
        }
        return b;
    }

    private byte[] sha() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }
}
