package dev.reprise.replay;

import dev.reprise.record.trace.DecisionKind;
import dev.reprise.reduce.Schedule;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.sched.BatonLog;
import dev.reprise.runtime.sched.ScriptedDecisions;
import dev.reprise.wasm.CustomSection;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleVisitor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schedule a multi-threaded replay module carries in its custom section
 * {@value #SECTION}: the recorded decisions and the virtual clock settings, as text lines
 * {@code key=value} ({@code decisions=1,0,2}, {@code clock-start=NANOS}, {@code clock-step=NANOS});
 * a replay of a run recorded in several JavaScript realms carries the baton's log instead of
 * decisions ({@code baton-log=r0.0 r0.0 r1.0 n1.1 ...}, see {@link BatonLog}), which the scheduler follows.
 * {@code reprise run} applies it by itself; from Java:
 *
 * <pre>
 * ReplaySchedule s = ReplaySchedule.read(replayWasm);   // null: not a multi-threaded replay
 * RunOutcome o = Sandbox.run(s.program(replayWasm, "replay.wasm"), s.apply(RunOptions.builder()).build());
 * </pre>
 *
 * The replay module checks at its start that the run is driven by exactly these decisions
 * ({@code reprise.replay.expect_schedule}) and stops with a clear message otherwise.
 */
public record ReplaySchedule(int[] choices, long clockStartNanos, long clockStepNanos, BatonLog batonLog) {
    /** The custom section's name. */
    public static final String SECTION = "reprise.schedule";

    /** Copies the choices. */
    public ReplaySchedule {
        choices = choices.clone();
    }

    /** A schedule of reprise's scheduler (no baton log). */
    public ReplaySchedule(int[] choices, long clockStartNanos, long clockStepNanos) {
        this(choices, clockStartNanos, clockStepNanos, null);
    }

    /** The choices (a copy). */
    @Override
    public int[] choices() {
        return choices.clone();
    }

    /** The settings of a reduced trace's schedule. */
    public static ReplaySchedule of(Schedule s) {
        if (s.realms()) {
            return new ReplaySchedule(new int[0], s.clockStartNanos(), s.clockStepNanos(), batonLog(s));
        }
        return new ReplaySchedule(s.choices(), s.clockStartNanos(), s.clockStepNanos());
    }

    /** The baton's log of a schedule recorded in several realms: its resume, timed_out and notified decisions. */
    public static BatonLog batonLog(Schedule s) {
        List<BatonLog.Entry> entries = new ArrayList<>();
        for (int i = 0; i < s.decisions().size(); i++) {
            Schedule.Decision d = s.decisions().get(i);
            BatonLog.Kind kind = switch (d.kind()) {
                case RESUME -> BatonLog.Kind.RESUME;
                case TIMED_OUT -> BatonLog.Kind.TIMED_OUT;
                case NOTIFIED -> BatonLog.Kind.NOTIFIED;
                default -> throw new ReplayException("decision " + i + " of a run recorded in several realms is a "
                        + d.kind().jsonName() + " decision of reprise's own scheduler");
            };
            try {
                entries.add(new BatonLog.Entry(kind, d.tid(), d.choice()));
            } catch (IllegalArgumentException e) {
                throw new ReplayException("decision " + i + ": " + e.getMessage());
            }
        }
        return new BatonLog(entries);
    }

    /**
     * The decision a baton log's entry stands for ({@link #batonLog}'s inverse): the entry's thread,
     * kind and value, among 3 options for a resume (a wait's outcomes) and none otherwise.
     */
    public static Schedule.Decision decision(BatonLog.Entry e) {
        DecisionKind kind = switch (e.kind()) {
            case RESUME -> DecisionKind.RESUME;
            case TIMED_OUT -> DecisionKind.TIMED_OUT;
            case NOTIFIED -> DecisionKind.NOTIFIED;
        };
        return new Schedule.Decision(kind, e.kind() == BatonLog.Kind.RESUME ? 3 : 0, e.value(), e.tid());
    }

    /** The section payload. */
    public byte[] encode() {
        StringBuilder sb = new StringBuilder();
        sb.append("clock-start=").append(clockStartNanos).append('\n');
        sb.append("clock-step=").append(clockStepNanos).append('\n');
        sb.append("decisions=");
        for (int i = 0; i < choices.length; i++) {
            sb.append(i == 0 ? "" : ",").append(choices[i]);
        }
        sb.append('\n');
        if (batonLog != null) {
            sb.append("baton-log=").append(batonLog).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a section payload. */
    public static ReplaySchedule decode(byte[] payload) {
        Map<String, String> kv = new LinkedHashMap<>();
        String[] lines = new String(payload, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int eq = lines[i].indexOf('=');
            if (eq <= 0) {
                throw new ReplayException("custom section " + SECTION + ", line " + (i + 1) + ": expected key=value");
            }
            kv.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        try {
            return new ReplaySchedule(ScriptedDecisions.parse(require(kv, "decisions")),
                    Long.parseLong(require(kv, "clock-start")), Long.parseLong(require(kv, "clock-step")),
                    kv.containsKey("baton-log") ? BatonLog.parse(kv.get("baton-log")) : null);
        } catch (IllegalArgumentException e) {
            throw new ReplayException("custom section " + SECTION + ": " + e.getMessage());
        }
    }

    private static String require(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new ReplayException("custom section " + SECTION + " has no " + key + " line");
        }
        return v;
    }

    /** The schedule carried by {@code wasm}, or null when it has none (not a multi-threaded replay). */
    public static ReplaySchedule read(byte[] wasm) {
        byte[][] found = new byte[1][];
        new ModuleReader(wasm).accept(new ModuleVisitor(null) {
            @Override
            public void visitCustomSection(CustomSection section) {
                if (section.name().equals(SECTION)) {
                    found[0] = section.payload();
                }
            }
        });
        return found[0] == null ? null : decode(found[0]);
    }

    /** Sets the strict scripted decisions and the clock of {@code b}. */
    public RunOptions.Builder apply(RunOptions.Builder b) {
        if (batonLog != null) {
            return b.decisions(() -> batonLog).clockStartNanos(clockStartNanos).clockStepNanos(clockStepNanos);
        }
        int[] script = choices.clone();
        return b.decisions(() -> ScriptedDecisions.strict(script)).clockStartNanos(clockStartNanos)
                .clockStepNanos(clockStepNanos);
    }

    /** The replay as a program: with the preemption points it has, never a second set. */
    public Program program(byte[] wasm, String name) {
        return Program.of(wasm, name, Program.PREEMPT_OFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplaySchedule s && java.util.Arrays.equals(s.choices, choices)
                && s.clockStartNanos == clockStartNanos && s.clockStepNanos == clockStepNanos
                && java.util.Objects.equals(String.valueOf(s.batonLog), String.valueOf(batonLog));
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(choices) * 31 + Long.hashCode(clockStartNanos) + Long.hashCode(clockStepNanos)
                + String.valueOf(batonLog).hashCode();
    }
}
