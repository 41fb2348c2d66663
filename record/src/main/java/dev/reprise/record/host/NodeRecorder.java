package dev.reprise.record.host;

import dev.reprise.record.host.internal.StreamPump;
import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.transform.record.RecordingInstrumentation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records a module under its real JavaScript host on node: instruments it, writes the
 * instrumented module and the recorder runtime ({@value #RUNTIME_FILE}, see
 * {@link #writeRuntime}) to a temporary folder, and runs
 * {@code node --import RUNTIME HOST.mjs APP.rec.wasm HOST_ARGS...} with {@code REPRISE_TRACE}
 * pointing at a temporary trace beside the output, which is renamed into place when node ends.
 * The host script follows the corpus convention: it reads the module from its first argument and
 * instantiates it with its own glue. Node without multi-memory (node 20) gets the {@code full}
 * instrumentation whatever was asked. Node is {@code node} on the PATH unless the environment
 * variable {@code REPRISE_NODE} or the system property {@code reprise.node} names another.
 *
 * <pre>
 * NodeRecorder.Result r = NodeRecorder.record(wasm, "lz4.wasm", Path.of("hosts/lz4.mjs"), List.of("input.txt"),
 *         Path.of("lz4.trace"), true, Duration.ofMinutes(1));
 * </pre>
 */
public final class NodeRecorder {
    /** The file name of the recorder runtime. */
    public static final String RUNTIME_FILE = "reprise-recorder.mjs";
    private static final int TAIL_CHARS = 4096;
    /** {@code (module (memory 0) (memory 0))}: valid only where multi-memory is. */
    private static final String TWO_MEMORIES = "[0,97,115,109,1,0,0,0,5,5,2,0,0,0,0]";
    private static volatile Boolean multiMemory;

    /** What a recording under node gave: node's exit status, the trace's events and size, the time, the end of node's stderr. */
    public record Result(int exitCode, long events, long traceBytes, Duration elapsed, String stderrTail) {
    }

    /** Node could not be started. */
    public static final class NodeMissingException extends IOException {
        private static final long serialVersionUID = 1L;

        NodeMissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The host ended without instantiating the instrumented module (no trace was started). */
    public static final class HostFailedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;
        private final String stderrTail;

        HostFailedException(String message, int exitCode, String stderrTail) {
            super(message);
            this.exitCode = exitCode;
            this.stderrTail = stderrTail;
        }

        /** Node's exit status. */
        public int exitCode() {
            return exitCode;
        }

        /** The last lines node wrote to stderr. */
        public String stderrTail() {
            return stderrTail;
        }
    }

    /** Node did not finish in time and was killed; no trace was written. */
    public static final class TimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        TimeoutException(String message) {
            super(message);
        }
    }

    private NodeRecorder() {
    }

    /** Writes the recorder runtime into {@code dir} (created if needed) and returns its path. */
    public static Path writeRuntime(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(RUNTIME_FILE);
        byte[] bytes;
        try (InputStream in = NodeRecorder.class.getResourceAsStream(RUNTIME_FILE)) {
            if (in == null) {
                throw new IllegalStateException(RUNTIME_FILE + " is missing from the reprise jar");
            }
            bytes = in.readAllBytes();
        }
        Path tmp = Files.createTempFile(dir, "." + RUNTIME_FILE + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /**
     * Instruments {@code module}, runs it under node with {@code hostScript} and writes the trace
     * to {@code traceOut} (atomically: nothing appears there unless node ran the module).
     *
     * @param moduleName the module's file name (the instrumented copy is named after it)
     * @param hostArgs arguments for the host after the module's path
     * @param full report every read; forced when node has no multi-memory
     * @param timeout kill node after this long (null: no limit)
     * @throws NodeMissingException node cannot be started
     * @throws HostFailedException the host ended without instantiating the module
     * @throws TimeoutException node ran longer than {@code timeout}
     */
    public static Result record(byte[] module, String moduleName, Path hostScript, List<String> hostArgs, Path traceOut,
            boolean full, Duration timeout) throws IOException {
        return record(module, moduleName, hostScript, hostArgs, traceOut, full, timeout, Map.of(), System.out, System.err);
    }

    /**
     * As {@link #record(byte[], String, Path, List, Path, boolean, Duration)}, with more variables
     * in node's environment (for example the corpus hosts' {@code REPRISE_CORPUS_DIR}) and node's
     * stdout and stderr copied to the given streams (null: dropped; the stderr tail is kept either way).
     */
    public static Result record(byte[] module, String moduleName, Path hostScript, List<String> hostArgs, Path traceOut,
            boolean full, Duration timeout, Map<String, String> env, OutputStream stdout, OutputStream stderr)
            throws IOException {
        if (!Files.isRegularFile(hostScript)) {
            throw new NoSuchFileException(hostScript.toString(), null, "no such host script");
        }
        boolean reportAll = full || !nodeHasMultiMemory();
        // JavaScript glue calls functions it takes from the module's tables (embind, dynCall,
        // wasm-bindgen closures): they get reporting wrappers, which the recorder hands out
        byte[] instrumented = new RecordingInstrumentation(reportAll).exposingTableFunctions().apply(module);
        Path work = Files.createTempDirectory("reprise-node-");
        Path traceDir = traceOut.toAbsolutePath().getParent();
        Path tmpTrace = Files.createTempFile(traceDir, "." + traceOut.getFileName() + ".", ".tmp");
        try {
            Path runtime = writeRuntime(work);
            Path app = work.resolve(stem(moduleName) + ".rec.wasm");
            Files.write(app, instrumented);
            List<String> command = new ArrayList<>(List.of(nodeExecutable(), "--import", runtime.toUri().toString(),
                    hostScript.toAbsolutePath().toString(), app.toString()));
            command.addAll(hostArgs);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            pb.environment().put("REPRISE_TRACE", tmpTrace.toString());
            long start = System.nanoTime();
            Process p = start(pb);
            p.getOutputStream().close();
            StreamPump out = StreamPump.start(p.getInputStream(), stdout, 0);
            StreamPump err = StreamPump.start(p.getErrorStream(), stderr, TAIL_CHARS);
            boolean finished = waitFor(p, timeout);
            out.join();
            err.join();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!finished) {
                throw new TimeoutException("node did not finish within " + timeout.toMillis() + " ms and was killed");
            }
            int exit = p.exitValue();
            long bytes = Files.size(tmpTrace);
            if (bytes == 0) {
                throw new HostFailedException(hostScript.getFileName() + " exited with status " + exit
                        + " without instantiating the instrumented module" + lastLine(err.tail()), exit, err.tail());
            }
            long events = countEvents(tmpTrace);
            move(tmpTrace, traceOut);
            return new Result(exit, events, bytes, elapsed, err.tail());
        } finally {
            Files.deleteIfExists(tmpTrace);
            deleteTree(work);
        }
    }

    /** Whether this node validates a module with two memories (cached after the first call). */
    public static boolean nodeHasMultiMemory() throws IOException {
        Boolean known = multiMemory;
        if (known == null) {
            ProcessBuilder pb = new ProcessBuilder(nodeExecutable(), "-e",
                    "process.stdout.write(String(WebAssembly.validate(new Uint8Array(" + TWO_MEMORIES + "))))");
            pb.redirectErrorStream(true);
            Process p = start(pb);
            p.getOutputStream().close();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking node about multi-memory", e);
            }
            if (!answer.equals("true") && !answer.equals("false")) {
                throw new IOException(nodeExecutable() + " did not answer a multi-memory check: " + answer);
            }
            known = answer.equals("true");
            multiMemory = known;
        }
        return known;
    }

    /** The node executable: {@code REPRISE_NODE}, else the property {@code reprise.node}, else {@code node}. */
    public static String nodeExecutable() {
        String env = System.getenv("REPRISE_NODE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return System.getProperty("reprise.node", "node");
    }

    private static Process start(ProcessBuilder pb) throws NodeMissingException {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new NodeMissingException("cannot run " + pb.command().get(0) + " (install Node.js 20 or later, or set"
                    + " REPRISE_NODE): " + e.getMessage(), e);
        }
    }

    private static boolean waitFor(Process p, Duration timeout) throws IOException {
        try {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                p.waitFor();
                return true;
            }
            if (p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            kill(p);
            return false;
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while node was running", e);
        }
    }

    /** Asks node and its children to stop (the runtime then ends the trace as incomplete), then forces it. */
    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(2, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(2, TimeUnit.SECONDS);
        }
    }

    private static long countEvents(Path trace) throws IOException {
        try (TraceReader r = TraceReader.open(trace)) {
            long n = 0;
            while (r.read() != null) {
                n++;
            }
            return n;
        } catch (BadTraceException e) {
            throw new IOException("the recorder runtime wrote a malformed trace: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String stem(String name) {
        String base = Path.of(name).getFileName().toString();
        return base.endsWith(".wasm") ? base.substring(0, base.length() - 5) : base;
    }

    private static String lastLine(String tail) {
        String[] lines = tail.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank() && !lines[i].startsWith("    at ") && !lines[i].startsWith("Node.js v")) {
                return ": " + lines[i].strip();
            }
        }
        return "";
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
