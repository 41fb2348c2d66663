package dev.reprise.cli;

import dev.reprise.wasm.Feature;
import dev.reprise.wasm.FeatureScanner;
import dev.reprise.wasm.ModulePrinter;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleVisitor;
import dev.reprise.wasm.NameSection;
import dev.reprise.wasm.SectionInfo;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise dump}: prints a module as text, or a summary of its sections and features. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print a module as readable text.",
                "Sections, imports and exports, and each function's instructions with their "
                + "immediates, one per line, nested by block depth. --summary prints sizes, "
                + "counts and features instead."})
final class DumpCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.wasm", description = "the module to print")
    Path file;

    @Option(names = "--summary", description = "print counts per section and the features used instead of the code")
    boolean summary;

    @Override
    public Integer call() {
        byte[] bytes = Files2.read(file);
        ModuleReader reader = new ModuleReader(bytes);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        if (summary) {
            printSummary(reader, out);
        } else {
            ModulePrinter printer = new ModulePrinter(out);
            printer.useNames(findNames(reader));
            reader.accept(printer);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static NameSection findNames(ModuleReader reader) {
        NameSection[] found = new NameSection[1];
        reader.accept(new ModuleVisitor() {
            @Override
            public void visitNameSection(NameSection names) {
                found[0] = names;
            }
        });
        return found[0];
    }

    private void printSummary(ModuleReader reader, PrintWriter out) {
        ModuleSummary s = reader.summary();
        FeatureScanner scanner = new FeatureScanner();
        reader.accept(scanner);
        out.printf("%s: %,d bytes%n", file, reader.bytes().length);
        out.println("sections:");
        for (SectionInfo info : reader.sections()) {
            String name = info.customName() != null ? "custom \"" + info.customName() + "\"" : info.id().name().toLowerCase();
            out.printf("  %-28s %,12d bytes  at 0x%x%n", name, info.payloadSize(), info.offset());
        }
        out.println("counts:");
        out.printf("  types %d, imports %d (functions %d, tables %d, memories %d, globals %d, tags %d)%n", s.types().size(),
                s.imports().size(), s.importedFunctions(), s.importedTables(), s.importedMemories(), s.importedGlobals(), s.importedTags());
        out.printf("  functions %d defined, tables %d, memories %d, globals %d, tags %d, exports %d, elements %d, data %d%n",
                s.functionCount() - s.importedFunctions(), s.tables().size() - s.importedTables(),
                s.memories().size() - s.importedMemories(), s.globals().size() - s.importedGlobals(),
                s.tags().size() - s.importedTags(), s.exports().size(), s.elementCount(), s.dataCount());
        out.printf("  instructions %,d%n", scanner.instructions());
        Map<String, Long> byModule = s.imports().stream().collect(Collectors.groupingBy(i -> i.module(), java.util.TreeMap::new, Collectors.counting()));
        out.println("import modules: " + (byModule.isEmpty() ? "none" : byModule));
        out.println("features: " + (scanner.features().isEmpty() ? "MVP only"
                : scanner.features().stream().map(Feature::text).collect(Collectors.joining(", "))));
        out.println("most used opcodes:");
        scanner.opcodeCounts().entrySet().stream().sorted(Map.Entry.<dev.reprise.wasm.Opcode, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> out.printf("  %-24s %,d%n", e.getKey().text(), e.getValue()));
    }

}
