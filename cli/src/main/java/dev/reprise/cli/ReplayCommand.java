package dev.reprise.cli;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.UnsupportedTraceException;
import dev.reprise.replay.ReplayException;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.ReplayOptions;
import dev.reprise.replay.ReplaySchedule;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise replay}: one standalone module that re-runs the recorded run with no host. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Generate a standalone replay module from a recording.",
                "The replay is the target with every import replaced by a function that replays "
                + "the recorded calls, and a driver exported as _start that makes the host's "
                + "export calls and traps (unreachable) when a result or an argument differs from "
                + "the recorded one.",
                "The target's own _start export is renamed _start.target. The trace may be a "
                + "reprise trace, a reduced trace, or a Wasm-R3 .r3 file. The replay records how "
                + "it was made (custom section reprise.replay) for reprise verify.",
                "A run that spawned threads gives a module that keeps the runtime's imports "
                + "(wasi.thread-spawn, reprise.*) and carries its schedule: run it with 'reprise "
                + "run REPLAY.wasm', which replays the recorded thread interleaving (see the "
                + "README)."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "APP.wasm", description = "the module that was recorded")
    Path module;

    @Parameters(index = "1", paramLabel = "RUN.trace|RUN.reduced", description = "the recording")
    Path trace;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "REPLAY.wasm", description = "where to write the replay module")
    Path output;

    @Option(names = "--no-check", description = "do not compare export results and import arguments with the recording")
    boolean noCheck;

    @Option(names = "--check-each-call", description = {"check each import call's arguments where it is made, so a replay that strays traps "
            + "at the first wrong call (a bigger, slower replay); by default a digest of each "
            + "import's arguments is checked at its last recorded call"})
    boolean checkEachCall;

    @Option(names = "--keep-output", description = {"keep WASI fd_write and proc_exit as imports: the replay prints what the original printed to stdout"
            + " and stderr and exits with its status (reprise run, any WASI host); writes to files are replayed"})
    boolean keepOutput;

    @Option(names = "--two-modules", description = {"write two modules linked by standard imports instead of one:",
            "REPLAY.wasm (the target, importing its former imports, memories, tables and "
            + "host-set globals from module reprise.replay, exporting _start) and its sibling "
            + "REPLAY.replay-module.wasm (zero imports); run them with 'reprise run --preload "
            + "reprise.replay=REPLAY.replay-module.wasm REPLAY.wasm', or in JS instantiate the "
            + "replay module, then REPLAY.wasm with {'reprise.replay': its exports}"})
    boolean twoModules;

    @Option(names = "--passive-threshold", paramLabel = "BYTES", defaultValue = "32",
            description = "stores of at least this many bytes use memory.init from passive data (default: ${DEFAULT-VALUE})")
    int passiveThreshold;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        byte[] wasm = Files2.read(module);
        if (passiveThreshold < 1) {
            throw new UserError(ExitCode.USAGE, "--passive-threshold must be at least 1");
        }
        ReplayOptions options = new ReplayOptions(passiveThreshold, ReplayOptions.DEFAULTS.runsPerFunction(),
                ReplayOptions.DEFAULTS.callsPerFunction(), !noCheck).checkingEachCall(checkEachCall);
        if (keepOutput) {
            options = options.keeping(ReplayOptions.KEEP_OUTPUT);
        }
        if (twoModules && keepOutput) {
            throw new UserError(ExitCode.USAGE, "--two-modules cannot be combined with --keep-output: the replay module has no imports");
        }
        if (twoModules) {
            return twoModules(wasm, options, start);
        }
        ReplayGenerator.Result r;
        try {
            ReducedTrace reduced = TraceInputs.reduced(trace, wasm, "replay");
            r = new ReplayGenerator(options).generate(wasm, reduced);
        } catch (UnsupportedTraceException | ReplayException e) {
            throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
        }
        Files2.writeAtomically(output, r.wasm());
        if (ReplaySchedule.read(r.wasm()) != null) {
            System.err.println("reprise replay: multi-threaded: run it with 'reprise run " + output
                    + "' (it carries its schedule)");
        }
        System.err.printf("reprise replay: wrote %s (%,d bytes from %,d; %d functions and %d data segments added)"
                + " in %d ms%n", output, r.wasm().length, wasm.length, r.functionsAdded(), r.dataSegmentsAdded(),
                (System.nanoTime() - start) / 1_000_000);
        return ExitCode.OK;
    }

    /** The sibling of {@code replay} that holds the replay module: {@code X.wasm} -> {@code X.replay-module.wasm}. */
    static Path replayModulePath(Path replay) {
        String name = replay.getFileName().toString();
        String base = name.endsWith(".wasm") ? name.substring(0, name.length() - 5) : name;
        return replay.resolveSibling(base + ".replay-module.wasm");
    }

    private int twoModules(byte[] wasm, ReplayOptions options, long start) {
        ReplayGenerator.TwoModules r;
        try {
            ReducedTrace reduced = TraceInputs.reduced(trace, wasm, "replay");
            r = new ReplayGenerator(options).generateTwoModules(wasm, reduced);
        } catch (UnsupportedTraceException | ReplayException e) {
            throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
        }
        Path module = replayModulePath(output);
        Files2.writeAtomically(module, r.replayModule());
        Files2.writeAtomically(output, r.target());
        System.err.printf("reprise replay: wrote %s (%,d bytes) and %s (%,d bytes; %d functions and %d data segments)"
                + " in %d ms; run: reprise run --preload reprise.replay=%s %s%n", output, r.target().length, module,
                r.replayModule().length, r.functionsAdded(), r.dataSegmentsAdded(), (System.nanoTime() - start) / 1_000_000,
                module, output);
        return ExitCode.OK;
    }
}
