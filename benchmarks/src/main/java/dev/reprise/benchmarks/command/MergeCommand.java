package dev.reprise.benchmarks.command;

import dev.reprise.benchmarks.bench.BenchResults;
import dev.reprise.benchmarks.report.ReportWriter;
import dev.reprise.cli.ExitCode;
import dev.reprise.cli.UserError;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise bench merge}: one report from the results of several runs (e.g. shards). */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine the results of several bench runs (e.g. shards) into one report.",
                "Keeps every run's metadata and the programs in manifest order, and recomputes "
                + "the headline figures. A program present in two inputs is an error."},
        footerHeading = "%nExit status:%n",
        footer = {"  0    the report was written", "  64   bad usage", "  65   an input is not a bench results file, or two inputs hold the same program",
                "  66   an input cannot be read", "  73   the report cannot be written"})
final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "report folders (or results.json files)")
    List<Path> inputs;

    @Option(names = "--report", required = true, paramLabel = "OUT", description = "where the merged report goes")
    Path report;

    @Override
    public Integer call() {
        List<BenchResults> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path in : inputs) {
            try {
                parts.add(BenchResults.read(in));
            } catch (UncheckedIOException e) {
                throw new UserError(ExitCode.NO_INPUT, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.BAD_INPUT, e.getMessage());
            }
            names.add(in.toString());
        }
        BenchResults merged;
        try {
            merged = BenchResults.merge(parts, names);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage());
        }
        BenchCommand.createDirectories(report);
        ReportWriter.write(report, merged);
        System.out.print(ReportWriter.headline(merged));
        System.out.println("report: " + report.resolve("index.html") + " (data: " + report.resolve(BenchResults.FILE) + ")");
        return ExitCode.OK;
    }
}
