package dev.reprise.cli;

import dev.reprise.transform.Pass;
import dev.reprise.transform.Passes;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise rewrite}: reads a module and writes it again, through the passes asked for. */
@Command(name = "rewrite", mixinStandardHelpOptions = true,
        description = {"Read a module and write it again.",
                "Unchanged sections and function bodies are copied byte for byte "
                + "(copy-through); --reencode decodes and encodes everything instead."})
final class RewriteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN.wasm", description = "the module to read")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.wasm", description = "where to write the result")
    Path output;

    @Option(names = "--reencode", description = "turn copy-through off: decode every body and encode it again")
    boolean reencode;

    @Option(names = "--pass", paramLabel = "NAME", description = {"apply a pass (repeatable, in order):",
            "  atomics     atomic wait/notify -> scheduler calls",
            "  preempt     preemption points (entries, loops)",
            "  instrument  recording hooks (shadow mode)"})
    java.util.List<String> passes = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        byte[] bytes = Files2.read(input);
        int original = bytes.length;
        long start = System.nanoTime();
        for (String name : passes) {
            Pass pass = Passes.byName(name);
            if (pass == null) {
                throw new UserError(ExitCode.USAGE, "unknown pass '" + name + "' (known: " + String.join(", ", Passes.describe().keySet()) + ")");
            }
            bytes = pass.apply(bytes);
        }
        ModuleReader reader = new ModuleReader(bytes);
        ModuleWriter writer = reencode ? new ModuleWriter() : new ModuleWriter(reader);
        reader.accept(writer);
        byte[] out = writer.toByteArray();
        Files2.writeAtomically(output, out);
        System.err.printf("reprise rewrite: wrote %s (%,d bytes from %,d, %s) in %d ms%n", output, out.length, original,
                reencode ? "re-encoded" : passes.isEmpty() ? "copy-through" : "passes " + String.join(",", passes),
                (System.nanoTime() - start) / 1_000_000);
        return ExitCode.OK;
    }
}
