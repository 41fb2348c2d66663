package dev.reprise.replay.verify.internal;

import dev.reprise.reduce.CallRun;
import dev.reprise.reduce.Effect;
import dev.reprise.reduce.ExportInvoke;
import dev.reprise.reduce.ImportCallReplay;
import dev.reprise.reduce.ImportReplay;
import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.ThreadReplay;
import dev.reprise.record.trace.DecisionKind;
import dev.reprise.record.host.HookRecorder;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.ValType;
import dev.reprise.record.trace.Value;
import dev.reprise.replay.KeptImport;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.ReplayOptions;
import dev.reprise.replay.ReplaySchedule;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.sched.RecordingDecisions;
import dev.reprise.runtime.sched.Scheduler;
import dev.reprise.runtime.sched.ScriptedDecisions;
import dev.reprise.transform.PreemptionPass;
import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.TableFunctions;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import run.endive.runtime.HostFunction;
import run.endive.runtime.Instance;

/**
 * Re-records a replay: instruments the target as it was recorded ({@link RecordingInstrumentation},
 * host, shadow or full), generates the replay of the INSTRUMENTED module from the same reduced trace
 * (its indices translated), keeping the {@code reprise_rec} hooks as imports, and runs it under
 * reprise's runtime with a {@link HookRecorder} behind the hooks. The instrumented module's export
 * and import wrappers report the calls; the replay functions that took the imports' places act as
 * the host, so their stores are host writes the shadow does not know (in host mode: writes the
 * replay's tracked memories note while the host has control, checked byte by byte against the
 * trace by a {@link HostWriteCheck}). The events are what a recorder sees of the replay,
 * comparable with the original trace.
 *
 * <p>A multi-threaded trace is re-recorded as {@code WasiRecorder} records one: the instrumented
 * module gets its preemption points in the program's own functions only, with the recorded
 * budget (the replay generator then adds none); the replay keeps {@code wasi.thread-spawn} and the
 * {@code reprise.*} imports and runs under reprise's deterministic scheduler driven strictly by
 * the recorded decisions ({@link ReplaySchedule}, as {@code reprise run} runs it); each decision
 * becomes a {@code scheduler_decision} event of the thread that took it, where it happened
 * among the hooks' events, so the events of every thread and their interleaving are comparable.
 */
public final class InstrumentedReplay {
    /**
     * How many events were re-recorded, how the run ended, and whether it ended where the recorded
     * run did (returned, exited, or trapped at the recorded end inside an import call).
     */
    public record Result(long events, String how, boolean endedAsRecorded) {
    }

    private InstrumentedReplay() {
    }

    /**
     * Runs the re-recording in {@code mode}; {@code options} are the replay's own generator options.
     * Every event goes to {@code sink} as it is recorded (one at a time, from whichever thread
     * runs), none is kept. In host mode the replay's memories are tracked as a recording's are (its
     * import stubs are the host), and {@code check}, when given, sees every event and each point
     * where the guest resumes, with the memories as the guest will find them.
     */
    public static Result run(byte[] target, ReducedTrace reduced, ReplayOptions options, RecordingMode mode,
            HostWriteCheck check, Consumer<TraceEvent> sink) {
        return run(prepare(target, reduced, options, mode), check, sink);
    }

    /**
     * The replay of the instrumented target, before it runs: what the re-recording runs, and what
     * a recorder needs to know about it.
     *
     * @param target the original module
     * @param original the original module's summary (with the exports the recorder adds for table functions)
     * @param generated the replay of the instrumented module, the hooks kept as imports
     */
    public record Prepared(byte[] target, ModuleSummary original, ReducedTrace reduced, RecordingMode mode,
            ReplayGenerator.Result generated) {
        /** The replay's bytes. */
        public byte[] replay() {
            return generated.wasm();
        }
    }

    /** Instruments {@code target} as it was recorded and generates its replay from {@code reduced} (see {@link #run}). */
    public static Prepared prepare(byte[] target, ReducedTrace reduced, ReplayOptions options, RecordingMode mode) {
        // a recording that called functions the host took from a table (the JavaScript recorder
        // exports them, TableFunctions): the same exports, so that the re-recording reports those calls
        boolean tableCalls = callsTableFunctions(reduced);
        ModuleSummary original = new ModuleReader(tableCalls ? TableFunctions.exported(target) : target).summary();
        // the shadow memories exported: the JavaScript recorder reads them for the final state (NodeRerecording)
        RecordingInstrumentation instrumentation = new RecordingInstrumentation(mode).exposingShadowMemories();
        byte[] instrumented = (tableCalls ? instrumentation.exposingTableFunctions() : instrumentation).apply(target);
        boolean threaded = reduced.multiThreaded();
        int budget = reduced.schedule().preemptBudget();
        if (threaded && budget > 0 && Program.needsPreemption(target)) {
            // as WasiRecorder: the points in the program's own functions (the first defined), the recorded budget
            instrumented = new PreemptionPass(budget, original.functionCount() - original.importedFunctions())
                    .apply(instrumented);
        }
        ModuleSummary inst = new ModuleReader(instrumented).summary();
        ReducedTrace translated = translate(reduced, original, inst);
        ReplayOptions keepHooks = options.keeping(List.of(KeptImport.module(HookRecorder.MODULE)));
        ReplayGenerator generator = new ReplayGenerator(keepHooks).reportingThrowsTo(HookRecorder.MODULE, HookRecorder.THREW_HOOK)
                .reportingHostCallsTo(HookRecorder.MODULE, original.importedFunctions());
        ReplayGenerator.Result generated = generator.generate(instrumented, translated);
        return new Prepared(target, original, reduced, mode, generated);
    }

    /** Runs a prepared re-recording under reprise's runtime (see {@link #run(byte[], ReducedTrace, ReplayOptions, RecordingMode, HostWriteCheck, Consumer)}). */
    public static Result run(Prepared prepared, HostWriteCheck check, Consumer<TraceEvent> sink) {
        byte[] target = prepared.target();
        ReducedTrace reduced = prepared.reduced();
        RecordingMode mode = prepared.mode();
        ModuleSummary original = prepared.original();
        boolean threaded = reduced.multiThreaded();
        byte[] replay = prepared.replay();
        ReplayGenerator.Result generated = prepared.generated();
        AtomicLong count = new AtomicLong();
        Consumer<TraceEvent> events = e -> {
            synchronized (count) {
                count.incrementAndGet();
                sink.accept(e);
            }
        };
        RunOptions.Builder run = RunOptions.builder()
                .stdout(new ByteArrayOutputStream())
                .stderr(new ByteArrayOutputStream());
        HookRecorder recorder;
        if (mode == RecordingMode.HOST) {
            recorder = HookRecorder.hostMode(original, e -> {
                events.accept(e);
                if (check != null) {
                    check.event(e);
                }
            }, target, replay);
            if (check != null) {
                recorder.onGuestResumes(check::guestResumes);
            }
            run.memoryWrapper(recorder::wrapMemory);
        } else {
            recorder = new HookRecorder(original, events::accept).running(target, replay);
        }
        recorder.replayingHostFunctions(reduced.hostFunctions(), generated.hostFunctionEntries());
        run.imports(fns -> {
            List<HostFunction> all = new ArrayList<>(fns);
            all.addAll(recorder.hostFunctions());
            return all;
        });
        Program program = Program.of(replay, "replay.rec.wasm");
        if (threaded && reduced.schedule().realms()) {
            // the baton's log, each entry written where the scheduler follows it, as the recorder wrote it
            ReplaySchedule schedule = ReplaySchedule.of(reduced.schedule());
            HookRecorder rec = recorder;
            dev.reprise.runtime.sched.BatonLog log = schedule.batonLog().following(e -> {
                if (e.kind() == dev.reprise.runtime.sched.BatonLog.Kind.RESUME) {
                    rec.leftTheModule();
                }
                dev.reprise.reduce.Schedule.Decision d = ReplaySchedule.decision(e);
                events.accept(new TraceEvent.SchedulerDecision(d.tid(), d.kind(), d.options(), d.choice()));
            });
            schedule.apply(run).decisions(() -> log);
            program = schedule.program(replay, "replay.rec.wasm");
        } else if (threaded) {
            ReplaySchedule schedule = ReplaySchedule.of(reduced.schedule());
            int[] choices = schedule.choices();
            schedule.apply(run).decisions(() -> new RecordingDecisions(ScriptedDecisions.strict(choices),
                    d -> events.accept(new TraceEvent.SchedulerDecision(Scheduler.currentThreadId(), kind(d.kind()),
                            d.optionCount(), d.choice()))));
            program = schedule.program(replay, "replay.rec.wasm");
        }
        Instance[] main = new Instance[1];
        RunOutcome outcome = Sandbox.run(program, run.build(), i -> main[0] = i);
        boolean ended = RunEnd.asRecorded(outcome, main[0], replay);
        if (ended) {
            if (check != null) {
                check.finish(main[0]);
            }
            recorder.writeFinalState(mode == RecordingMode.SHADOW);
        }
        return new Result(count.get(), how(outcome), ended);
    }

    /** How a run ended, in a few words ("returned", "trapped (unreachable)"). */
    private static String how(RunOutcome o) {
        return switch (o.termination()) {
            case TRAPPED -> "trapped (" + o.message().lines().findFirst().orElse("") + ")";
            default -> o.termination().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Whether some export call of {@code t} (nested ones, thread starts and realm threads' calls included) is of a function the host took from a table. */
    private static boolean callsTableFunctions(ReducedTrace t) {
        List<ExportInvoke> invokes = new ArrayList<>(t.driver());
        List<ImportReplay> imports = new ArrayList<>(t.imports());
        for (ThreadReplay th : t.threads()) {
            if (th.start() != null) {
                invokes.add(th.start());
            }
            invokes.addAll(th.calls());
            imports.addAll(th.imports());
        }
        for (ImportReplay r : imports) {
            for (CallRun run : r.runs()) {
                invokes.addAll(run.call().nested());
            }
        }
        for (int k = 0; k < invokes.size(); k++) {
            ExportInvoke inv = invokes.get(k);
            if (TableFunctions.isTableFunction(inv.name())) {
                return true;
            }
        }
        return false;
    }

    /** The trace's name of a scheduler decision kind, as {@code WasiRecorder} writes it. */
    private static DecisionKind kind(dev.reprise.runtime.sched.DecisionKind k) {
        return switch (k) {
            case NEXT_THREAD -> DecisionKind.THREAD_SWITCH;
            case WAKE_WAITER -> DecisionKind.WAKE;
            default -> DecisionKind.SELECT;
        };
    }

    /**
     * The reduced trace in the instrumented module's indices: defined functions moved up by the
     * hook imports (and {@code reprise.preempt}), export calls and thread starts go to the export wrappers (which report them), imports and
     * everything else keep their indices; host functions come after the instrumented module's functions.
     */
    static ReducedTrace translate(ReducedTrace t, ModuleSummary original, ModuleSummary inst) {
        int imported = original.importedFunctions();
        int hooks = inst.importedFunctions() - imported;
        int functions = original.functionCount();
        int hostShift = inst.functionCount() - functions;
        IntUnaryOperator f = i -> i < imported ? i : i >= functions ? i + hostShift : i + hooks;
        List<TraceEvent.HostFunction> hosts = new ArrayList<>();
        for (TraceEvent.HostFunction h : t.hostFunctions()) {
            hosts.add(new TraceEvent.HostFunction(h.tid(), f.applyAsInt(h.funcIndex()), h.params(), h.results()));
        }
        Map<Integer, Value> globals = new LinkedHashMap<>();
        t.initialGlobals().forEach((g, v) -> globals.put(g, value(v, f)));
        List<ThreadReplay> threads = new ArrayList<>();
        for (ThreadReplay th : t.threads()) {
            threads.add(new ThreadReplay(th.tid(), th.parent(), th.arg(),
                    th.start() == null ? null : invokes(List.of(th.start()), f, inst).get(0), imports(th.imports(), f, inst),
                    invokes(th.calls(), f, inst)));
        }
        return new ReducedTrace(t.formatVersion(), t.moduleSha256(), effects(t.preamble(), f), globals,
                invokes(t.driver(), f, inst), imports(t.imports(), f, inst), effects(t.epilogue(), f), t.finalMemories(),
                threads, t.schedule(), hosts);
    }

    private static List<ImportReplay> imports(List<ImportReplay> list, IntUnaryOperator f, ModuleSummary inst) {
        List<ImportReplay> imports = new ArrayList<>();
        for (ImportReplay r : list) {
            List<CallRun> runs = new ArrayList<>();
            for (CallRun run : r.runs()) {
                ImportCallReplay c = run.call();
                runs.add(new CallRun(run.count(), new ImportCallReplay(values(c.args(), f), invokes(c.nested(), f, inst),
                        effects(c.beforeReturn(), f), values(c.results(), f), c.returns(), c.threw())));
            }
            imports.add(new ImportReplay(f.applyAsInt(r.funcIndex()), r.module(), r.name(), runs));
        }
        return imports;
    }

    private static List<ExportInvoke> invokes(List<ExportInvoke> list, IntUnaryOperator f, ModuleSummary inst) {
        List<ExportInvoke> out = new ArrayList<>();
        for (ExportInvoke e : list) {
            Export wrapper = e.name().isEmpty() ? null : inst.export(e.name());
            int target = wrapper != null && wrapper.kind() == ExternalKind.FUNCTION ? wrapper.index()
                    : f.applyAsInt(e.funcIndex());
            out.add(new ExportInvoke(effects(e.before(), f), target, e.name(), values(e.args(), f),
                    values(e.expected(), f), e.returned(), e.unwound()));
        }
        return out;
    }

    private static List<Effect> effects(List<Effect> list, IntUnaryOperator f) {
        List<Effect> out = new ArrayList<>();
        for (Effect e : list) {
            if (e instanceof Effect.TableSet s) {
                out.add(new Effect.TableSet(s.table(), s.index(), value(s.value(), f)));
            } else if (e instanceof Effect.GlobalSet g) {
                out.add(new Effect.GlobalSet(g.global(), value(g.value(), f)));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Value> values(List<Value> list, IntUnaryOperator f) {
        List<Value> out = new ArrayList<>();
        for (Value v : list) {
            out.add(value(v, f));
        }
        return out;
    }

    private static Value value(Value v, IntUnaryOperator f) {
        if (v.type() == ValType.FUNCREF && !v.isNull() && v.lo() >= 0) {
            return Value.funcref(f.applyAsInt((int) v.lo()));
        }
        return v;
    }
}
