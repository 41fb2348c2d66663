package dev.reprise.cli;

import dev.reprise.reduce.UnsupportedTraceException;
import dev.reprise.replay.ReplayException;
import dev.reprise.replay.verify.Expectation;
import dev.reprise.replay.verify.Verifier;
import dev.reprise.replay.verify.VerifyReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise verify}: proves a replay module faithful to a recording, or shows where it departs. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify that a replay module is faithful to the recording.",
                "REPLAY.wasm is faithful when:",
                "1. its reprise.replay section names this module and trace, and regenerating it "
                + "from them gives the same bytes;",
                "2. the replay of the module instrumented as it was recorded, run under a "
                + "recorder, produces the trace's events (calls, returns and their values, "
                + "host-changed reads, growth, table and global changes, output and memory "
                + "digests; for a reduced or Wasm-R3 trace, what it keeps); a trace recorded "
                + "under node is re-recorded under node by the JavaScript recorder, any other "
                + "under reprise's runtime (--rerecord-under);",
                "3. REPLAY.wasm itself, under reprise's runtime and node, ends with the "
                + "recorded final memories.",
                "A two-module replay (reprise replay --two-modules: REPLAY.wasm imports from "
                + "reprise.replay) is verified with its REPLAY.replay-module.wasm beside it (or "
                + "--replay-module FILE): both files must regenerate byte for byte, and the "
                + "linked pair must end with the recorded final memories.",
                "Prints 'verified: ...' and exits 0, or the first divergence (event index, "
                + "expected and actual events as JSON Lines, events before it) and exits 1."})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "APP.wasm", description = "the module that was recorded")
    Path module;

    @Parameters(index = "1", paramLabel = "REPLAY.wasm", description = "the replay module made by reprise replay")
    Path replay;

    @Parameters(index = "2", paramLabel = "RUN.trace|RUN.reduced|reference.r3",
            description = "the recording the replay was made from")
    Path trace;

    @Option(names = "--node", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"also run REPLAY.wasm under node when it is on the PATH (default; "
                    + "--no-node: reprise's runtime only, also for step 2)"})
    boolean node;

    @Option(names = "--replay-module", paramLabel = "FILE",
            description = "the replay module (R) of a two-module replay (default: REPLAY.replay-module.wasm beside REPLAY.wasm)")
    Path replayModule;

    @Option(names = "--rerecord-under", paramLabel = "auto|runtime|node", defaultValue = "auto",
            description = {"where step 2 runs: auto (default: node for a trace recorded under node, "
                    + "when this node can run the replay; else reprise's runtime), runtime, or "
                    + "node (shadow or full mode, single-threaded; shadow mode needs node 24)"})
    String rerecordUnder;

    @Option(names = "--node-exe", paramLabel = "PATH",
            description = "the node executable (default: $REPRISE_NODE, else -Dreprise.node, else node on the PATH)")
    String nodeExe;

    /** Whether {@code wasm} is the target (T') of a two-module replay: it imports from the replay module. */
    private static boolean importsFromReplayModule(byte[] wasm) {
        try {
            return new dev.reprise.wasm.ModuleReader(wasm).summary().imports().stream()
                    .anyMatch(i -> i.module().equals(dev.reprise.replay.ReplayGenerator.TWO_MODULE_IMPORTS));
        } catch (RuntimeException e) {
            return false; // not readable: verify reports it with its offset
        }
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        byte[] app = Files2.read(module);
        byte[] replayBytes = Files2.read(replay);
        VerifyReport report;
        try {
            Expectation expected = TraceInputs.expectation(trace, app, "verify");
            if (nodeExe != null && !node) {
                throw new UserError(ExitCode.USAGE, "--node-exe contradicts --no-node");
            }
            Verifier.Rerecorder rerecorder = switch (rerecordUnder) {
                case "auto" -> node ? Verifier.Rerecorder.AUTO : Verifier.Rerecorder.RUNTIME;
                case "runtime" -> Verifier.Rerecorder.RUNTIME;
                case "node" -> Verifier.Rerecorder.NODE;
                default -> throw new UserError(ExitCode.USAGE, "--rerecord-under " + rerecordUnder
                        + ": expected auto, runtime or node");
            };
            if (rerecorder == Verifier.Rerecorder.NODE && !node) {
                throw new UserError(ExitCode.USAGE, "--rerecord-under node contradicts --no-node");
            }
            Verifier verifier = (nodeExe != null ? new Verifier(nodeExe) : new Verifier(node)).rerecordingUnder(rerecorder);
            Path partner = replayModule != null ? replayModule : ReplayCommand.replayModulePath(replay);
            if (replayModule != null || importsFromReplayModule(replayBytes)) {
                if (!java.nio.file.Files.isRegularFile(partner)) {
                    throw new UserError(ExitCode.NO_INPUT, replay + " is the target of a two-module replay (it imports from "
                            + dev.reprise.replay.ReplayGenerator.TWO_MODULE_IMPORTS + "), but its replay module " + partner
                            + " is missing (give it with --replay-module FILE)");
                }
                report = verifier.verifyTwoModules(app, replayBytes, Files2.read(partner), expected);
            } else {
                report = verifier.verify(app, replayBytes, expected);
            }
        } catch (UnsupportedTraceException e) {
            throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
        } catch (ReplayException e) {
            throw new UserError(ExitCode.BAD_INPUT, replay + ": " + e.getMessage());
        }
        System.out.print(report.format());
        System.err.printf("reprise verify: %s in %d ms%n", report.faithful() ? "faithful" : "not faithful",
                (System.nanoTime() - start) / 1_000_000);
        return report.faithful() ? ExitCode.OK : ExitCode.FOUND;
    }
}
