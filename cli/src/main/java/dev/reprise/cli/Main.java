package dev.reprise.cli;

import dev.reprise.cli.spi.CommandProvider;
import dev.reprise.runtime.HostWriteBackException;
import dev.reprise.wasm.InvalidModuleException;
import dev.reprise.wasm.MalformedModuleException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reprise} command: one subcommand class per job. */
@Command(name = "reprise", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Capture and re-run WebAssembly programs.",
                "Rewrite binaries, run them deterministically, record how they talk to their "
                + "host, and replay them standalone."},
        subcommands = {RunCommand.class, CheckCommand.class, RecordCommand.class, TraceCommand.class, DumpCommand.class,
                RewriteCommand.class, InstrumentCommand.class, ReduceCommand.class, ReplayCommand.class, VerifyCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {"  0    success",
                "  1    a check or verification found a failure",
                "  64   bad usage",
                "  65   malformed or invalid module or trace",
                "  66   an input file cannot be read",
                "  70   internal error (a bug in reprise: please report it)",
                "  73   an output file (or a --dir ...:rw folder) cannot be written",
                "  121  unlinkable module",
                "  122  the guest trapped",
                "  123  deadlock: every thread blocked",
                "  124  instruction budget exhausted",
                "  125  a schedule or trace diverged from the program",
                "  `reprise run` otherwise exits with the guest's own exit code."})
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (never throws, never exits). */
    public static int run(String... args) {
        try {
            return commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler: an input too large for the heap lands here
            System.err.println("reprise: out of memory (" + e.getMessage() + "): the input needs more heap than "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; raise it with REPRISE_JAVA_OPTS=-Xmx...");
            return ExitCode.INTERNAL;
        }
    }

    /**
     * The {@code reprise} command line with cli's own subcommands, those of every
     * {@link CommandProvider} on the class path (after them, before {@code help}), and cli's
     * error handling: a {@link UserError} is one line on stderr and its exit code.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        List<String> notes = new ArrayList<>();
        for (CommandProvider provider : ServiceLoader.load(CommandProvider.class, Main.class.getClassLoader())) {
            provider.commands().forEach(cli::addSubcommand);
            notes.addAll(provider.exitStatusNotes());
        }
        // keep 'help' last in the listing
        CommandLine help = cli.getSubcommands().get("help");
        cli.getCommandSpec().removeSubcommand("help");
        cli.addSubcommand("help", help);
        if (!notes.isEmpty()) {
            List<String> footer = new ArrayList<>(List.of(cli.getCommandSpec().usageMessage().footer()));
            footer.addAll(notes);
            cli.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        }
        // descriptions are paragraphs: picocli wraps them to the terminal's width (80 columns when not a terminal)
        cli.setUsageHelpAutoWidth(true);
        cli.setExitCodeExceptionMapper(Main::exitCodeFor);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message(e));
            return exitCodeFor(e);
        });
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("reprise: " + e.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE;
        });
        return cli;
    }

    static String message(Throwable e) {
        if (e instanceof UserError || e instanceof MalformedModuleException || e instanceof InvalidModuleException
                || e instanceof dev.reprise.runtime.MalformedModuleException || e instanceof HostWriteBackException) {
            // one readable line, whatever bytes of a bad input the message quotes
            return e.getMessage().replaceAll("\\p{Cntrl}", "?");
        }
        return "internal error: " + e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : "");
    }

    static int exitCodeFor(Throwable e) {
        if (e instanceof UserError u) {
            return u.exitCode();
        }
        if (e instanceof MalformedModuleException || e instanceof InvalidModuleException
                || e instanceof dev.reprise.runtime.MalformedModuleException) {
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof HostWriteBackException) {
            return ExitCode.CANNOT_WRITE;
        }
        return ExitCode.INTERNAL;
    }

    /** reprise's version, from the jar manifest (the development version when run from classes). */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"reprise " + version(), "Java " + Runtime.version()};
        }
    }
}
