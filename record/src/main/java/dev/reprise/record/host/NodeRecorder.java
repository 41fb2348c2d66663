package dev.reprise.record.host;

import dev.reprise.record.host.internal.OriginalFunctionNames;
import dev.reprise.record.host.internal.StreamPump;
import dev.reprise.record.trace.BadTraceException;
import dev.reprise.record.trace.TraceReader;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.transform.AtomicsToSchedulerPass;
import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records a module under its real JavaScript host on node: instruments it, writes the
 * instrumented module and the recorder runtime ({@value #RUNTIME_FILE}, see
 * {@link #writeRuntime}) to a temporary folder, and runs
 * {@code node --import RUNTIME HOST.mjs APP.rec.wasm HOST_ARGS...} with {@code REPRISE_TRACE}
 * pointing at a temporary trace beside the output, which is renamed into place when node ends.
 * The host script follows the corpus convention: it reads the module from its first argument and
 * instantiates it with its own glue.
 *
 * <p>The module is instrumented in {@code shadow} mode (a second memory per memory inside the
 * module: only reads of values the host changed are reported) when the node that runs it
 * instantiates a module with two memories ({@link #nodeHasMultiMemory(String)}: node 24 and
 * later), else in {@code full} mode (every read reported: node 20); {@code full} is also had by
 * asking. {@link Result#mode()} says which. The node executable is the one passed to
 * {@link #record(String, byte[], String, Path, List, Path, boolean, Duration, Map, OutputStream, OutputStream)},
 * else {@link #nodeExecutable()}: the environment variable {@code REPRISE_NODE}, the system
 * property {@code reprise.node}, else {@code node} on the PATH.
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
    /**
     * Instantiates {@code (module (memory 1) (memory 1))} with a function storing into and loading
     * from the second memory, and runs it (prints {@code mm}), then instantiates it again with an
     * import bound to a {@code node:wasi} function (prints {@code true}): node 20 refuses the module
     * (prints {@code false}); node 22's V8 aborts the process at the second step (a fatal error:
     * "Fast API does not support multiple memories yet"), which would kill any recording of a
     * node:wasi program in shadow mode; node 24 passes both.
     */
    private static final String MULTI_MEMORY_PROBE = "import { writeSync } from 'node:fs';"
            + " import { WASI } from 'node:wasi';"
            + " let ok = false;"
            + " try { ok = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([" + multiMemoryModule(false)
            + "]))).exports.f() === 42; } catch (e) { ok = false; }"
            + " if (!ok) { writeSync(1, 'false'); process.exit(0); }"
            + " writeSync(1, 'mm ');"
            + " const wasi = new WASI({ version: 'preview1' });"
            + " const m = new WebAssembly.Module(new Uint8Array([" + multiMemoryModule(true) + "]));"
            + " writeSync(1, String(new WebAssembly.Instance(m, { w: { f: wasi.wasiImport.sched_yield } }).exports.f() === 42));";
    private static final Map<String, Boolean> MULTI_MEMORY = new ConcurrentHashMap<>();

    /**
     * What a recording under node gave: node's exit status, the trace's events and size, the
     * time, the end of node's stderr, the instrumentation used ({@code shadow} or {@code full}),
     * the node executable that ran it, and whether the module has a shared memory (then its
     * threads were recorded one at a time, in full mode).
     */
    public record Result(int exitCode, long events, long traceBytes, Duration elapsed, String stderrTail,
            RecordingMode mode, String node, boolean threads) {
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

    /** The module {@value #RUNTIME_FILE} imports from beside it: the trace writer. */
    static final String TRACE_FILE_MODULE = "reprise-trace-file.mjs";
    /** The runtime's module for functions the host sets into tables, which it imports. */
    static final String HOST_FUNCTIONS_MODULE = "reprise-host-functions.mjs";
    /** The runtime's module for recordings of threads (one realm at a time), which it imports. */
    static final String THREADS_MODULE = "reprise-threads.mjs";

    /**
     * Writes the recorder runtime ({@value #RUNTIME_FILE} and the {@value #TRACE_FILE_MODULE} and
     * {@value #HOST_FUNCTIONS_MODULE} it imports) into {@code dir} (created if needed) and returns the runtime's path.
     */
    public static Path writeRuntime(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeResource(dir, TRACE_FILE_MODULE);
        writeResource(dir, HOST_FUNCTIONS_MODULE);
        writeResource(dir, THREADS_MODULE);
        return writeResource(dir, RUNTIME_FILE);
    }

    private static Path writeResource(Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        byte[] bytes;
        try (InputStream in = NodeRecorder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the reprise jar");
            }
            bytes = in.readAllBytes();
        }
        Path tmp = OutputFiles.temporaryBeside(target);
        try {
            Files.write(tmp, bytes);
            OutputFiles.replace(tmp, target);
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
        return record(null, module, moduleName, hostScript, hostArgs, traceOut, full, timeout, env, stdout, stderr);
    }

    /**
     * As {@link #record(byte[], String, Path, List, Path, boolean, Duration, Map, OutputStream, OutputStream)}
     * under the given node executable (a path or a command on the PATH; null: {@link #nodeExecutable()}).
     * The module is recorded in shadow mode unless {@code full} is asked or this node has no
     * multi-memory ({@link #nodeHasMultiMemory(String)}).
     */
    public static Result record(String node, byte[] module, String moduleName, Path hostScript, List<String> hostArgs,
            Path traceOut, boolean full, Duration timeout, Map<String, String> env, OutputStream stdout,
            OutputStream stderr) throws IOException {
        return record(node, module, moduleName, hostScript, hostArgs, traceOut, full, timeout, env, null, stdout, stderr);
    }

    /**
     * As {@link #record(String, byte[], String, Path, List, Path, boolean, Duration, Map, OutputStream, OutputStream)},
     * with node's standard input from {@code stdin} (a file, or {@link ProcessBuilder.Redirect#INHERIT}
     * for this process's own, as {@code reprise record --node} does); null: none (closed at once).
     */
    public static Result record(String node, byte[] module, String moduleName, Path hostScript, List<String> hostArgs,
            Path traceOut, boolean full, Duration timeout, Map<String, String> env, ProcessBuilder.Redirect stdin,
            OutputStream stdout, OutputStream stderr) throws IOException {
        if (!Files.isRegularFile(hostScript)) {
            throw new NoSuchFileException(hostScript.toString(), null, "no such host script");
        }
        String nodeExe = node != null && !node.isBlank() ? node : nodeExecutable();
        boolean threads = sharesMemory(module);
        // a shadow memory per instance would not see the other threads' stores: full until it is shared too
        RecordingMode mode = full || threads || !nodeHasMultiMemory(nodeExe) ? RecordingMode.FULL : RecordingMode.SHADOW;
        // JavaScript glue calls functions it takes from the module's tables (embind, dynCall,
        // wasm-bindgen closures): they get reporting wrappers, which the recorder hands out; the
        // shadow memories are exported, so that the recorder can write the final state at the end
        // named after the original's functions, so that node's stack of a trap reads $func8, not wasm-function[24]
        byte[] instrumented = OriginalFunctionNames.apply(module, new RecordingInstrumentation(mode).exposingTableFunctions()
                .exposingShadowMemories().instrument(module));
        if (threads) {
            // its atomic waits and notifies call the recorder, which runs one thread at a time
            instrumented = new AtomicsToSchedulerPass().apply(instrumented);
        }
        Path work = Files.createTempDirectory("reprise-node-");
        Path tmpTrace = OutputFiles.temporaryBeside(traceOut);
        try {
            Path runtime = writeRuntime(work);
            Path app = work.resolve(stem(moduleName) + ".rec.wasm");
            Files.write(app, instrumented);
            List<String> command = new ArrayList<>(List.of(nodeExe, "--import", runtime.toUri().toString(),
                    hostScript.toAbsolutePath().toString(), app.toString()));
            command.addAll(hostArgs);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            pb.environment().put("REPRISE_TRACE", tmpTrace.toString());
            if (threads) {
                pb.environment().put("REPRISE_THREADS", "1");
            }
            if (stdin != null) {
                pb.redirectInput(stdin);
            }
            long start = System.nanoTime();
            Process p = start(pb);
            p.getOutputStream().close(); // no input unless redirected (then this is an empty stream)
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
            OutputFiles.replace(tmpTrace, traceOut);
            return new Result(exit, events, bytes, elapsed, err.tail(), mode, nodeExe, threads);
        } finally {
            Files.deleteIfExists(tmpTrace);
            deleteTree(work);
        }
    }

    /**
     * Whether {@code module} has a shared memory: its host may run it in several threads (worker
     * threads each instantiating it, as Emscripten's pthreads do), so it is recorded one thread at
     * a time (reprise-threads.mjs).
     */
    static boolean sharesMemory(byte[] module) {
        return new ModuleReader(module).summary().memories().stream().anyMatch(m -> m.limits().shared());
    }

    /** Whether {@link #nodeExecutable()} runs a module with two memories (see {@link #nodeHasMultiMemory(String)}). */
    public static boolean nodeHasMultiMemory() throws IOException {
        return nodeHasMultiMemory(nodeExecutable());
    }

    /**
     * Whether this node instantiates and runs a module with two memories, also one importing a
     * node:wasi function (node 24 and later; node 20 refuses the module, node 22's V8 aborts on the
     * import), asked by running it rather than judged by its version; cached per executable.
     *
     * @throws NodeMissingException the executable cannot be started
     * @throws IOException it did not answer the question
     */
    public static boolean nodeHasMultiMemory(String node) throws IOException {
        Boolean known = MULTI_MEMORY.get(node);
        if (known != null) {
            return known;
        }
        ProcessBuilder pb = new ProcessBuilder(node, "--no-warnings", "--input-type=module", "-e", MULTI_MEMORY_PROBE);
        Path errors = Files.createTempFile("reprise-node-probe", ".txt");
        String answer;
        String stderr;
        int exit;
        try {
            pb.redirectError(errors.toFile());
            Process p = start(pb);
            p.getOutputStream().close();
            answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            try {
                exit = p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking node about multi-memory", e);
            }
            stderr = Files.readString(errors, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(errors);
        }
        if (answer.equals("mm") && exit != 0 && stderr.contains("multiple memories")) {
            known = false;                  // node 22: multi-memory, but V8 aborts on node:wasi's imports
        } else if (answer.equals("false") || answer.equals("mm false") || answer.equals("mm true")) {
            known = answer.equals("mm true");
        } else {
            throw new IOException(node + " did not answer a multi-memory check (exit status " + exit + "): "
                    + (answer + " " + lastLine(stderr).replaceFirst("^: ", "")).strip());
        }
        MULTI_MEMORY.put(node, known);
        return known;
    }

    /**
     * The bytes of {@code (module [(import "w" "f" (func (result i32)))] (memory 1) (memory 1)
     * (func (export "f") (result i32) (i32.store 1 (i32.const 8) (i32.const 42)) (i32.load 1
     * (i32.const 8))))}, as a JavaScript array literal's elements.
     */
    private static String multiMemoryModule(boolean withImport) {
        int f = withImport ? 1 : 0;                                           // the defined function's index
        int[] head = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f};                         // type 0: () -> i32
        int[] imports = {0x02, 0x07, 0x01, 0x01, 0x77, 0x01, 0x66, 0x00, 0x00}; // import "w" "f" (func type 0)
        int[] rest = {0x03, 0x02, 0x01, 0x00,                                  // one function of type 0
            0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01,                          // memories: {min 1} x 2
            0x07, 0x05, 0x01, 0x01, 0x66, 0x00, f,                             // export "f" (the defined function)
            0x0a, 0x12, 0x01, 0x10, 0x00,                                      // code: 1 body, 16 bytes, no locals
            0x41, 0x08, 0x41, 0x2a, 0x36, 0x42, 0x01, 0x00,                    // i32.store memory 1 (align 2, memidx flag)
            0x41, 0x08, 0x28, 0x42, 0x01, 0x00, 0x0b};                         // i32.load memory 1; end
        java.util.stream.IntStream all = java.util.stream.IntStream.concat(java.util.Arrays.stream(head),
                java.util.stream.IntStream.concat(withImport ? java.util.Arrays.stream(imports)
                        : java.util.stream.IntStream.empty(), java.util.Arrays.stream(rest)));
        int[] bytes = all.toArray();
        StringBuilder sb = new StringBuilder();
        for (int b : bytes) {
            sb.append(sb.length() == 0 ? "" : ",").append(b);
        }
        return sb.toString();
    }

    /**
     * The node executable: the environment variable {@code REPRISE_NODE}, else the system property
     * {@code reprise.node} (the build passes {@code -Dreprise.node=PATH} to the tests), else
     * {@code node}; blank values count as unset.
     */
    public static String nodeExecutable() {
        String env = System.getenv("REPRISE_NODE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        String property = System.getProperty("reprise.node");
        return property != null && !property.isBlank() ? property : "node";
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

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
