package dev.reprise.cli;

import dev.reprise.runtime.Engine;
import dev.reprise.runtime.MalformedModuleException;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RandomSource;
import dev.reprise.runtime.RealTime;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.StdinSource;
import dev.reprise.runtime.UnlinkableModuleException;
import dev.reprise.runtime.sched.FixedPolicy;
import dev.reprise.runtime.sched.ScriptedDecisions;
import dev.reprise.runtime.sched.SeededRandomPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of a deterministic run, shared by {@code run}, {@code record} and {@code check}. */
final class RunOptionsMixin {
    @Option(names = "--env", paramLabel = "K=V", description = "a guest environment variable (repeatable); the host's is never visible")
    List<String> env = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "GUEST=HOST[:rw]",
            description = "copy host folder HOST in as GUEST (repeatable); :rw writes changes back at exit")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--stdin", paramLabel = "FILE", description = "what the guest reads on fd 0 (default: nothing; '-': this process's "
            + "standard input, read to its end before the run); with record --node, node's standard input (default: this process's)")
    Path stdin;

    @Option(names = "--seed", paramLabel = "N", description = "seed of random_get, and of a seeded random schedule when given")
    Long seed;

    @Option(names = "--clock-start", paramLabel = "NANOS", description = "virtual time at start, ns since 1970 (default 2024-01-01T00:00:00Z)")
    Long clockStart;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "compiler",
            description = "compiler (wasm to JVM bytecode, default) or interpreter")
    String engine;

    @Option(names = "--max-instructions", paramLabel = "N", description = "instruction budget (interpreter engine)")
    long maxInstructions;

    @Option(names = "--schedule", paramLabel = "c1,c2,...", description = "force these scheduler decisions, then the fixed policy")
    String schedule;

    @Option(names = "--strict-schedule", description = "with --schedule: the program must use exactly the listed decisions")
    boolean strict;

    @Option(names = "--argv0", paramLabel = "NAME", description = "argv[0] (default: the program's file name)")
    String argv0;

    @Option(names = "--no-preemption", description = "do not add preemption points to multi-threaded programs")
    boolean noPreemption;

    @Option(names = "--log", paramLabel = "FILE", description = "write host diagnostics (spawns, switches, exit) to FILE")
    Path log;

    @Option(names = {"-v", "--verbose"}, description = "host diagnostics on stderr, prefixed with 'reprise:'")
    boolean verbose;

    @Option(names = "--real-clock", description = "clocks read the host's real time and sleeps really wait"
            + " (not reproducible; a recording captures the values read)")
    boolean realClock;

    @Option(names = "--real-random", description = "random_get reads the host's SecureRandom instead of the seeded stream"
            + " (not reproducible; a recording captures the bytes)")
    boolean realRandom;


    private PrintStream logStream;

    /** Options for running {@code program} with guest arguments {@code args}. */
    RunOptions.Builder toBuilder(List<String> args) throws IOException {
        RunOptions.Builder b = RunOptions.builder().args(args).engine(parseEngine()).stdout(System.out).stderr(System.err);
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UserError(ExitCode.USAGE, "--env " + kv + ": expected K=V");
            }
            b.env(kv.substring(0, eq), kv.substring(eq + 1));
        }
        for (String d : dirs) {
            b.dir(Files2.dirMapping(d));
        }
        if (stdin != null) {
            b.stdin(StdinSource.of(Files2.readInput(stdin)));
        }
        if (argv0 != null) {
            b.argv0(argv0);
        }
        if (clockStart != null) {
            if (realClock) {
                throw new UserError(ExitCode.USAGE, "--clock-start and --real-clock: choose one");
            }
            b.clockStartNanos(clockStart);
        }
        if (realClock) {
            b.realClock(RealTime.system());
        }
        if (realRandom) {
            b.random(RandomSource::secure);
        }
        if (maxInstructions > 0) {
            b.maxInstructions(maxInstructions);
        }
        if (seed != null) {
            b.seed(seed);
        }
        int[] script = parseSchedule();
        long scheduleSeed = seed == null ? 0 : seed;
        b.decisions(() -> {
            var fallback = seed != null ? new SeededRandomPolicy(scheduleSeed) : new FixedPolicy();
            return script == null ? fallback : new ScriptedDecisions(script, strict ? null : fallback);
        });
        logStream = openLog();
        if (logStream != null) {
            PrintStream l = logStream;
            b.log(line -> l.println(verbose && log == null ? "reprise: " + line : line));
        }
        return b;
    }

    /**
     * After a run without {@code --stdin}: when this process's standard input is a file (the user
     * wrote {@code < FILE}), a note that the guest did not see it. A pipe gets no note: it may be
     * a harness's idle pipe, and it cannot be checked without reading it.
     */
    void noteUnusedStdin(String command) {
        if (stdin == null && Files2.stdinIsAFile()) {
            System.err.println("reprise " + command + ": note: the guest's stdin was empty; this process's standard input "
                    + "(a file) is passed on with --stdin - or --stdin FILE");
        }
    }

    /** The run options given on the command line, by name (those that do not apply to a run under node). */
    List<String> given() {
        List<String> out = new ArrayList<>();
        note(out, "--env", !env.isEmpty());
        note(out, "--dir", !dirs.isEmpty());
        note(out, "--stdin", stdin != null);
        note(out, "--seed", seed != null);
        note(out, "--clock-start", clockStart != null);
        note(out, "--engine", !"compiler".equals(engine));
        note(out, "--max-instructions", maxInstructions > 0);
        note(out, "--schedule", schedule != null);
        note(out, "--strict-schedule", strict);
        note(out, "--argv0", argv0 != null);
        note(out, "--no-preemption", noPreemption);
        note(out, "--log", log != null);
        note(out, "--verbose", verbose);
        note(out, "--real-clock", realClock);
        note(out, "--real-random", realRandom);
        return out;
    }

    private static void note(List<String> out, String option, boolean given) {
        if (given) {
            out.add(option);
        }
    }

    /** Closes the --log file, if any. */
    void closeLog() {
        if (logStream != null && log != null) {
            logStream.close();
        }
    }

    /** Loads a program as {@code reprise run} does, mapping errors to exit codes. */
    Program load(Path program, byte[] bytes) {
        try {
            if (program.toString().endsWith(".wat")) {
                return Program.load(program);
            }
            return Program.of(bytes, program.getFileName().toString(), noPreemption ? Program.PREEMPT_OFF : Program.PREEMPT_AUTO);
        } catch (MalformedModuleException e) {
            throw new UserError(ExitCode.BAD_INPUT, program + ": " + e.getMessage());
        } catch (UnlinkableModuleException e) {
            throw new UserError(ExitCode.UNLINKABLE, program + ": " + e.getMessage());
        }
    }

    private Engine parseEngine() {
        try {
            return Engine.parse(engine);
        } catch (RuntimeException e) {
            throw new UserError(ExitCode.USAGE, "--engine " + engine + ": expected compiler or interpreter");
        }
    }

    private int[] parseSchedule() {
        if (schedule == null) {
            return null;
        }
        String[] parts = schedule.split(",", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
                if (out[i] < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new UserError(ExitCode.USAGE, "--schedule: decision " + i + " is '" + parts[i] + "', not a non-negative number");
            }
        }
        return out;
    }

    private PrintStream openLog() throws IOException {
        if (log != null) {
            try {
                OutputStream out = Files.newOutputStream(log);
                return new PrintStream(out, true, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserError(ExitCode.CANNOT_WRITE, "--log " + log + ": cannot write: " + e.getMessage());
            }
        }
        return verbose ? System.err : null;
    }
}
