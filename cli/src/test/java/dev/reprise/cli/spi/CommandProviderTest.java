package dev.reprise.cli.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.cli.ExitCode;
import dev.reprise.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subcommands added through {@link CommandProvider}: listed before help, with cli's error handling. */
class CommandProviderTest {
    private static synchronized String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int code = Main.run(args);
            return new String[] {Integer.toString(code), out.toString(), err.toString()};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void providedCommandsAreListedBeforeHelpWithTheirExitNotes() {
        List<String> names = List.copyOf(Main.commandLine().getSubcommands().keySet());
        assertEquals("help", names.get(names.size() - 1), names.toString());
        assertTrue(names.contains("spi-echo") && names.contains("run"), names.toString());
        String help = run("--help")[1];
        assertTrue(help.contains("spi-echo") && help.contains("exits 65 on the word 'bad'"), help);
    }

    @Test
    void providedCommandsRunWithCliErrorHandling() {
        String[] ok = run("spi-echo", "hi");
        assertEquals("0", ok[0]);
        assertEquals("hi", ok[1].strip());
        String[] bad = run("spi-echo", "bad");
        assertEquals(Integer.toString(ExitCode.BAD_INPUT), bad[0]);
        assertEquals("reprise spi-echo: bad word", bad[2].strip());
    }
}
