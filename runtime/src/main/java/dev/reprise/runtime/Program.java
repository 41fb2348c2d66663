package dev.reprise.runtime;

import dev.reprise.runtime.internal.TracingInterpreterMachine;
import dev.reprise.transform.PreemptionPass;
import dev.reprise.transform.exceptions.LegacyExceptionsPass;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import dev.reprise.runtime.internal.CompiledClassCache;
import dev.reprise.runtime.internal.ImportLinker;
import run.endive.compiler.InterpreterFallback;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmEngineException;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.OpCode;

/**
 * A parsed module ready to run many times (the model checker runs one program thousands of
 * times): it is parsed once and compiled to JVM bytecode at most once per engine. Immutable
 * and safe to share between runs.
 */
public final class Program {
    /** Preemption budget meaning: add preemption points to modules that spawn threads. */
    public static final int PREEMPT_AUTO = -1;
    /** Preemption budget meaning: never add preemption points. */
    public static final int PREEMPT_OFF = 0;

    /** Names of SIMD instructions, as Endive's messages and opcodes spell them. */
    private static final Pattern SIMD_NAME = Pattern.compile("\\b(V128|[IF](8X16|16X8|32X4|64X2))_");
    private static final Set<OpCode> SIMD_OPCODES = EnumSet.copyOf(
            Arrays.stream(OpCode.values()).filter(o -> SIMD_NAME.matcher(o.name()).lookingAt()).toList());
    private static final String NO_SIMD = " (Endive 1.0.0, reprise's runtime, has no SIMD: run the module under node)";

    private final String name;
    private final byte[] bytes;
    private final byte[] executed;
    private final WasmModule module;
    private final Map<Engine, Function<Instance, Machine>> machines = new EnumMap<>(Engine.class);

    private Program(String name, byte[] bytes, byte[] executed, WasmModule module) {
        this.name = name;
        this.bytes = bytes;
        this.executed = executed;
        this.module = module;
    }

    /**
     * Parses {@code bytes}; {@code name} becomes argv[0] by default. A module that imports
     * {@code wasi.thread-spawn} gets preemption points ({@link #of(byte[], String, int)}) unless it
     * already has them (it imports {@code reprise.preempt}: a replay module, or one rewritten with
     * {@code --pass preempt}).
     */
    public static Program of(byte[] bytes, String name) {
        return of(bytes, name, PREEMPT_AUTO);
    }

    /**
     * Parses {@code bytes}, first adding preemption points (the transform module's
     * {@link PreemptionPass}) when {@code preemptBudget} is positive, or when it is
     * {@link #PREEMPT_AUTO} and the module spawns threads: then a spin loop without switch points
     * is preempted under the compiler as under the interpreter, at the same points.
     */
    public static Program of(byte[] bytes, String name, int preemptBudget) {
        byte[] original = bytes.clone();
        byte[] run = original;
        ModuleSummary summary = summaryOrNull(original);
        int budget = preemptBudget == PREEMPT_AUTO
                ? (summary != null && needsPreemption(summary) ? PreemptionPass.DEFAULT_BUDGET : PREEMPT_OFF)
                : preemptBudget;
        try {
            if (budget > 0) {
                run = new PreemptionPass(budget).apply(original);
            }
            if (summary != null && !summary.tags().isEmpty()) {
                // a module with a tag may use legacy exception handling, and Endive has only the
                // standardised form: legacy trys become try_table (the preemption pass adds no tag)
                run = new LegacyExceptionsPass().apply(run);
            }
        } catch (dev.reprise.wasm.WasmException e) {
            throw new MalformedModuleException("malformed or invalid module: " + e.getMessage(), e);
        }
        return new Program(name, original, run, parse(run));
    }

    /** The module's summary, or null when our reader refuses it (Endive's parser then reports the problem in its own words). */
    private static ModuleSummary summaryOrNull(byte[] bytes) {
        try {
            return new ModuleReader(bytes).summary();
        } catch (dev.reprise.wasm.WasmException e) {
            return null;
        }
    }

    /**
     * Whether {@link #PREEMPT_AUTO} adds preemption points to {@code bytes}: it imports
     * {@code wasi.thread-spawn} and not yet {@code reprise.preempt}.
     */
    public static boolean needsPreemption(byte[] bytes) {
        ModuleSummary summary = summaryOrNull(bytes);
        return summary != null && needsPreemption(summary);
    }

    private static boolean needsPreemption(ModuleSummary summary) {
        return summary.imports().stream().anyMatch(i -> i.module().equals("wasi") && i.name().equals("thread-spawn"))
                && !PreemptionPass.hasPoints(summary);
    }

    /**
     * Loads a {@code .wasm} file, or a {@code .wat} file by running {@code wat2wasm} (which must
     * be on the PATH).
     */
    public static Program load(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".wat")) {
            return of(wat2wasm(file), name);
        }
        try {
            return of(Files.readAllBytes(file), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] wat2wasm(Path wat) {
        try {
            Path out = Files.createTempFile("reprise-", ".wasm");
            try {
                Process p = new ProcessBuilder("wat2wasm", "--enable-threads", "--debug-names", wat.toString(),
                        "-o", out.toString()).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new MalformedModuleException("wat2wasm failed on " + wat + ": " + log.strip(), null);
                }
                return Files.readAllBytes(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new SandboxException("cannot compile " + wat + ": wat2wasm is not on the PATH (" + e.getMessage() + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while compiling " + wat, e);
        }
    }

    /** Parses a module, mapping Endive's parse and validation errors to {@link MalformedModuleException}. */
    static WasmModule parse(byte[] bytes) {
        try {
            return Parser.parse(bytes);
        } catch (WasmEngineException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new MalformedModuleException("malformed or invalid module: " + e.getMessage(), e);
        }
    }

    /** The program's file name (default argv[0]). */
    public String name() {
        return name;
    }

    /** The module bytes as given. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes that run: the given ones, with preemption points when they were added. */
    public byte[] executedBytes() {
        return executed.clone();
    }

    /** Whether preemption points were added. */
    public boolean preemptive() {
        return executed != bytes;
    }

    /** Endive's parsed module. */
    public WasmModule module() {
        return module;
    }

    /** Whether the module defines or imports exception tags (it throws or catches wasm exceptions). */
    private boolean usesExceptions() {
        return module.tagSection().map(t -> t.tagCount() > 0).orElse(false)
                || module.importSection().stream().anyMatch(i -> i.importType() == run.endive.wasm.types.ExternalType.TAG);
    }

    /**
     * Endive's interpreter has no SIMD either, and finds out only when it reaches the first SIMD
     * instruction, which then reads as a trap of the guest ("Machine doesn't recognize
     * Instruction ..."). A module with any is refused before it runs, as the compiler refuses it.
     */
    private void rejectSimdUnderTheInterpreter() {
        var code = module.codeSection();
        if (code == null) {
            return;
        }
        for (int f = 0; f < code.functionBodyCount(); f++) {
            for (var instruction : code.getFunctionBody(f).instructions()) {
                if (SIMD_OPCODES.contains(instruction.opcode())) {
                    throw new MalformedModuleException("the interpreter rejected " + name + ": " + instruction.opcode()
                            + " in function " + (module.importSection().count(ExternalType.FUNCTION) + f) + NO_SIMD, null);
                }
            }
        }
    }

    private Function<Instance, Machine> compiler(InterpreterFallback fallback) {
        try {
            MachineFactoryCompiler.Builder builder = MachineFactoryCompiler.builder(module).withInterpreterFallback(fallback);
            CompiledClassCache cache = CompiledClassCache.defaultCache();
            if (cache != null) {
                // the cache's keys do not say how the classes were compiled: a compile that must fail
                // where a function would fall back to the interpreter keeps its own entries
                builder.withCache(fallback == InterpreterFallback.FAIL ? cache.under("whole-") : cache);
            }
            return builder.compile();
        } catch (WasmEngineException | IllegalArgumentException ex) {
            if (fallback == InterpreterFallback.FAIL) {
                throw ex;
            }
            String simd = SIMD_NAME.matcher(String.valueOf(ex.getMessage())).find() ? NO_SIMD : "";
            throw new MalformedModuleException("the compiler rejected " + name + ": " + ex.getMessage() + simd, ex);
        }
    }

    /**
     * An Endive instance builder for this program outside a sandbox (a module that imports nothing),
     * with its machine factory for {@code engine} and the memory class the sandbox gives its runs.
     * Endive's compiled code reaches memory through helper methods of the program's own classes:
     * run with two memory classes, their call sites turn polymorphic and every later run of the
     * program pays for it (a replay checked once on Endive's default memory then ran 1.5-6x slower
     * in the sandbox for several rounds).
     */
    public Instance.Builder instanceBuilder(Engine engine) {
        return Instance.builder(module).withMachineFactory(machineFactory(engine))
                .withMemoryFactory(ImportLinker::plainMemory);
    }

    /** The machine factory for {@code engine}, compiling on first use. */
    public synchronized Function<Instance, Machine> machineFactory(Engine engine) {
        return machines.computeIfAbsent(engine, e -> {
            if (e == Engine.INTERPRETER) {
                rejectSimdUnderTheInterpreter();
                return TracingInterpreterMachine::new;
            }
            if (usesExceptions()) {
                // Endive 1.0.0 loses track of frames when a wasm exception goes through a function its
                // compiler left to the interpreter (too large for one JVM method) and is caught in compiled
                // code: execution resumes in the wrong frame (ProgramTest shows it). Such modules run
                // interpreted, unless every function compiles.
                try {
                    return compiler(InterpreterFallback.FAIL);
                } catch (WasmEngineException | IllegalArgumentException ex) {
                    compiler(InterpreterFallback.SILENT); // a module the compiler rejects outright is malformed
                    return TracingInterpreterMachine::new;
                }
            }
            return compiler(InterpreterFallback.SILENT); // never print into guest stderr
        });
    }
}
