package dev.reprise.cli;

import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise instrument}: adds the recording hooks ({@code reprise_rec} imports) to a module. */
@Command(name = "instrument", mixinStandardHelpOptions = true,
        description = {"Instrument a module for recording.",
                "The result imports hooks from module 'reprise_rec' that report every host call "
                + "into an export, every import call (arguments and all results, floats as raw "
                + "bits), and the values the module reads that the host may have changed. By "
                + "default (--mode shadow) a shadow memory keeps what the module wrote itself, so "
                + "only reads of host-changed values are reported; --mode full (--full) reports "
                + "every read; --mode host adds only the boundary hooks (calls, values, start "
                + "function), for a recorder that sees the host's memory writes itself (as "
                + "'reprise record' does)."})
final class InstrumentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "APP.wasm", description = "the module to instrument")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "APP.rec.wasm", description = "where to write the instrumented module")
    Path output;

    @Option(names = "--mode", paramLabel = "shadow|full|host", description = "shadow (default), full or host")
    String mode;

    @Option(names = "--full", description = "same as --mode full: report every read (loads, copy sources, globals)")
    boolean full;

    @Option(names = "--table-functions", description = {"also report calls of functions the host takes from the module's"
            + " tables (JavaScript glue: embind, dynCall, wasm-bindgen closures; what 'reprise record --node' does):",
            "each gets an export reprise_rec.table_function.N that the JavaScript recorder hands out for table.get"})
    boolean tableFunctions;

    @Option(names = "--shadow-exports", description = {"shadow mode: also export each shadow memory as"
            + " reprise_rec.shadow_memory.M, so that the JavaScript recorder writes the final state at the end"
            + " (host writes never read, memory digests; what 'reprise record --node' does)"})
    boolean shadowExports;

    @Override
    public Integer call() {
        RecordingMode m = RecordingModes.of(mode, full, RecordingMode.SHADOW);
        byte[] bytes = Files2.read(input);
        long start = System.nanoTime();
        RecordingInstrumentation instrumentation = new RecordingInstrumentation(m);
        if (tableFunctions) {
            instrumentation.exposingTableFunctions();
        }
        if (shadowExports) {
            instrumentation.exposingShadowMemories();
        }
        byte[] out = instrumentation.apply(bytes);
        long ms = (System.nanoTime() - start) / 1_000_000;
        Files2.writeAtomically(output, out);
        System.err.printf("reprise instrument: wrote %s (%,d bytes from %,d, +%.1f%%, %s mode) in %d ms%n", output, out.length,
                bytes.length, 100.0 * (out.length - bytes.length) / bytes.length, m.text(), ms);
        return ExitCode.OK;
    }
}
