package dev.reprise.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every help text is written as paragraphs, which picocli wraps to the terminal: a description
 * split into lines by hand comes out ragged (a long line wrapped, then a short remainder) at any
 * width but the one it was written for.
 */
class HelpTextTest {
    /** A sentence that goes on in the next element: it ends without punctuation, the next starts in lower case. */
    private static final Pattern ENDS_A_LINE = Pattern.compile("[.:;]\\s*$");
    private static final Pattern GOES_ON = Pattern.compile("^[a-z(']");

    /** The hand-broken lines of every description under {@code root}, as "command: element | next element". */
    static List<String> handBrokenLines(CommandLine root) {
        List<String> found = new ArrayList<>();
        collect(root.getCommandSpec(), found);
        return found;
    }

    private static void collect(CommandSpec spec, List<String> found) {
        check(spec.qualifiedName(), spec.usageMessage().description(), found);
        for (ArgSpec arg : spec.args()) {
            check(spec.qualifiedName() + " " + arg.paramLabel(), arg.description(), found);
        }
        for (CommandLine sub : spec.subcommands().values()) {
            collect(sub.getCommandSpec(), found);
        }
    }

    private static void check(String where, String[] description, List<String> found) {
        for (int i = 1; i < description.length; i++) {
            if (!ENDS_A_LINE.matcher(description[i - 1]).find() && GOES_ON.matcher(description[i]).find()) {
                found.add(where + ": \"" + description[i - 1] + "\" | \"" + description[i] + "\"");
            }
        }
    }

    @Test
    void descriptionsAreParagraphsNotHandBrokenLines() {
        List<String> broken = handBrokenLines(Main.commandLine());
        assertTrue(broken.isEmpty(), "join these into one paragraph each:\n" + String.join("\n", broken));
    }

    @Test
    void theRuleFindsAHandBrokenDescription() {
        @CommandLine.Command(name = "x", description = {"Does x.", "The first line of a sentence that", "goes on here."})
        class Broken {
        }
        List<String> broken = handBrokenLines(new CommandLine(new Broken()));
        assertTrue(broken.size() == 1 && broken.get(0).contains("goes on here."), broken.toString());
    }
}
