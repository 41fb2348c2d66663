package dev.reprise.cli;

import dev.reprise.runtime.DirMapping;
import dev.reprise.runtime.Engine;
import dev.reprise.runtime.MalformedModuleException;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise run}: runs a WASI program deterministically. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a WASI program deterministically.",
                "Same module and options give the same output, byte for byte, threads included: time is virtual,",
                "randomness is seeded, files live in memory (copied from --dir), and every scheduling decision",
                "comes from one decision source (a fixed policy, --seed, or a --schedule list).",
                "Exit status: the guest's own exit code, or 121 unlinkable, 122 trap, 123 deadlock,",
                "124 instruction budget exhausted, 125 schedule diverged, 65 malformed module, 64 usage."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROG.wasm", description = "the program (.wasm, or .wat when wat2wasm is on the PATH)")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "guest arguments (after --)")
    List<String> args = new ArrayList<>();

    @Option(names = "--env", paramLabel = "K=V", description = "a guest environment variable (repeatable); the host's is never visible")
    List<String> env = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "GUEST=HOST[:rw]",
            description = "copy host folder HOST in as GUEST (repeatable); :rw writes changes back at exit")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--stdin", paramLabel = "FILE", description = "what the guest reads on fd 0 (default: nothing)")
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

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(program)) {
            throw new UserError(ExitCode.NO_INPUT, program + ": no such file");
        }
        RunOptions.Builder b = RunOptions.builder().args(args).engine(parseEngine()).stdout(System.out).stderr(System.err);
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UserError(ExitCode.USAGE, "--env " + kv + ": expected K=V");
            }
            b.env(kv.substring(0, eq), kv.substring(eq + 1));
        }
        for (String d : dirs) {
            try {
                b.dir(DirMapping.parse(d));
            } catch (RuntimeException e) {
                throw new UserError(ExitCode.USAGE, "--dir " + d + ": " + e.getMessage());
            }
        }
        if (stdin != null) {
            b.stdin(StdinSource.of(Files2.read(stdin)));
        }
        if (argv0 != null) {
            b.argv0(argv0);
        }
        if (clockStart != null) {
            b.clockStartNanos(clockStart);
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
        PrintStream logStream = openLog();
        if (logStream != null) {
            b.log(line -> logStream.println(verbose && log == null ? "reprise: " + line : line));
        }
        try {
            Program p = loadProgram();
            RunOutcome o = Sandbox.run(p, b.build());
            System.out.flush();
            return report(o);
        } finally {
            if (logStream != null && log != null) {
                logStream.close();
            }
        }
    }

    private Program loadProgram() {
        try {
            if (program.toString().endsWith(".wat")) {
                return Program.load(program);
            }
            return Program.of(Files2.read(program), program.getFileName().toString(),
                    noPreemption ? Program.PREEMPT_OFF : Program.PREEMPT_AUTO);
        } catch (MalformedModuleException e) {
            throw new UserError(ExitCode.BAD_INPUT, program + ": " + e.getMessage());
        } catch (UnlinkableModuleException e) {
            throw new UserError(ExitCode.UNLINKABLE, program + ": " + e.getMessage());
        }
    }

    private int report(RunOutcome o) {
        PrintStream err = System.err;
        switch (o.termination()) {
            case RETURNED:
            case EXITED:
                return o.exitCode();
            case TRAPPED:
                err.println("reprise run: trap: " + o.message());
                for (String frame : o.guestStack()) {
                    err.println("    at " + frame);
                }
                return ExitCode.TRAP;
            case DEADLOCKED:
                err.println("reprise run: " + (o.message().startsWith("deadlock") ? "" : "deadlock: ") + o.message());
                return ExitCode.DEADLOCK;
            case BUDGET_EXHAUSTED:
                err.println("reprise run: instruction budget exhausted: " + o.message());
                return ExitCode.BUDGET_EXHAUSTED;
            default:
                err.println("reprise run: schedule diverged: " + o.message());
                return ExitCode.DIVERGED;
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
