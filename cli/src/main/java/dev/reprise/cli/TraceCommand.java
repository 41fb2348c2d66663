package dev.reprise.cli;

import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.TraceConverter;
import dev.reprise.record.trace.TraceFormat;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.TraceStats;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise trace}: shows, summarises and converts traces. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Show, summarise and convert traces.",
                "Traces are binary (the default, compact and streamed) or JSON Lines (for "
                + "reading and diffing); every subcommand reads both."},
        subcommands = {TraceCommand.Show.class, TraceCommand.Stats.class, TraceCommand.Convert.class, TraceCommand.Import.class})
final class TraceCommand {
    private TraceCommand() {
    }

    /** The form of a trace file, read from its first bytes; neither form is a {@link UserError} (65). */
    static TraceFormat formatOf(Path trace) {
        TraceFormat f = TraceFormat.detect(Files2.readHead(trace, 16));
        if (f == null) {
            throw new UserError(ExitCode.BAD_INPUT, trace + ": not a reprise trace (neither binary nor JSON Lines) (at offset 0x0)");
        }
        return f;
    }

    /** Streams a trace file (never held whole: traces of several GB are common). */
    static InputStream open(Path trace) {
        try {
            return new BufferedInputStream(Files.newInputStream(trace), 1 << 16);
        } catch (IOException e) {
            throw new UserError(ExitCode.NO_INPUT, trace + ": cannot read: " + e.getMessage());
        }
    }

    /** Writes {@code trace} to {@code out} in the form {@code to}, streaming. */
    static void write(Path trace, OutputStream out, TraceFormat to) throws IOException {
        try (InputStream in = open(trace)) {
            if (formatOf(trace) == to) {
                in.transferTo(out);
            } else if (to == TraceFormat.JSON_LINES) {
                TraceConverter.binaryToJsonLines(in, out);
            } else {
                TraceConverter.jsonLinesToBinary(in, out);
            }
        }
    }

    /** {@code reprise trace show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a trace as JSON Lines, one event per line.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE")
        Path trace;

        @Override
        public Integer call() {
            OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
            try {
                write(trace, out, TraceFormat.JSON_LINES);
                out.flush();
            } catch (BadTraceException e) {
                flushQuietly(out);
                throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UserError(ExitCode.NO_INPUT, trace + ": cannot read: " + e.getMessage());
            }
            return ExitCode.OK;
        }
    }

    private static void flushQuietly(OutputStream out) {
        try {
            out.flush(); // the events before the bad one
        } catch (IOException ignored) {
            // stdout is gone: the error message still goes to stderr
        }
    }

    /** {@code reprise trace stats}. */
    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Count events and bytes per event kind.")
    static final class Stats implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE")
        Path trace;

        @Override
        public Integer call() {
            TraceStats s;
            Path binary = null;
            try {
                Path source = trace;
                if (formatOf(trace) == TraceFormat.JSON_LINES) {
                    binary = Files.createTempFile("reprise-stats.", ".trace");
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(binary), 1 << 16)) {
                        write(trace, out, TraceFormat.BINARY);
                    }
                    source = binary;
                }
                try (TraceReader reader = TraceReader.open(source)) {
                    s = TraceStats.of(reader);
                }
            } catch (BadTraceException e) {
                throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UserError(ExitCode.NO_INPUT, trace + ": cannot read: " + e.getMessage());
            } finally {
                if (binary != null) {
                    binary.toFile().delete();
                }
            }
            System.out.printf("%s: %,d events, %,d bytes of events, %s%n", trace, s.totalEvents(), s.eventBytes(),
                    s.complete() ? "complete" : "INCOMPLETE (the recording did not end normally)");
            Map<EventKind, Long> bytesPer = s.bytesPerKind();
            s.eventsPerKind().forEach((k, n) -> System.out.printf("  %-18s %,12d events %,14d bytes%n", k, n, bytesPer.getOrDefault(k, 0L)));
            return ExitCode.OK;
        }
    }

    /** {@code reprise trace convert}. */
    @Command(name = "convert", mixinStandardHelpOptions = true, description = "Convert between the binary and JSON Lines forms.")
    static final class Convert implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE")
        Path trace;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT")
        Path output;

        @Option(names = "--to", required = true, paramLabel = "binary|jsonl", description = "the form to write")
        String to;

        @Override
        public Integer call() {
            if (!to.equals("jsonl") && !to.equals("binary")) {
                throw new UserError(ExitCode.USAGE, "--to " + to + ": expected binary or jsonl");
            }
            formatOf(trace);
            try {
                Files2.writeAtomically(output, out -> write(trace, out,
                        to.equals("jsonl") ? TraceFormat.JSON_LINES : TraceFormat.BINARY));
            } catch (BadTraceException e) {
                throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
            }
            return ExitCode.OK;
        }
    }


    /** {@code reprise trace import --from wasm-r3}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import a trace recorded by another tool.",
                    "Wasm-R3 text traces (reference.r3) need the module they were recorded "
                    + "from, for the types of arguments, results and globals."})
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE", description = "the foreign trace")
        Path trace;

        @Option(names = "--from", defaultValue = "wasm-r3", paramLabel = "wasm-r3",
                description = "the format: wasm-r3 (the default, and the only one so far)")
        String from;

        @Option(names = "--module", required = true, paramLabel = "APP.wasm", description = "the module the trace was recorded from")
        Path module;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "run.trace", description = "the reprise trace to write")
        Path output;

        @Override
        public Integer call() {
            if (!from.equals("wasm-r3")) {
                throw new UserError(ExitCode.USAGE, "--from " + from + ": only wasm-r3 is supported");
            }
            byte[] wasm = Files2.read(module);
            Files2.read(trace); // clear error when missing
            dev.reprise.record.trace.Trace t;
            try {
                t = new dev.reprise.record.trace.WasmR3TraceImporter(dev.reprise.replay.ModuleSignatures.of(wasm)).importTrace(trace, wasm);
            } catch (BadTraceException e) {
                throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (dev.reprise.record.trace.TraceWriter w = dev.reprise.record.trace.TraceWriter.create(out, t.header())) {
                t.events().forEach(w::write);
            }
            Files2.writeAtomically(output, out.toByteArray());
            System.err.printf("reprise trace import: %,d events from %s to %s%n", t.events().size(), trace, output);
            return ExitCode.OK;
        }
    }
}
