package dev.reprise.cli;

import dev.reprise.replay.ReplayException;
import dev.reprise.replay.ReplaySchedule;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.UnlinkableModuleException;
import dev.reprise.wasm.WasmException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise run}: runs a WASI program deterministically. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a WASI program deterministically.",
                "Same module and options give the same output, byte for byte, threads included: "
                + "time is virtual, randomness is seeded, files live in memory (copied from "
                + "--dir), and every scheduling decision comes from one decision source (a fixed "
                + "policy, --seed, or a --schedule list).",
                "A multi-threaded replay (reprise replay of a run that spawned threads) runs "
                + "under the schedule and clock settings it carries (its reprise.schedule "
                + "section) unless --schedule is given.",
                "Exit status: the guest's own exit code, or 121 unlinkable, 122 trap, 123 "
                + "deadlock, 124 instruction budget exhausted, 125 schedule diverged, 65 "
                + "malformed module, 64 usage."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROG.wasm", description = "the program (.wasm, or .wat when wat2wasm is on the PATH)")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "guest arguments (after --)")
    List<String> args = new ArrayList<>();

    @Mixin
    RunOptionsMixin options;

    @Option(names = "--preload", paramLabel = "NAME=MODULE.wasm",
            description = {"instantiate MODULE.wasm first and link its exports to the program's "
                    + "imports from module NAME (repeatable, in order), as wasmtime's --preload; "
                    + "e.g. a two-module replay:",
                    "--preload reprise.replay=REPLAY.replay-module.wasm REPLAY.wasm"})
    List<String> preload = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(program)) {
            throw new UserError(ExitCode.NO_INPUT, program + ": no such file");
        }
        byte[] bytes = program.toString().endsWith(".wat") ? null : Files2.read(program);
        var builder = options.toBuilder(args);
        for (String spec : preload) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new UserError(ExitCode.USAGE, "--preload " + spec + ": expected NAME=MODULE.wasm");
            }
            Path file = Path.of(spec.substring(eq + 1));
            if (!Files.exists(file)) {
                throw new UserError(ExitCode.NO_INPUT, file + ": no such file");
            }
            byte[] pre = file.toString().endsWith(".wat") ? null : Files2.read(file);
            builder.preload(spec.substring(0, eq), options.load(file, pre));
        }
        try {
            ReplaySchedule replay = replaySchedule(bytes);
            Program p;
            if (replay != null && options.schedule == null) {
                replay.apply(builder);
                p = replay.program(bytes, program.getFileName().toString());
            } else {
                p = options.load(program, bytes);
            }
            RunOutcome o;
            try {
                o = Sandbox.run(p, builder.build());
            } catch (UnlinkableModuleException e) {
                throw new UserError(ExitCode.UNLINKABLE, program + ": " + e.getMessage());
            }
            System.out.flush();
            options.noteUnusedStdin("run");
            return report(o, "run");
        } finally {
            options.closeLog();
        }
    }

    /** The schedule a multi-threaded replay module carries, or null (not one, or not a readable module: load reports that). */
    private ReplaySchedule replaySchedule(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return ReplaySchedule.read(bytes);
        } catch (ReplayException e) {
            throw new UserError(ExitCode.BAD_INPUT, program + ": " + e.getMessage());
        } catch (WasmException e) {
            return null;
        }
    }

    /** Maps a run's ending to reprise's exit status, printing what went wrong. */
    static int report(RunOutcome o, String command) {
        PrintStream err = System.err;
        switch (o.termination()) {
            case RETURNED:
            case EXITED:
                return o.exitCode();
            case TRAPPED:
                err.println("reprise " + command + ": trap: " + o.message());
                for (String frame : o.guestStack()) {
                    err.println("    at " + frame);
                }
                return ExitCode.TRAP;
            case DEADLOCKED:
                err.println("reprise " + command + ": " + (o.message().startsWith("deadlock") ? "" : "deadlock: ") + o.message());
                return ExitCode.DEADLOCK;
            case BUDGET_EXHAUSTED:
                err.println("reprise " + command + ": instruction budget exhausted: " + o.message());
                return ExitCode.BUDGET_EXHAUSTED;
            default:
                err.println("reprise " + command + ": schedule diverged: " + o.message());
                return ExitCode.DIVERGED;
        }
    }
}
