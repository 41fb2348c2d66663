package dev.reprise.cli;

import dev.reprise.reduce.ReducedTraceCodec;
import dev.reprise.reduce.Reducer;
import dev.reprise.reduce.UnsupportedTraceException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise reduce}: keeps only the host effects replay needs, bundled per import call. */
@Command(name = "reduce", mixinStandardHelpOptions = true,
        description = {"Reduce a trace to the host's effects per import call.",
                "Values the host changed become stores at the latest point the host had control "
                + "before the read; values the module wrote itself are dropped; contiguous bytes "
                + "merge into runs; identical consecutive calls of an import are run-length "
                + "encoded.",
                "The trace is streamed: memory follows the module's memories and the reduced "
                + "trace, not the number of events."})
final class ReduceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN.trace", description = "the trace (binary or JSON Lines)")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "RUN.reduced", description = "where to write the reduced trace")
    Path output;

    @Option(names = "--no-merge", description = "keep one store per byte (for comparison, as Wasm-R3 replays)")
    boolean noMerge;

    @Option(names = "--no-shadow", description = "keep every value read, even those the module already knew (for comparison)")
    boolean noShadow;

    @Option(names = "--stats", description = "print events and bytes before and after, per kind")
    boolean stats;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        Reducer.Result r;
        try {
            r = TraceInputs.reduce(new Reducer().merge(!noMerge).shadow(!noShadow), input, TraceInputs.source(input, "reduce"), null);
        } catch (UnsupportedTraceException e) {
            throw new UserError(ExitCode.BAD_INPUT, input + ": " + e.getMessage());
        }
        Files2.writeAtomically(output, out -> ReducedTraceCodec.write(r.trace(), out));
        long size = size(output);
        if (stats) {
            System.out.print(r.stats().format());
        }
        System.err.printf("reprise reduce: wrote %s (%,d bytes; events %d -> %d) in %d ms%n", output, size,
                r.stats().eventsBefore(), r.stats().eventsAfter(), (System.nanoTime() - start) / 1_000_000);
        return ExitCode.OK;
    }

    private static long size(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            throw new UserError(ExitCode.CANNOT_WRITE, file + ": cannot read back: " + e.getMessage());
        }
    }
}
