package dev.reprise.cli.spi;

import java.util.List;

/**
 * Adds subcommands to {@code reprise} from modules that sit below {@code cli} in the module
 * table (they may depend on cli; cli never depends on them). {@code Main} finds providers with
 * {@link java.util.ServiceLoader}: a module lists its implementation in
 * {@code META-INF/services/dev.reprise.cli.spi.CommandProvider}, and the shaded jar that
 * {@code ./reprise} runs merges those files, so its {@code --help} lists the extra commands.
 *
 * <pre>{@code
 * public final class BenchCommands implements CommandProvider {
 *     public List<Object> commands() { return List.of(new BenchCommand(), new CorpusCommand()); }
 * }
 * }</pre>
 *
 * Commands signal errors the way cli's own do: a {@link dev.reprise.cli.UserError} with an
 * {@link dev.reprise.cli.ExitCode} becomes one line on stderr and that exit status.
 */
public interface CommandProvider {
    /** Picocli command objects (classes annotated with {@code @Command}) to add as subcommands. */
    List<Object> commands();

    /** Lines added to the exit-status footer of {@code reprise --help} (e.g. what status 1 means for a command). */
    default List<String> exitStatusNotes() {
        return List.of();
    }
}
