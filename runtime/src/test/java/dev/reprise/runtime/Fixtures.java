package dev.reprise.runtime;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of committed test fixtures under {@code src/test/resources/fixtures}. */
public final class Fixtures {
    private Fixtures() {}

    public static Path path(String name) {
        try {
            var url = Fixtures.class.getResource("/fixtures/" + name);
            if (url == null) {
                throw new IllegalStateException("missing test fixture " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad fixture path " + name, e);
        }
    }

    /** True when golden files should be rewritten ({@code -Dreprise.regenerate=true}). */
    public static boolean regenerate() {
        return Boolean.getBoolean("reprise.regenerate");
    }
}
