package dev.reprise.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;

/** Loads committed fixtures and cached third-party binaries; instantiates with stand-in hosts. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " not found");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instance instantiate(byte[] module) {
        ImportValues imports = SchedulerStandIn.addTo(ImportValues.builder()).build();
        return Instance.builder(Parser.parse(module)).withImportValues(imports).build();
    }

    static List<Path> thirdParty() {
        String env = System.getenv("REPRISE_CACHE");
        Path dir = Paths.get(env != null ? env : System.getProperty("reprise.cache", System.getProperty("user.home") + "/.cache/reprise"))
                .resolve("corpus");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wasm")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null when wasm-validate accepts the module or is not installed, else its complaint. */
    static String validate(byte[] module) {
        try {
            Path tmp = Files.createTempFile("reprise-pass", ".wasm");
            try {
                Files.write(tmp, module);
                Process p = new ProcessBuilder("wasm-validate", "--enable-all", tmp.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                p.waitFor(120, TimeUnit.SECONDS);
                return p.exitValue() == 0 ? null : out.lines().findFirst().orElse("invalid");
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            return null; // wabt not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
