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
        description = {"Generate a standalone replay module: the target with every import replaced by a",
                "function that replays the recorded calls, and a driver exported as _start that makes the",
                "host's export calls and traps (unreachable) when a result differs from the recorded one.",
                "The target's own _start export is renamed _start.target. The trace may be a reprise trace,",
                "a reduced trace, or a Wasm-R3 .r3 file. The replay records how it was made (custom section",
                "reprise.replay) for reprise verify.",
                "A run that spawned threads gives a module that keeps the runtime's imports (wasi.thread-spawn,",
                "reprise.*) and carries its schedule: run it with 'reprise run REPLAY.wasm', which replays the",
                "recorded thread interleaving (see the README)."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "APP.wasm", description = "the module that was recorded")
    Path module;

    @Parameters(index = "1", paramLabel = "RUN.trace|RUN.reduced", description = "the recording")
    Path trace;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "REPLAY.wasm", description = "where to write the replay module")
    Path output;

    @Option(names = "--no-check", description = "do not compare export results and import arguments with the recording")
    boolean noCheck;

    @Option(names = "--keep-output", description = {"keep WASI fd_write and proc_exit as imports:",
            "the replay prints what the original printed and",
            "exits with its status (reprise run, any WASI",
            "host); refused when the recording also wrote to",
            "other descriptors"})
    boolean keepOutput;

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
                ReplayOptions.DEFAULTS.callsPerFunction(), !noCheck);
        if (keepOutput) {
            options = options.keeping(ReplayOptions.KEEP_OUTPUT);
        }
        ReplayGenerator.Result r;
        try {
            ReducedTrace reduced = TraceInputs.reduced(trace, wasm);
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
}
