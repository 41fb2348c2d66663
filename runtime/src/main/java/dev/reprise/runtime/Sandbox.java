package dev.reprise.runtime;

import dev.reprise.runtime.internal.GuestStacks;
import dev.reprise.runtime.internal.ImportLinker;
import dev.reprise.runtime.internal.InstructionCounter;
import dev.reprise.runtime.internal.TeeOutputStream;
import dev.reprise.runtime.internal.ThreadsHost;
import dev.reprise.runtime.sched.DeadlockException;
import dev.reprise.runtime.sched.RecordingDecisions;
import dev.reprise.runtime.sched.RunAbortedException;
import dev.reprise.runtime.sched.ScheduleDivergedException;
import dev.reprise.runtime.sched.Scheduler;
import dev.reprise.runtime.wasi.WasiPreview1Host;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import run.endive.runtime.ExportFunction;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.runtime.Memory;
import run.endive.wasm.WasmModule;

/**
 * Runs a WASI command module deterministically: parses it with Endive, links the sandbox's
 * WASI preview1, wasi-threads and scheduler imports, instantiates it with the chosen engine
 * and runs {@code _start} as guest thread 0 under the cooperative {@link Scheduler}. Modules
 * preloaded with {@link RunOptions.Builder#preload} are instantiated first, and their exports
 * linked by name to the imports of the modules after them.
 *
 * <pre>{@code
 * RunOutcome o = Sandbox.run(Path.of("prog.wasm"), RunOptions.builder().arg("x").build());
 * }</pre>
 *
 * Malformed and unlinkable modules throw ({@link MalformedModuleException},
 * {@link UnlinkableModuleException}); everything that happens once the guest runs (exit, trap,
 * deadlock, diverged schedule) is reported in the {@link RunOutcome}; an exception thrown by the
 * decision source itself is rethrown from {@code run} (host files are then not written back).
 */
public final class Sandbox {
    private Sandbox() {}

    /** Loads ({@code .wasm}, or {@code .wat} via wat2wasm) and runs a file; argv[0] defaults to its file name. */
    public static RunOutcome run(Path file, RunOptions options) {
        return run(Program.load(file), options);
    }

    /** Runs module bytes; {@code programName} is argv[0] unless the options override it. */
    public static RunOutcome run(byte[] bytes, String programName, RunOptions options) {
        return run(Program.of(bytes, programName), options);
    }

    /** Runs a prepared program (parsed and compiled once, reusable across runs). */
    public static RunOutcome run(Program program, RunOptions o) {
        return run(program, o, inst -> { });
    }

    /**
     * As {@link #run(Program, RunOptions)}, handing the main thread's instance to {@code onMainInstance}
     * before {@code _start} runs (e.g. to read its memories and globals once the run is over).
     */
    public static RunOutcome run(Program program, RunOptions o, java.util.function.Consumer<Instance> onMainInstance) {
        WasmModule module = program.module();
        String programName = program.name();
        if (!hasStart(module)) {
            throw new UnlinkableModuleException("module " + programName + " has no _start export (not a WASI command)");
        }
        VirtualClock clock = o.realClock() != null ? VirtualClock.real(o.realClock()) : new VirtualClock(o.clockStartNanos());
        RecordingDecisions decisions = new RecordingDecisions(o.decisions().get());
        Scheduler scheduler = new Scheduler(decisions, clock);
        scheduler.log(o.log());
        ByteArrayOutputStream outBuf = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>();
        argv.add(o.argv0() != null ? o.argv0() : programName);
        argv.addAll(o.args());
        WasiPreview1Host wasi = new WasiPreview1Host(argv, o.env(), o.dirs(), o.stdin(),
                new TeeOutputStream(outBuf, o.stdout()), new TeeOutputStream(errBuf, o.stderr()),
                o.random() != null ? o.random().get() : new SeededRandom(o.seed()), clock,
                scheduler).memoryView(o.hostMemoryView());
        ThreadsHost threads = new ThreadsHost(scheduler, o.clockStepNanos());
        List<HostFunction> offered = new ArrayList<>(wasi.hostFunctions());
        offered.addAll(threads.hostFunctions());
        ImportLinker linker = new ImportLinker(scheduler, o.memoryWrapper()).offer(o.imports().apply(offered));
        for (var pre : o.preload().entrySet()) {
            // instantiated once, before the main module (its start function, if any, runs now)
            Program p = pre.getValue();
            Instance preloaded = Instance.builder(p.module()).withImportValues(linker.link(p.module()))
                    .withMachineFactory(p.machineFactory(o.engine())).withMemoryFactory(linker::newMemory)
                    .withStart(false).build();
            linker.offerInstance(pre.getKey(), preloaded);
        }
        ImportValues imports = linker.link(module);
        Function<Instance, Machine> machine = program.machineFactory(o.engine());
        // one memory per shared memory the module defines (by position), shared by every thread's instance
        java.util.Map<Integer, Memory> declaredShared = new java.util.HashMap<>();
        AtomicLong executed = new AtomicLong();
        boolean counting = o.engine() == Engine.INTERPRETER && (o.maxInstructions() > 0 || o.preemptQuantum() > 0);
        Supplier<Instance> newInstance = () -> {
            Instance.Builder b = Instance.builder(module);
            int[] defined = {0}; // Endive asks for the defined memories in index order
            if (counting) {
                b.withUnsafeExecutionListener(
                        new InstructionCounter(executed, o.maxInstructions(), o.preemptQuantum(), o.clockStepNanos(), scheduler));
            }
            return b.withImportValues(imports)
                .withMachineFactory(machine)
                .withMemoryFactory(limits -> {
                    int position = defined[0]++;
                    if (!limits.shared()) {
                        return linker.newMemory(limits);
                    }
                    synchronized (declaredShared) {
                        return declaredShared.computeIfAbsent(position, k -> linker.newMemory(limits));
                    }
                })
                .withStart(false)
                .build();
        };
        threads.instanceFactory(newInstance);
        scheduler.startMain("_start", () -> {
            Instance inst = newInstance.get();
            onMainInstance.accept(inst);
            ExportFunction start = inst.export("_start");
            start.apply();
        });
        Throwable cause = scheduler.awaitEnd();
        flush(o);
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof RunAbortedException aborted) {
                throw aborted.getCause();
            }
        }
        RunOutcome outcome = outcome(cause, module, outBuf, errBuf, scheduler, clock);
        wasi.writeBack();
        return outcome;
    }

    private static boolean hasStart(WasmModule module) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.name().equals("_start") && e.exportType() == run.endive.wasm.types.ExternalType.FUNCTION) {
                return true;
            }
        }
        return false;
    }

    private static void flush(RunOptions o) {
        try {
            if (o.stdout() != null) {
                o.stdout().flush();
            }
            if (o.stderr() != null) {
                o.stderr().flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush guest output", e);
        }
    }

    private static RunOutcome outcome(Throwable cause, WasmModule module, ByteArrayOutputStream out,
            ByteArrayOutputStream err, Scheduler scheduler, VirtualClock clock) {
        Termination t;
        int code = 0;
        String message = "";
        List<String> stack = List.of();
        Throwable c = unwrap(cause);
        if (c == null) {
            t = Termination.RETURNED;
        } else if (c instanceof GuestExitException e) {
            t = Termination.EXITED;
            code = e.exitCode();
        } else if (c instanceof DeadlockException e) {
            t = Termination.DEADLOCKED;
            message = e.getMessage();
        } else if (c instanceof BudgetExhaustedException e) {
            t = Termination.BUDGET_EXHAUSTED;
            message = e.getMessage();
        } else if (c instanceof ScheduleDivergedException e) {
            t = Termination.SCHEDULE_DIVERGED;
            message = e.getMessage();
        } else if (c instanceof GuestTrapException g) {
            t = Termination.TRAPPED;
            message = g.getMessage();
            stack = g.guestStack();
        } else {
            t = Termination.TRAPPED;
            message = trapMessage(c);
            stack = GuestStacks.of(c, module);
        }
        if (t != Termination.EXITED && t != Termination.RETURNED) {
            code = RunOutcome.exitCodeFor(t);
        }
        return new RunOutcome(t, code, message, stack, out.toByteArray(), err.toByteArray(),
                scheduler.decisions(), clock.elapsedNanos(), scheduler.guestCpuNanos());
    }

    private static Throwable unwrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof GuestExitException || c instanceof DeadlockException || c instanceof BudgetExhaustedException
                    || c instanceof ScheduleDivergedException) {
                return c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return t;
    }

    private static String trapMessage(Throwable c) {
        if (c instanceof StackOverflowError) {
            return "call stack exhausted";
        }
        String m = c.getMessage();
        return m == null || m.isEmpty() ? c.getClass().getSimpleName() : m;
    }
}
