package dev.reprise.cli;

import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.EventKind;
import dev.reprise.record.trace.TraceConverter;
import dev.reprise.record.trace.TraceFormat;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.record.trace.TraceStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise trace}: shows, summarises and converts traces. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Show, summarise and convert traces.",
                "Traces are binary (the default, compact and streamed) or JSON Lines (for reading and diffing);",
                "every subcommand reads both."},
        subcommands = {TraceCommand.Show.class, TraceCommand.Stats.class, TraceCommand.Convert.class, TraceCommand.Import.class})
final class TraceCommand {
    private TraceCommand() {
    }

    /** The form of a trace already in memory, or null when it is neither. */
    static TraceFormat formatOf(byte[] bytes) {
        return TraceFormat.detect(java.util.Arrays.copyOf(bytes, Math.min(16, bytes.length)));
    }

    static byte[] read(Path trace) {
        byte[] bytes = Files2.read(trace);
        if (formatOf(bytes) == null) {
            throw new UserError(ExitCode.BAD_INPUT, trace + ": not a reprise trace (neither binary nor JSON Lines) (at offset 0x0)");
        }
        return bytes;
    }

    static byte[] toJsonLines(Path trace, byte[] bytes) {
        if (formatOf(bytes) == TraceFormat.JSON_LINES) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceConverter.binaryToJsonLines(new ByteArrayInputStream(bytes), out);
        } catch (BadTraceException e) {
            throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** {@code reprise trace show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a trace as JSON Lines, one event per line.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE")
        Path trace;

        @Override
        public Integer call() {
            byte[] text = toJsonLines(trace, read(trace));
            System.out.write(text, 0, text.length);
            System.out.flush();
            return ExitCode.OK;
        }
    }

    /** {@code reprise trace stats}. */
    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Count events and bytes per event kind.")
    static final class Stats implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE")
        Path trace;

        @Override
        public Integer call() {
            byte[] bytes = read(trace);
            byte[] binary = bytes;
            if (formatOf(bytes) == TraceFormat.JSON_LINES) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                TraceConverter.jsonLinesToBinary(new ByteArrayInputStream(bytes), out);
                binary = out.toByteArray();
            }
            TraceStats s;
            try {
                s = TraceStats.of(TraceReader.open(binary));
            } catch (BadTraceException e) {
                throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
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
            byte[] bytes = read(trace);
            byte[] out;
            try {
                if (to.equals("jsonl")) {
                    out = toJsonLines(trace, bytes);
                } else if (to.equals("binary")) {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    if (formatOf(bytes) == TraceFormat.BINARY) {
                        b.write(bytes, 0, bytes.length);
                    } else {
                        TraceConverter.jsonLinesToBinary(new ByteArrayInputStream(bytes), b);
                    }
                    out = b.toByteArray();
                } else {
                    throw new UserError(ExitCode.USAGE, "--to " + to + ": expected binary or jsonl");
                }
            } catch (BadTraceException e) {
                throw new UserError(ExitCode.BAD_INPUT, trace + ": " + e.getMessage());
            }
            Files2.writeAtomically(output, out);
            return ExitCode.OK;
        }
    }


    /** {@code reprise trace import --from wasm-r3}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import a trace recorded by another tool.",
                    "Wasm-R3 text traces (reference.r3) need the module they were recorded from, for the types of",
                    "arguments, results and globals."})
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE", description = "the foreign trace")
        Path trace;

        @Option(names = "--from", required = true, paramLabel = "wasm-r3", description = "the format (wasm-r3)")
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
