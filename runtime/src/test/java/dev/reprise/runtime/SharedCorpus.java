package dev.reprise.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared} (system property {@code reprise.shared}); tests skip when it is absent. */
public final class SharedCorpus {
    private SharedCorpus() {}

    /** The shared folder, or a skipped test with a clear message. */
    public static Path require(String sub) {
        String prop = System.getProperty("reprise.shared");
        Path base = prop == null ? Path.of("..", "..", "shared") : Path.of(prop);
        Path p = base.resolve(sub);
        Assumptions.assumeTrue(Files.isDirectory(p),
                "skipped: shared test data " + p.toAbsolutePath() + " is absent (set -Dreprise.shared=DIR)");
        return p;
    }

    /** The shared folder or null when absent (for argument providers, which cannot skip). */
    public static Path find(String sub) {
        String prop = System.getProperty("reprise.shared");
        Path base = prop == null ? Path.of("..", "..", "shared") : Path.of(prop);
        Path p = base.resolve(sub);
        return Files.isDirectory(p) ? p : null;
    }
}
