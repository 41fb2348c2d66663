package dev.reprise.cli;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.reduce.UnsupportedTraceException;
import dev.reprise.replay.ReplayException;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.runtime.Engine;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.SandboxException;
import dev.reprise.runtime.UnlinkableModuleException;
import dev.reprise.runtime.check.CheckOptions;
import dev.reprise.runtime.check.CheckReport;
import dev.reprise.runtime.check.Failure;
import dev.reprise.runtime.check.FailureKind;
import dev.reprise.runtime.check.ModelChecker;
import dev.reprise.runtime.check.ScheduleReplay;
import dev.reprise.runtime.check.Strategy;
import dev.reprise.runtime.sched.FixedPolicy;
import dev.reprise.runtime.sched.ScriptedDecisions;
import dev.reprise.transform.record.RecordingMode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reprise check}: the model checker. Explores the program's decision tree (which thread
 * runs at each switch point, which waiter a notify wakes, {@code model_checker_select} values)
 * and reports failing executions with a {@code reprise run --schedule} command reproducing each.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Model-check a program: explore thread interleavings and explicit choices.",
                "A failure is a trap (incl. reprise.assert, unreachable), a non-zero exit, a "
                + "deadlock or an exhausted instruction budget; each is printed with its decision "
                + "list and a reproduction command. Exit 0: no failure found (the summary says "
                + "whether the search was complete); 1: a failure was found; 64 usage; 65 "
                + "malformed module; 66 unreadable file; 121 unlinkable module; 125 a --schedule "
                + "that does not fit the program."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROG.wasm", description = "the program (a WASI command module)")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "guest arguments (after --)")
    List<String> guestArgs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "K=V", description = "guest environment variable (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "GUEST=HOST", description = "preopened directory, copied in (repeatable)")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--stdin", paramLabel = "FILE", description = "what the guest reads on fd 0 in every run (default: empty; '-': this process's standard input, read once to its end)")
    Path stdin;

    @Option(names = "--argv0", paramLabel = "NAME", description = "argv[0] (default: the file name)")
    String argv0;

    @Option(names = "--guest-seed", paramLabel = "N", description = "seed of the guest's random_get (`reprise run --seed`)")
    Long guestSeed;

    @Option(names = "--clock-start", paramLabel = "NANOS", description = "virtual clock start, ns since the epoch")
    Long clockStart;

    @Option(names = "--engine", paramLabel = "E", description = "compiler (default) or interpreter")
    String engine;

    @Option(names = "--max-instructions", paramLabel = "N", description = "instruction budget per execution (interpreter)")
    Long maxInstructions;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "dfs", description = "dfs (default; with reduction), bfs (by deviations from the default schedule), random or pct")
    String strategy;

    @Option(names = "--no-reduction", description = "dfs: explore every interleaving (no sleep-set reduction)")
    boolean noReduction;

    @Option(names = "--preemption-bound", paramLabel = "K", description = "dfs: at most K preemptions, bounds 0..K in turn")
    Integer preemptionBound;

    @Option(names = "--max-depth", paramLabel = "N", description = "cut executions after N decisions (default 100000)")
    Integer maxDepth;

    @Option(names = "--max-executions", paramLabel = "N", description = "stop after N executions (random/pct default 10000)")
    Long maxExecutions;

    @Option(names = "--time-limit", paramLabel = "D", description = "stop after D (e.g. 30s, 5m, 500ms; a bare number is seconds)")
    String timeLimit;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "seed of the random and pct strategies")
    long seed;

    @Option(names = "--pct-depth", paramLabel = "D", defaultValue = "3", description = "pct bug depth d (d-1 change points)")
    int pctDepth;

    @Option(names = "--stop-at-first", description = "stop at the first failure (the default)")
    boolean stopAtFirst;

    @Option(names = "--all", description = "keep searching after failures and report them all")
    boolean all;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "explore disjoint subtrees in N threads")
    int jobs;

    @Option(names = "--shard", paramLabel = "I/N", description = "explore shard I of N (0-based) of the tree")
    String shard;

    @Option(names = "--split-depth", paramLabel = "N", defaultValue = "6",
            description = "depth of the prefixes dealt to shards and jobs (default 6)")
    int splitDepth;

    @Option(names = "--no-minimize", description = "report failing schedules as found, without shrinking them")
    boolean noMinimize;

    @Option(names = "--schedule", paramLabel = "c1,c2,...", description = "run just this schedule and check it")
    String schedule;

    @Option(names = "--emit-replay", paramLabel = "OUT.wasm",
            description = "write the (first) failing run as a replay module: the run recorded under its "
                    + "schedule, reduced and replayed (reprise replay); 'reprise run OUT.wasm' fails the same way")
    Path emitReplay;

    @Option(names = {"-q", "--quiet"}, description = "no progress line on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        if (stopAtFirst && all) {
            throw new UserError(ExitCode.USAGE, "--stop-at-first and --all exclude each other");
        }
        RunOptions run = runOptions();
        CheckOptions options = checkOptions(run);
        Program prog = load();
        PrintStream out = System.out;
        try {
            if (schedule != null) {
                return replay(prog, run, out);
            }
            CheckReport report = ModelChecker.check(prog, options);
            for (Failure f : report.failures()) {
                printFailure(out, f);
            }
            if (report.failures().isEmpty()) {
                out.println("no failure found");
            }
            out.println(report.summary());
            if (emitReplay != null && report.failed()) {
                emitReplay(run, report.failures().get(0));
            } else if (emitReplay != null) {
                System.err.println("reprise check: no failure, so no replay: " + emitReplay + " was not written");
            }
            return report.failed() ? ExitCode.FOUND : ExitCode.OK;
        } catch (UnlinkableModuleException e) {
            throw new UserError(ExitCode.UNLINKABLE, e.getMessage());
        }
    }

    private int replay(Program prog, RunOptions run, PrintStream out) {
        int[] choices = parseSchedule(schedule);
        ScheduleReplay r = ScheduleReplay.run(prog, run, choices);
        if (!r.fits()) {
            throw new UserError(ExitCode.DIVERGED, r.divergence());
        }
        RunOutcome o = r.outcome();
        FailureKind kind = FailureKind.of(o);
        if (kind == null) {
            out.println("schedule " + schedule.strip() + ": no failure (" + o.termination().name().toLowerCase(Locale.ROOT)
                    + ", exit code " + o.exitCode() + ")");
            return ExitCode.OK;
        }
        Failure failure = new Failure(kind, o.exitCode(), o.message(), choices, 0, choices, 0);
        printFailure(out, failure);
        if (emitReplay != null) {
            emitReplay(run, failure);
        }
        return ExitCode.FOUND;
    }

    /**
     * Records the program under the failure's schedule, reduces the trace and writes its replay
     * to {@link #emitReplay}: a module that fails the same way under {@code reprise run} (a
     * multi-threaded one carries the schedule and keeps the runtime's imports).
     */
    private void emitReplay(RunOptions run, Failure failure) {
        long start = System.nanoTime();
        byte[] wasm = Files2.read(program);
        int[] schedule = failure.schedule();
        RunOptions scripted = run.toBuilder().decisions(() -> new ScriptedDecisions(schedule, new FixedPolicy())).build();
        Path trace = null;
        try {
            trace = Files.createTempFile("reprise-check-", ".trace");
            WasiRecorder.RecordResult recorded = WasiRecorder.record(wasm, program.getFileName().toString(), scripted, trace,
                    RecordingMode.HOST);
            FailureKind again = FailureKind.of(recorded.outcome());
            if (again != failure.kind()) {
                throw new UserError(ExitCode.FOUND, "--emit-replay: recorded under the failing schedule, the run "
                        + (again == null ? "did not fail" : "failed otherwise (" + again + ")") + "; "
                        + emitReplay + " was not written");
            }
            byte[] replay;
            try {
                replay = new ReplayGenerator().generate(wasm, TraceInputs.reduced(trace, wasm, "check")).wasm();
            } catch (UnsupportedTraceException | ReplayException e) {
                throw new UserError(ExitCode.FOUND, "--emit-replay: the failing run cannot be replayed: " + e.getMessage()
                        + "; " + emitReplay + " was not written");
            }
            Files2.writeAtomically(emitReplay, replay);
            System.err.printf("reprise check: wrote %s, the failing run as a replay (%,d bytes, %d events recorded, %d ms);"
                    + " 'reprise run %s' fails the same way%n", emitReplay, replay.length, recorded.events(),
                    (System.nanoTime() - start) / 1_000_000, emitReplay);
        } catch (java.io.IOException e) {
            throw new UserError(ExitCode.CANNOT_WRITE, "--emit-replay: " + e.getMessage());
        } finally {
            if (trace != null) {
                try {
                    Files.deleteIfExists(trace);
                } catch (java.io.IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    static int[] parseSchedule(String s) {
        try {
            return ScriptedDecisions.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "malformed --schedule: " + e.getMessage());
        }
    }

    private void printFailure(PrintStream out, Failure f) {
        out.println("FAILURE: " + f.describe());
        if (f.kind() == FailureKind.DEADLOCK) {
            f.message().lines().skip(1).forEach(l -> out.println("  " + l.strip()));
        }
        int[] sched = f.schedule();
        out.println("  decisions (" + sched.length + " listed, option 0 after them; " + f.preemptions() + " preemption"
                + (f.preemptions() == 1 ? "" : "s") + "): " + (sched.length == 0 ? "(none: the FIFO schedule)"
                : f.scheduleText()));
        if (!java.util.Arrays.equals(sched, trim(f.found()))) {
            out.println("  as found: " + Failure.join(f.found()));
        }
        out.println("  reproduce: " + reproduction(f));
    }

    private static int[] trim(int[] choices) {
        int n = choices.length;
        while (n > 0 && choices[n - 1] == 0) {
            n--;
        }
        return java.util.Arrays.copyOf(choices, n);
    }

    /** {@code reprise run PROG [the same run options] --schedule LIST [-- args]}. */
    String reproduction(Failure f) {
        StringBuilder sb = new StringBuilder("reprise run ").append(quote(program.toString()));
        for (String e : env) {
            sb.append(" --env ").append(quote(e));
        }
        for (String d : dirs) {
            sb.append(" --dir ").append(quote(d));
        }
        if (stdin != null) {
            sb.append(" --stdin ").append(quote(stdin.toString()));
        }
        if (argv0 != null) {
            sb.append(" --argv0 ").append(quote(argv0));
        }
        if (guestSeed != null) {
            sb.append(" --seed ").append(guestSeed);
        }
        if (clockStart != null) {
            sb.append(" --clock-start ").append(clockStart);
        }
        if (engine != null) {
            sb.append(" --engine ").append(engine.toLowerCase(Locale.ROOT));
        }
        if (maxInstructions != null) {
            sb.append(" --max-instructions ").append(maxInstructions);
        }
        sb.append(" --schedule ").append(f.schedule().length == 0 ? "''" : f.scheduleText());
        if (!guestArgs.isEmpty()) {
            sb.append(" --");
            for (String a : guestArgs) {
                sb.append(' ').append(quote(a));
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private Program load() {
        Files2.read(program); // one-line errors for a missing or unreadable file
        try {
            return Program.load(program);
        } catch (dev.reprise.runtime.MalformedModuleException e) {
            throw new UserError(ExitCode.BAD_INPUT, program + ": " + e.getMessage());
        } catch (SandboxException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage());
        }
    }

    private RunOptions runOptions() {
        try {
            RunOptions.Builder b = RunOptions.builder().args(guestArgs);
            for (String e : env) {
                int eq = e.indexOf('=');
                if (eq <= 0) {
                    throw new UserError(ExitCode.USAGE, "bad --env '" + e + "' (expected K=V)");
                }
                b.env(e.substring(0, eq), e.substring(eq + 1));
            }
            for (String d : dirs) {
                b.dir(Files2.dirMapping(d));
            }
            if (argv0 != null) {
                b.argv0(argv0);
            }
            if (stdin != null) {
                b.stdin(dev.reprise.runtime.StdinSource.of(Files2.readInput(stdin)));
            }
            if (guestSeed != null) {
                b.seed(guestSeed);
            }
            if (clockStart != null) {
                b.clockStartNanos(clockStart);
            }
            if (engine != null) {
                b.engine(Engine.parse(engine));
            }
            if (maxInstructions != null) {
                b.maxInstructions(maxInstructions);
            }
            return b.build();
        } catch (IllegalArgumentException | SandboxException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage());
        }
    }

    private CheckOptions checkOptions(RunOptions run) {
        try {
            CheckOptions.Builder b = CheckOptions.builder().run(run).strategy(parseStrategy(strategy))
                    .reduction(!noReduction).seed(seed).pctDepth(pctDepth).stopAtFirst(!all).jobs(jobs)
                    .splitDepth(splitDepth).minimize(!noMinimize);
            if (preemptionBound != null) {
                b.preemptionBound(preemptionBound);
            }
            if (maxDepth != null) {
                b.maxDepth(maxDepth);
            }
            if (maxExecutions != null) {
                b.maxExecutions(maxExecutions);
            }
            if (timeLimit != null) {
                b.timeLimit(parseDuration(timeLimit));
            }
            if (shard != null) {
                String[] parts = shard.split("/");
                try {
                    b.shard(Integer.parseInt(parts[0].trim()), parts.length == 2 ? Integer.parseInt(parts[1].trim()) : -1);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad --shard '" + shard + "' (expected I/N, e.g. 0/4)");
                }
            }
            if (!quiet) {
                b.progress(line -> System.err.println(line));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage());
        }
    }

    private static Strategy parseStrategy(String s) {
        for (Strategy st : Strategy.values()) {
            if (st.name().equalsIgnoreCase(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + s + "' (expected dfs, bfs, random or pct)");
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad --time-limit '" + s + "' (e.g. 30s, 5m, 500ms, 1h)");
        }
    }
}
