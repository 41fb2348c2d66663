package dev.reprise.benchmarks.command;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.cli.Main;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The bench and corpus commands' help is written as paragraphs (as cli's HelpTextTest checks for
 * cli's commands): an element that ends mid-sentence, followed by one in lower case, was split
 * by hand and comes out ragged once picocli wraps it.
 */
class HelpParagraphsTest {
    @Test
    void benchAndCorpusDescriptionsAreParagraphs() {
        List<String> broken = new ArrayList<>();
        for (String name : List.of("bench", "corpus")) {
            collect(Main.commandLine().getSubcommands().get(name).getCommandSpec(), broken);
        }
        assertTrue(broken.isEmpty(), "join these into one paragraph each:\n" + String.join("\n", broken));
    }

    private static void collect(CommandSpec spec, List<String> broken) {
        List<String[]> descriptions = new ArrayList<>();
        descriptions.add(spec.usageMessage().description());
        for (ArgSpec arg : spec.args()) {
            descriptions.add(arg.description());
        }
        for (String[] d : descriptions) {
            for (int i = 1; i < d.length; i++) {
                if (!d[i - 1].matches("(?s).*[.:;]\\s*") && d[i].matches("(?s)[a-z(']" + ".*")) {
                    broken.add(spec.qualifiedName() + ": \"" + d[i - 1] + "\" | \"" + d[i] + "\"");
                }
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            collect(sub.getCommandSpec(), broken);
        }
    }
}
