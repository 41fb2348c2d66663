package dev.reprise.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs wabt's {@code wasm-validate --enable-all} when it is installed (tests skip that check otherwise). */
final class Wabt {
    private static final boolean AVAILABLE = probe();

    private Wabt() {
    }

    private static boolean probe() {
        try {
            Process p = new ProcessBuilder("wasm-validate", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** Null when valid, else wasm-validate's first line of complaint. */
    static String validate(byte[] module) {
        try {
            Path tmp = Files.createTempFile("reprise-test", ".wasm");
            try {
                Files.write(tmp, module);
                Process p = new ProcessBuilder("wasm-validate", "--enable-all", tmp.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "wasm-validate timed out";
                }
                return p.exitValue() == 0 ? null : out.lines().findFirst().orElse("exit " + p.exitValue());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | InterruptedException e) {
            return "could not run wasm-validate: " + e;
        }
    }
}
