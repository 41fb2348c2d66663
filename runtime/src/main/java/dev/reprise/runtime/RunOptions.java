package dev.reprise.runtime;

import dev.reprise.runtime.sched.DecisionSource;
import dev.reprise.runtime.sched.FixedPolicy;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import run.endive.runtime.HostFunction;
import run.endive.runtime.Memory;

/**
 * Everything that may influence a run. Two runs of the same module with equal options give
 * the same output byte for byte.
 *
 * @param args guest arguments after argv[0]
 * @param argv0 argv[0]; null means the program's file name
 * @param env the guest environment (the host's is never visible), in insertion order
 * @param dirs preopened directories, in fd order (from fd 3)
 * @param stdin what fd 0 reads
 * @param stdout where guest fd 1 goes besides the captured copy (null: capture only)
 * @param stderr where guest fd 2 goes besides the captured copy (null: capture only)
 * @param seed seed of the {@code random_get} stream
 * @param clockStartNanos virtual clock start, ns since the Unix epoch
 * @param engine compiler or interpreter
 * @param maxInstructions instruction budget over all threads (0 = unlimited); enforced exactly by
 *     the interpreter, ignored by the compiler engine (whose preemption comes from the transform pass)
 * @param preemptQuantum interpreter only: preempt a thread after this many of its instructions
 *     (0 = off), a deterministic stand-in for the preemption pass on uninstrumented modules
 * @param clockStepNanos virtual time added at each preemption, whether by the interpreter
 *     quantum or by a {@code reprise.preempt} call the preemption pass inserted (0 = time moves
 *     only when every thread is blocked)
 * @param decisions creates the scheduler's decision source for each run
 * @param imports customizes the host functions offered to the module (all WASI, wasi-threads
 *     and {@code reprise} ones): wrap them (e.g. to record every host call), add imports or
 *     replace some (a later entry with the same module and name wins); identity by default
 * @param log receives host diagnostics (spawns, switches, wakes, time jumps, the end); null for
 *     none. Never mixed into guest output.
 * @param memoryWrapper wraps every memory the sandbox creates (imported or declared, after the
 *     scheduler's shared-memory wrapper), e.g. to observe each thread's reads and writes (the
 *     model checker's footprints); identity by default
 * @param realClock the host's time, when the user asked for it ({@code --real-clock}): clocks
 *     read it and sleeps really wait; null (the default) for the virtual clock from
 *     {@code clockStartNanos}
 * @param random creates the source of {@code random_get} for each run, when the user asked for
 *     another than the seeded stream ({@code --real-random}: {@link RandomSource#secure()}); null
 *     (the default) for {@link SeededRandom} from {@code seed}
 * @param hostMemoryView how reprise's WASI functions see the instance's memory when they read or
 *     write it; the module's own code keeps the memory itself. A recorder passes a view that notes
 *     the host's writes, so that the guest's loads and stores pay nothing for it; identity by default
 * @param preload modules instantiated before the main one, by the import module name their
 *     exports are offered under ({@code reprise run --preload NAME=FILE}; two-module replays)
 */
public record RunOptions(
        List<String> args,
        String argv0,
        Map<String, String> env,
        List<DirMapping> dirs,
        StdinSource stdin,
        OutputStream stdout,
        OutputStream stderr,
        long seed,
        long clockStartNanos,
        Engine engine,
        long maxInstructions,
        long preemptQuantum,
        long clockStepNanos,
        Supplier<? extends DecisionSource> decisions,
        UnaryOperator<List<HostFunction>> imports,
        Consumer<String> log,
        UnaryOperator<Memory> memoryWrapper,
        RealTime realClock,
        Supplier<? extends RandomSource> random,
        UnaryOperator<Memory> hostMemoryView,
        Map<String, Program> preload) {

    public RunOptions {
        preload = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(preload == null ? Map.of() : preload));
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        dirs = List.copyOf(dirs);
        if (stdin == null) {
            stdin = StdinSource.empty();
        }
        if (engine == null) {
            engine = Engine.COMPILER;
        }
        if (maxInstructions < 0 || preemptQuantum < 0 || clockStepNanos < 0) {
            throw new IllegalArgumentException("instruction counts must not be negative");
        }
        if (decisions == null) {
            decisions = FixedPolicy::new;
        }
        if (imports == null) {
            imports = UnaryOperator.identity();
        }
        if (memoryWrapper == null) {
            memoryWrapper = UnaryOperator.identity();
        }
        if (hostMemoryView == null) {
            hostMemoryView = UnaryOperator.identity();
        }
    }

    /** Default options: no args, no env, no dirs, empty stdin, seed 0, 2024-01-01, compiler. */
    public static RunOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preloaded with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.args.addAll(args);
        b.argv0 = argv0;
        b.env.putAll(env);
        b.dirs.addAll(dirs);
        b.stdin = stdin;
        b.stdout = stdout;
        b.stderr = stderr;
        b.seed = seed;
        b.clockStartNanos = clockStartNanos;
        b.engine = engine;
        b.maxInstructions = maxInstructions;
        b.preemptQuantum = preemptQuantum;
        b.clockStepNanos = clockStepNanos;
        b.decisions = decisions;
        b.imports = imports;
        b.log = log;
        b.memoryWrapper = memoryWrapper;
        b.realClock = realClock;
        b.random = random;
        b.hostMemoryView = hostMemoryView;
        b.preload.putAll(preload);
        return b;
    }

    /** Builder for {@link RunOptions}. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private String argv0;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<DirMapping> dirs = new ArrayList<>();
        private StdinSource stdin = StdinSource.empty();
        private OutputStream stdout;
        private OutputStream stderr;
        private long seed;
        private long clockStartNanos = VirtualClock.DEFAULT_START_NANOS;
        private Engine engine = Engine.COMPILER;
        private long maxInstructions;
        private long preemptQuantum;
        private long clockStepNanos;
        private Supplier<? extends DecisionSource> decisions = FixedPolicy::new;
        private UnaryOperator<List<HostFunction>> imports = UnaryOperator.identity();
        private final Map<String, Program> preload = new LinkedHashMap<>();
        private Consumer<String> log;
        private UnaryOperator<Memory> memoryWrapper = UnaryOperator.identity();
        private UnaryOperator<Memory> hostMemoryView = UnaryOperator.identity();
        private RealTime realClock;
        private Supplier<? extends RandomSource> random;

        public Builder args(List<String> a) {
            args.clear();
            args.addAll(a);
            return this;
        }

        public Builder arg(String a) {
            args.add(a);
            return this;
        }

        public Builder argv0(String a) {
            argv0 = a;
            return this;
        }

        public Builder env(String key, String value) {
            if (key.isEmpty() || key.indexOf('=') >= 0) {
                throw new IllegalArgumentException("bad environment variable name '" + key + "'");
            }
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> all) {
            all.forEach(this::env);
            return this;
        }

        public Builder dir(DirMapping d) {
            dirs.add(d);
            return this;
        }

        public Builder dir(String spec) {
            return dir(DirMapping.parse(spec));
        }

        public Builder stdin(StdinSource s) {
            stdin = s;
            return this;
        }

        public Builder stdout(OutputStream s) {
            stdout = s;
            return this;
        }

        public Builder stderr(OutputStream s) {
            stderr = s;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder clockStartNanos(long n) {
            clockStartNanos = n;
            return this;
        }

        public Builder engine(Engine e) {
            engine = e;
            return this;
        }

        public Builder maxInstructions(long n) {
            maxInstructions = n;
            return this;
        }

        public Builder preemptQuantum(long n) {
            preemptQuantum = n;
            return this;
        }

        public Builder clockStepNanos(long n) {
            clockStepNanos = n;
            return this;
        }

        public Builder decisions(Supplier<? extends DecisionSource> d) {
            decisions = d;
            return this;
        }

        public Builder imports(UnaryOperator<List<HostFunction>> customizer) {
            imports = customizer;
            return this;
        }

        public Builder log(Consumer<String> l) {
            log = l;
            return this;
        }

        public Builder memoryWrapper(UnaryOperator<Memory> wrapper) {
            memoryWrapper = wrapper;
            return this;
        }

        /** How reprise's WASI functions see the instance's memory (see {@link RunOptions#hostMemoryView}). */
        public Builder hostMemoryView(UnaryOperator<Memory> view) {
            hostMemoryView = view;
            return this;
        }

        /** Clocks read the host's time {@code real} (null: the virtual clock). */
        public Builder realClock(RealTime real) {
            realClock = real;
            return this;
        }

        /** {@code random_get} reads from a source made by {@code source} (null: the seeded stream). */
        public Builder random(Supplier<? extends RandomSource> source) {
            random = source;
            return this;
        }

        /**
         * Instantiates {@code program} before the main module (in the order given) and offers its
         * exports (functions, memories, tables, globals) as imports of module {@code name} to the
         * modules instantiated after it, as wasmtime's {@code --preload NAME=FILE} does. A preloaded
         * module may import the sandbox's functions and earlier preloaded modules' exports.
         */
        public Builder preload(String name, Program program) {
            preload.put(name, program);
            return this;
        }

        public RunOptions build() {
            return new RunOptions(args, argv0, env, dirs, stdin, stdout, stderr, seed, clockStartNanos,
                    engine, maxInstructions, preemptQuantum, clockStepNanos, decisions, imports, log, memoryWrapper,
                    realClock, random, hostMemoryView, preload);
        }
    }
}
