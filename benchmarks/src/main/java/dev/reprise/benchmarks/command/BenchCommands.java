package dev.reprise.benchmarks.command;

import dev.reprise.cli.spi.CommandProvider;
import java.util.List;

/** Adds {@code reprise bench} and {@code reprise corpus} to the command line (listed in META-INF/services). */
public final class BenchCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new BenchCommand(), new CorpusCommand());
    }

    @Override
    public List<String> exitStatusNotes() {
        return List.of("  `reprise bench` exits 1 when a program failed a stage (see the report),",
                "  `reprise corpus fetch` when a download or a checksum check failed.");
    }
}
