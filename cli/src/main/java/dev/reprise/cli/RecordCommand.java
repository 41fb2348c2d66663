package dev.reprise.cli;

import dev.reprise.record.host.NodeRecorder;
import dev.reprise.record.host.WasiRecorder;
import dev.reprise.runtime.MalformedModuleException;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.runtime.UnlinkableModuleException;
import dev.reprise.wasm.WasmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise record}: runs a program, under reprise's runtime or its JavaScript host, and records every host interaction. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run a program and record how it talks to its host.",
                "The program is instrumented (see 'reprise instrument'), run deterministically "
                + "with the run options, and every export and import call, result, host write, "
                + "output digest and scheduling decision is written to a trace (binary; 'reprise "
                + "trace' shows and converts it). The guest's output and exit status are its own, "
                + "as with 'reprise run'.",
                "With --node HOST.mjs the module runs under node with its real JavaScript host "
                + "instead: node runs 'HOST.mjs APP.rec.wasm HOST_ARGS' with reprise's recorder "
                + "runtime preloaded (exit status: node's).",
                "--js-runtime DIR writes that runtime (reprise-recorder.mjs and the two modules "
                + "it imports) for use without reprise.",
                "Modes: host (default, the fastest) instruments only the module's boundary and "
                + "records the bytes the WASI host writes, as it writes them, in the sandbox's "
                + "own memory objects; shadow keeps a second memory inside the module and reports "
                + "reads of host-changed values (as under hosts reprise cannot intercept); full "
                + "reports every read. 'reprise verify' verifies traces of every mode.",
                "Under --node the module is recorded in shadow mode when that node runs "
                + "multi-memory (node 24 and later; checked by instantiating two-memory modules), "
                + "else in full mode (node 20, 22); --full forces full. A module with a shared memory "
                + "(Emscripten pthreads) is recorded in full mode from every thread that instantiates it, one "
                + "thread at a time, into one trace, which reduce and replay do not take yet.",
                "Under --node, node's standard input is this process's, or --stdin FILE; the other run options do "
                + "not apply (the host decides the module's inputs). "
                + "The node executable: --node-exe, else $REPRISE_NODE, else -Dreprise.node, else "
                + "node on the PATH."})
final class RecordCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "APP.wasm", description = "the program")
    Path program;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "guest arguments, or with --node host arguments (after --)")
    List<String> args = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "run.trace", description = "where to write the trace")
    Path output;

    @Option(names = "--mode", paramLabel = "host|shadow|full",
            description = "where host changes are found: host (default), shadow or full")
    String mode;

    @Option(names = "--full", description = "same as --mode full: record every read (for comparison; always on under a node without"
            + " multi-memory)")
    boolean full;

    @Option(names = "--node", paramLabel = "HOST.mjs",
            description = "record under node: HOST.mjs reads the module from its first argument and runs it with its own glue")
    Path nodeHost;

    @Option(names = "--node-exe", paramLabel = "PATH",
            description = "with --node: the node executable (default: $REPRISE_NODE, else -Dreprise.node, else node on the PATH)")
    String nodeExe;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "with --node: kill node after this long (exit 124)")
    Long timeoutSeconds;

    @Option(names = "--js-runtime", paramLabel = "DIR", description = "write the JavaScript recorder runtime into DIR and say how to use it")
    Path jsRuntime;

    @Mixin
    RunOptionsMixin options;

    @Override
    public Integer call() throws IOException {
        if (jsRuntime != null) {
            return writeRuntime();
        }
        if (program == null || output == null) {
            throw new UserError(ExitCode.USAGE, "record needs APP.wasm and -o run.trace (or --js-runtime DIR)");
        }
        if (timeoutSeconds != null && nodeHost == null) {
            throw new UserError(ExitCode.USAGE, "--timeout applies to --node recordings only");
        }
        if (nodeExe != null && nodeHost == null) {
            throw new UserError(ExitCode.USAGE, "--node-exe applies to --node recordings only");
        }
        byte[] bytes = Files2.read(program);
        if (output.toAbsolutePath().getParent() != null && !Files.isDirectory(output.toAbsolutePath().getParent())) {
            throw new UserError(ExitCode.CANNOT_WRITE, output + ": the folder does not exist");
        }
        if (nodeHost != null) {
            return recordUnderNode(bytes);
        }
        RecordingMode recordingMode = RecordingModes.of(mode, full, RecordingMode.HOST);
        var builder = options.toBuilder(args);
        long start = System.nanoTime();
        try {
            WasiRecorder.RecordResult r = WasiRecorder.record(bytes, program.getFileName().toString(), builder.build(), output, recordingMode);
            System.out.flush();
            System.err.printf("reprise record: %,d events to %s in %d ms%n", r.events(), output, (System.nanoTime() - start) / 1_000_000);
            options.noteUnusedStdin("record");
            return RunCommand.report(r.outcome(), "record");
        } catch (MalformedModuleException | WasmException e) {
            throw new UserError(ExitCode.BAD_INPUT, program + ": " + e.getMessage());
        } catch (UnlinkableModuleException e) {
            throw new UserError(ExitCode.UNLINKABLE, program + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError(ExitCode.CANNOT_WRITE, e.getMessage());
        } finally {
            options.closeLog();
        }
    }

    private int writeRuntime() {
        if (program != null || output != null || nodeHost != null || nodeExe != null) {
            throw new UserError(ExitCode.USAGE, "--js-runtime DIR takes no program, -o, --node or --node-exe");
        }
        Path file;
        try {
            file = NodeRecorder.writeRuntime(jsRuntime);
        } catch (IOException e) {
            throw new UserError(ExitCode.CANNOT_WRITE, jsRuntime + ": cannot write: " + e.getMessage());
        }
        System.out.println("wrote " + file);
        System.out.println("record a module under its own JavaScript host (shadow mode needs multi-memory, node 24 or later;");
        System.out.println("node 20 has none and node 22 aborts under node:wasi: instrument with --full there):");
        System.out.println("  reprise instrument APP.wasm -o APP.rec.wasm            (node 20 or 22: add --full)");
        System.out.println("  REPRISE_TRACE=run.trace node --import " + file.toAbsolutePath() + " HOST.mjs APP.rec.wasm [ARGS...]");
        System.out.println("HOST.mjs instantiates the module as usual (WebAssembly.instantiate, instantiateStreaming or");
        System.out.println("new WebAssembly.Instance); the runtime adds the reprise_rec hooks and writes the trace");
        System.out.println("(REPRISE_FLUSH_BYTES: bytes buffered between writes, default 65536).");
        return ExitCode.OK;
    }

    private int recordUnderNode(byte[] bytes) {
        List<String> given = new ArrayList<>(options.given());
        given.remove("--stdin"); // node's standard input: that file, else this process's
        if (!given.isEmpty()) {
            throw new UserError(ExitCode.USAGE, String.join(", ", given) + ": run options do not apply to --node"
                    + " (the JavaScript host decides the module's inputs; pass them as host arguments after --)");
        }
        if (!Files.isRegularFile(nodeHost)) {
            throw new UserError(ExitCode.NO_INPUT, nodeHost + ": no such host script");
        }
        Duration timeout = timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds);
        try {
            RecordingMode asked = RecordingModes.of(mode, full, RecordingMode.SHADOW);
            if (asked == RecordingMode.HOST) {
                throw new UserError(ExitCode.USAGE, "--mode host needs a host reprise runs itself; under --node: shadow or full");
            }
            boolean own = options.stdin == null || Files2.isStandardInput(options.stdin);
            if (!own) {
                Files2.readHead(options.stdin, 0); // one-line error for a missing or unreadable file
            }
            ProcessBuilder.Redirect stdin = own ? ProcessBuilder.Redirect.INHERIT
                    : ProcessBuilder.Redirect.from(options.stdin.toFile());
            NodeRecorder.Result r = NodeRecorder.record(nodeExe, bytes, program.getFileName().toString(), nodeHost, args,
                    output, asked == RecordingMode.FULL, timeout, java.util.Map.of(), stdin, System.out, System.err);
            System.out.flush();
            System.err.printf("reprise record: %,d events to %s in %d ms (node, %s mode%s, exit status %d)%n", r.events(),
                    output, r.elapsed().toMillis(), r.mode().text(), r.mode() == RecordingMode.FULL && asked != RecordingMode.FULL
                            ? r.threads() ? ": the module shares its memory between threads" : ": this node has no multi-memory"
                            : "", r.exitCode());
            return r.exitCode();
        } catch (NodeRecorder.NodeMissingException e) {
            throw new UserError(ExitCode.NO_INPUT, e.getMessage());
        } catch (NodeRecorder.TimeoutException e) {
            throw new UserError(ExitCode.BUDGET_EXHAUSTED, e.getMessage());
        } catch (NodeRecorder.HostFailedException e) {
            throw new UserError(ExitCode.UNLINKABLE, e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UserError(ExitCode.NO_INPUT, e.getFile() + ": no such file");
        } catch (MalformedModuleException | WasmException e) {
            throw new UserError(ExitCode.BAD_INPUT, program + ": " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new UserError(ExitCode.CANNOT_WRITE, output + ": " + e.getMessage());
        }
    }
}
