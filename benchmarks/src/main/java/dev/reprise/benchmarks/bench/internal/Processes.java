package dev.reprise.benchmarks.bench.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a child process with a timeout, capturing its output; stdin comes from a file or is empty. */
public final class Processes {
    private Processes() {
    }

    /** How a process ended: exit code (-1 on timeout), stdout, the end of stderr, wall time. */
    public record Outcome(int exitCode, byte[] stdout, String stderrTail, Duration elapsed, boolean timedOut) {
        /** The last line of stderr, or a note on the timeout, for one-line error messages. */
        public String why() {
            if (timedOut) {
                return "timed out after " + elapsed.toSeconds() + " s";
            }
            String tail = stderrTail.strip();
            int nl = tail.lastIndexOf('\n');
            String last = nl < 0 ? tail : tail.substring(nl + 1);
            return "exit code " + exitCode + (last.isEmpty() ? "" : ": " + last);
        }
    }

    /** Runs {@code command} in {@code dir} with extra environment variables; kills it after {@code timeout}. */
    public static Outcome run(List<String> command, Path dir, Map<String, String> env, Path stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(nullFile()) : ProcessBuilder.Redirect.from(stdin.toFile()));
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Drain out = new Drain(p.getInputStream(), Integer.MAX_VALUE);
        Drain err = new Drain(p.getErrorStream(), 4096);
        out.start();
        err.start();
        boolean done;
        try {
            done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            out.join(10_000);
            err.join(10_000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command.get(0), e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Outcome(done ? p.exitValue() : -1, out.bytes(), err.text(), elapsed, !done);
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Reads a stream to its end, keeping everything or only the last {@code keep} bytes. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final int keep;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private byte[] tail = new byte[0];

        Drain(InputStream in, int keep) {
            this.in = in;
            this.keep = keep;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] b = new byte[8192];
            try (in) {
                for (int n; (n = in.read(b)) > 0; ) {
                    buf.write(b, 0, n);
                    if (buf.size() > 2 * keep && keep < Integer.MAX_VALUE / 2) {
                        byte[] all = buf.toByteArray();
                        buf.reset();
                        buf.write(all, all.length - keep, keep);
                    }
                }
            } catch (IOException ignored) {
                // the process died: keep what was read
            }
            byte[] all = buf.toByteArray();
            tail = all.length > keep ? java.util.Arrays.copyOfRange(all, all.length - keep, all.length) : all;
        }

        byte[] bytes() {
            return tail;
        }

        String text() {
            return new String(tail, StandardCharsets.UTF_8);
        }
    }
}
