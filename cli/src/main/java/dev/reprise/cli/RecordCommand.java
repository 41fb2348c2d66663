package dev.reprise.cli;

import dev.reprise.record.host.WasiRecorder;
import dev.reprise.runtime.MalformedModuleException;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.runtime.UnlinkableModuleException;
import dev.reprise.wasm.WasmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise record}: runs a WASI program and records every host interaction. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run a WASI program and record how it talks to its host.",
                "The program is instrumented (see 'reprise instrument'), run deterministically with the run options,",
                "and every export and import call, result, host write, output digest and scheduling decision",
                "is written to a trace (binary; 'reprise trace' shows and converts it). The guest's output and exit",
                "status are its own, as with 'reprise run'.",
                "Modes: host (default) instruments only the module's boundary and sees the bytes the WASI host writes",
                "in the sandbox's own memory objects (fastest); shadow keeps a second memory inside the module and",
                "reports reads of host-changed values (what an engine reprise cannot intercept needs); full reports",
                "every read."})
final class RecordCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "APP.wasm", description = "the program")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "guest arguments (after --)")
    List<String> args = new ArrayList<>();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "run.trace", description = "where to write the trace")
    Path output;

    @Option(names = "--mode", paramLabel = "host|shadow|full",
            description = "where host changes are found: host (default), shadow or full")
    String mode;

    @Option(names = "--full", description = "same as --mode full: record every read (for comparison)")
    boolean full;

    @Mixin
    RunOptionsMixin options;

    @Override
    public Integer call() throws IOException {
        byte[] bytes = Files2.read(program);
        if (output.toAbsolutePath().getParent() != null && !Files.isDirectory(output.toAbsolutePath().getParent())) {
            throw new UserError(ExitCode.CANNOT_WRITE, output + ": the folder does not exist");
        }
        RecordingMode recordingMode = RecordingModes.of(mode, full, RecordingMode.HOST);
        var builder = options.toBuilder(args);
        long start = System.nanoTime();
        try {
            WasiRecorder.RecordResult r = WasiRecorder.record(bytes, program.getFileName().toString(), builder.build(), output, recordingMode);
            System.out.flush();
            System.err.printf("reprise record: %,d events to %s in %d ms%n", r.events(), output, (System.nanoTime() - start) / 1_000_000);
            return RunCommand.report(r.outcome(), "record");
        } catch (MalformedModuleException | WasmException e) {
            throw new UserError(ExitCode.BAD_INPUT, program + ": " + e.getMessage());
        } catch (UnlinkableModuleException e) {
            throw new UserError(ExitCode.UNLINKABLE, program + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError(ExitCode.CANNOT_WRITE, e.getMessage());
        } finally {
            options.closeLog();
        }
    }
}
