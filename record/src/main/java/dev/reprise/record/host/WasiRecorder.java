package dev.reprise.record.host;

import dev.reprise.record.host.internal.HostWriteTracker;
import dev.reprise.record.host.internal.OriginalFunctionNames;
import dev.reprise.record.trace.DecisionKind;
import dev.reprise.record.trace.RecorderKind;
import dev.reprise.record.trace.StartOptions;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceWriter;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.Termination;
import dev.reprise.runtime.sched.DecisionSource;
import dev.reprise.runtime.sched.Scheduler;
import dev.reprise.transform.PreemptionPass;
import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.wasm.Feature;
import dev.reprise.wasm.FeatureScanner;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import run.endive.runtime.Memory;

/**
 * Records a WASI program: instruments it, runs it in reprise's sandbox with the given options
 * and writes every host interaction to a trace (binary format, streamed as the run goes; the
 * file is renamed into place when the run ends). Multi-threaded programs run under the
 * deterministic scheduler and every scheduling decision is part of the trace. A run that
 * returned from {@code _start} or exited through {@code proc_exit} (any code) ends with one
 * {@code MemoryDigest} per memory; a trapped or deadlocked run has none.
 *
 * <p>{@link RecordingMode#HOST} instruments only the module's exports and start function, reports
 * import calls from a wrapper around each host function ({@link CapturedImports}: the module calls
 * its imports as before, with no hook call), and gives reprise's WASI
 * functions a view of memory that notes their writes ({@code RunOptions.hostMemoryView}), so the
 * guest's own loads and stores run as in a plain run; when the options add host functions of
 * their own, the sandbox's memories are wrapped instead ({@code RunOptions.memoryWrapper});
 * {@code SHADOW} and {@code FULL} instrument every load instead (as for hosts reprise cannot
 * intercept).
 *
 * <pre>
 * RecordResult r = WasiRecorder.record(bytes, "app.wasm", RunOptions.builder().arg("x").build(),
 *         Path.of("run.trace"), RecordingMode.HOST);
 * </pre>
 */
public final class WasiRecorder {
    /** What a recording produced: the run's outcome and the number of events written. */
    public record RecordResult(RunOutcome outcome, long events, Path trace) {
    }

    private WasiRecorder() {
    }

    /**
     * A module instrumented and compiled once, ready to be recorded many times (benchmarks,
     * repeated recordings of one program with different inputs).
     */
    public static final class Prepared {
        private final ModuleSummary summary;
        private final Program program;
        private final RecordingMode mode;
        private final RecordingInstrumentation.Instrumented instrumented;
        /** The module actually instantiated: instrumented, and for wasi-threads with preemption points. */
        private final byte[] running;
        private final byte[] sha256;
        private final List<String> features;
        private final boolean needsPreemption;
        /** Host mode: the imports whose calls the recorder reports from its wrapper around the host function; else null. */
        private final CapturedImports captured;

        private Prepared(byte[] module, String name, RecordingMode mode) {
            this.sha256 = sha256(module);
            this.features = features(module);
            this.needsPreemption = Program.needsPreemption(module);
            this.summary = new ModuleReader(module).summary();
            RecordingInstrumentation instrumentation = new RecordingInstrumentation(mode);
            if (mode == RecordingMode.HOST) {
                // every import is one of the sandbox's Java host functions: report calls there, not from the module
                this.captured = new CapturedImports(summary);
                instrumentation = instrumentation.capturingInRecorder(captured::captured);
            } else {
                this.captured = null;
            }
            this.instrumented = instrumentation.instrument(module);
            // named after the original's functions, so that a trap's guest stack reads as under reprise run
            this.running = instrumentForThreads(module, summary, OriginalFunctionNames.apply(module, instrumented));
            this.program = Program.of(running, name);
            this.mode = mode;
        }

        /** The recording mode the module was instrumented for. */
        public RecordingMode mode() {
            return mode;
        }

        /** Runs the program once with {@code options}, writing its trace to {@code traceFile}. */
        public RecordResult record(RunOptions options, Path traceFile) {
            return WasiRecorder.record(this, options, traceFile);
        }
    }

    /**
     * A module that spawns threads gets its preemption points here, in its own functions only
     * (the first ones defined in the instrumented module), not in the recording helpers appended
     * after them: the scheduler's decision points are then those of the program itself, which is
     * what a multi-threaded replay (target functions with the same points, replay stubs without)
     * reproduces. {@link Program#of} sees {@code reprise.preempt} and adds no second set.
     */
    private static byte[] instrumentForThreads(byte[] original, ModuleSummary summary, byte[] instrumented) {
        if (!Program.needsPreemption(original)) {
            return instrumented;
        }
        int defined = summary.functionCount() - summary.importedFunctions();
        return new PreemptionPass(PreemptionPass.DEFAULT_BUDGET, defined).apply(instrumented);
    }

    /** Instruments and compiles {@code module} for recording in {@code mode}. */
    public static Prepared prepare(byte[] module, String name, RecordingMode mode) {
        return new Prepared(module, name, mode);
    }

    /**
     * Instruments and compiles {@code module} for recording with an in-module shadow.
     *
     * @param full report every read ({@code FULL}) instead of only host-changed ones ({@code SHADOW})
     */
    public static Prepared prepare(byte[] module, String name, boolean full) {
        return prepare(module, name, full ? RecordingMode.FULL : RecordingMode.SHADOW);
    }

    /** Instruments {@code module} for {@code mode}, runs it with {@code options} and writes the trace. */
    public static RecordResult record(byte[] module, String name, RunOptions options, Path traceFile, RecordingMode mode) {
        return record(prepare(module, name, mode), options, traceFile);
    }

    /**
     * Instruments {@code module} with an in-module shadow, runs it with {@code options} and writes the trace.
     *
     * @param full report every read ({@code FULL}) instead of only host-changed ones ({@code SHADOW})
     */
    public static RecordResult record(byte[] module, String name, RunOptions options, Path traceFile, boolean full) {
        return record(prepare(module, name, full), options, traceFile);
    }

    private static RecordResult record(Prepared p, RunOptions options, Path traceFile) {
        ModuleSummary summary = p.summary;
        Path tmp;
        try {
            tmp = OutputFiles.temporaryBeside(traceFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + traceFile + ": " + e.getMessage(), e);
        }
        boolean done = false;
        try (TraceWriter writer = TraceWriter.create(tmp, header(p, options))) {
            // reprise's own WASI functions reach memory through a view, so the guest's loads and stores
            // pay nothing; host functions added by the caller may use the instance's memory: wrap it then
            boolean ownHostOnly = options.imports() == java.util.function.UnaryOperator.<List<run.endive.runtime.HostFunction>>identity();
            HostWriteTracker writes = p.mode == RecordingMode.HOST ? new HostWriteTracker(ownHostOnly) : null;
            java.util.function.IntUnaryOperator toOriginal = p.instrumented::original;
            if (p.running != p.instrumented.wasm()) {
                // the preemption pass renumbered functions: running -> instrumented -> original
                java.util.function.IntUnaryOperator toInstrumented = FunctionOrigins.of(p.instrumented.wasm(), p.running);
                toOriginal = r -> {
                    int i = toInstrumented.applyAsInt(r);
                    int o = p.instrumented.original(i);
                    return o >= 0 ? o : i;
                };
            }
            HookRecorder recorder = new HookRecorder(summary, writer, writes, toOriginal);
            if (writes != null && ownHostOnly) {
                recorder.hostReachesOnlyMemory(); // reprise's WASI functions change no table or global
            }
            RunOptions.Builder recording = options.toBuilder();
            if (writes != null && ownHostOnly) {
                UnaryOperator<Memory> outer = options.hostMemoryView();
                recording.hostMemoryView(m -> writes.view(outer.apply(m)));
            } else if (writes != null) {
                recording.memoryWrapper(m -> writes.wrap(options.memoryWrapper().apply(m)));
            }
            recording
                    .imports(fns -> {
                        List<run.endive.runtime.HostFunction> given = options.imports().apply(fns);
                        List<run.endive.runtime.HostFunction> all = new ArrayList<>(p.captured == null ? given : p.captured.wrap(given, recorder));
                        all.addAll(recorder.hostFunctions());
                        return all;
                    })
                    .decisions(() -> new RecordedDecisions(options.decisions().get(), writer::write));
            RunOutcome outcome = Sandbox.run(p.program, recording.build());
            if (outcome.termination() == Termination.RETURNED || outcome.termination() == Termination.EXITED) {
                recorder.writeFinalState(p.mode == RecordingMode.SHADOW); // the run ended normally: its final memories are part of the trace
            }
            writer.close();
            move(tmp, traceFile);
            done = true;
            return new RecordResult(outcome, recorder.eventCount(), traceFile);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }
    }

    private static List<String> features(byte[] module) {
        FeatureScanner features = new FeatureScanner();
        new ModuleReader(module).accept(features);
        List<String> names = new ArrayList<>();
        for (Feature f : features.features()) {
            names.add(f.text());
        }
        return List.copyOf(names);
    }

    /** The trace header of a run of {@code p} (what depends only on the module was computed once, when prepared). */
    private static TraceHeader header(Prepared p, RunOptions o) {
        RecordingMode mode = p.mode;
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("engine", o.engine().name().toLowerCase());
        opts.put("clock-start", Long.toString(o.clockStartNanos()));
        opts.put("reads", mode.text());
        if (o.realClock() != null) {
            opts.put("real-clock", "true");
        }
        if (o.random() != null) {
            opts.put("real-random", "true");
        }
        // what a multi-threaded replay needs to reach the same scheduler decisions
        opts.put("clock-step", Long.toString(o.clockStepNanos()));
        if (p.needsPreemption) {
            opts.put("preempt-budget", Integer.toString(PreemptionPass.DEFAULT_BUDGET));
        }
        if (o.preemptQuantum() > 0) {
            opts.put("preempt-quantum", Long.toString(o.preemptQuantum()));
        }
        List<String> args = new ArrayList<>();
        if (o.argv0() != null) {
            opts.put("argv0", o.argv0());
        }
        args.addAll(o.args());
        return TraceHeader.of(p.sha256, RecorderKind.WASI, p.features, new StartOptions(args, o.env(), o.seed(), opts),
                Map.of("recorder", "reprise WasiRecorder"));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            OutputFiles.replace(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to + ": " + e.getMessage(), e);
        }
    }

    /** Passes decisions through and writes each one to the trace. */
    private static final class RecordedDecisions implements DecisionSource {
        private final DecisionSource inner;
        private final java.util.function.Consumer<TraceEvent> out;

        RecordedDecisions(DecisionSource inner, java.util.function.Consumer<TraceEvent> out) {
            this.inner = inner;
            this.out = out;
        }

        @Override
        public int choose(dev.reprise.runtime.sched.DecisionKind kind, int optionCount) {
            int c = inner.choose(kind, optionCount);
            out.accept(new TraceEvent.SchedulerDecision(Scheduler.currentThreadId(), map(kind), optionCount, c));
            return c;
        }

        @Override
        public int chooseAmong(dev.reprise.runtime.sched.DecisionKind kind, int[] options) {
            int c = inner.chooseAmong(kind, options);
            out.accept(new TraceEvent.SchedulerDecision(Scheduler.currentThreadId(), map(kind), options.length, c));
            return c;
        }

        private static DecisionKind map(dev.reprise.runtime.sched.DecisionKind k) {
            switch (k) {
                case NEXT_THREAD: return DecisionKind.THREAD_SWITCH;
                case WAKE_WAITER: return DecisionKind.WAKE;
                default: return DecisionKind.SELECT;
            }
        }
    }
}
