package dev.reprise.cli.spi;

import dev.reprise.cli.ExitCode;
import dev.reprise.cli.UserError;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** A provider registered for the cli tests only (src/test/resources/META-INF/services). */
public final class SpiTestCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new Echo());
    }

    @Override
    public List<String> exitStatusNotes() {
        return List.of("  `reprise spi-echo` exits 65 on the word 'bad'.");
    }

    /** Prints its word; 'bad' is a user error. */
    @Command(name = "spi-echo", description = "Echo a word (a test command added through the SPI).")
    static final class Echo implements Callable<Integer> {
        @Parameters(index = "0")
        String word;

        @Override
        public Integer call() {
            if (word.equals("bad")) {
                throw new UserError(ExitCode.BAD_INPUT, "bad word");
            }
            System.out.println(word);
            return ExitCode.OK;
        }
    }
}
