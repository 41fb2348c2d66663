package dev.reprise.replay.verify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.record.host.HookRecorder;
import dev.reprise.record.host.NodeRecorder;
import dev.reprise.record.trace.TraceEvent;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.ReplaySchedule;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.wasm.Export;
import dev.reprise.wasm.ExternalKind;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleSummary;
import dev.reprise.wasm.ModuleWriter;
import dev.reprise.wasm.SectionAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import run.endive.runtime.Instance;

/**
 * Runs a replay module itself, the bytes the user has, and takes the digests of its memories
 * where its run ended: under reprise's runtime (a WASI host behind whatever imports it kept,
 * output captured, not printed; a multi-threaded replay under its recorded schedule) and under
 * node ({@code node:wasi} when it kept WASI imports). Node cannot run a multi-threaded replay: it
 * imports {@code wasi.thread-spawn} and reprise's scheduler ({@code reprise.*}), which only
 * reprise's runtime provides ({@link #runsUnderNode}).
 */
public final class FinalMemories {
    /** One engine's run: whether it ended as recorded, how, and the digests of the first memories. */
    public record Run(String engine, boolean endedAsRecorded, String how, List<TraceEvent.MemoryDigest> digests) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private FinalMemories() {
    }

    /**
     * Runs {@code replay} under reprise's runtime; digests memories {@code 0..memories-1} (thread
     * 0's instance). A multi-threaded replay runs as {@code reprise run} runs it: under the
     * deterministic scheduler with the strict schedule of its {@value ReplaySchedule#SECTION}
     * section and the clock settings recorded there.
     */
    public static Run underRuntime(byte[] replay, int memories) {
        Instance[] main = new Instance[1];
        RunOptions.Builder options = RunOptions.builder().stdout(new ByteArrayOutputStream())
                .stderr(new ByteArrayOutputStream());
        ReplaySchedule schedule = ReplaySchedule.read(replay);
        Program program = Program.of(replay, "replay.wasm");
        if (schedule != null) {
            schedule.apply(options);
            program = schedule.program(replay, "replay.wasm");
        }
        RunOutcome outcome = Sandbox.run(program, options.build(), i -> main[0] = i);
        boolean ended = RunEnd.asRecorded(outcome, main[0], replay);
        return new Run("reprise", ended, describe(outcome), digests(main[0], memories));
    }

    /**
     * Runs a two-module replay under reprise's runtime as {@code reprise run --preload
     * reprise.replay=R.wasm T.wasm} does; digests memories {@code 0..memories-1} as T' sees them
     * (R's, which T' imports).
     */
    public static Run underRuntime(byte[] target, byte[] replayModule, int memories) {
        Instance[] main = new Instance[1];
        RunOptions options = RunOptions.builder().stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream())
                .preload(dev.reprise.replay.ReplayGenerator.TWO_MODULE_IMPORTS, Program.of(replayModule, "replay-module.wasm"))
                .build();
        RunOutcome outcome = Sandbox.run(Program.of(target, "replay.wasm"), options, i -> main[0] = i);
        boolean ended = RunEnd.asRecorded(outcome, main[0], target);
        return new Run("reprise", ended, describe(outcome), digests(main[0], memories));
    }

    /**
     * Runs a two-module replay under node: R instantiated first with no imports, T' linked
     * against R's exports as module {@value dev.reprise.replay.ReplayGenerator#TWO_MODULE_IMPORTS},
     * T''s {@code _start} called; the memories are R's exports {@code memory.N}.
     */
    public static Run underNode(String node, byte[] target, byte[] replayModule, int memories, Path workDir)
            throws IOException {
        Path r = Files.createTempFile(workDir, "replay-module.", ".wasm");
        try {
            Files.write(r, replayModule);
            Export end = new ModuleReader(target).summary().export(ReplayGenerator.END_EXPORT);
            return runNode(node, target, List.of(Integer.toString(memories), "pair:" + r,
                    end != null ? ReplayGenerator.END_EXPORT : ""), workDir);
        } finally {
            Files.deleteIfExists(r);
        }
    }

    /** The digests of memories {@code 0..memories-1} of {@code main} (none when the run never instantiated it). */
    private static List<TraceEvent.MemoryDigest> digests(Instance main, int memories) {
        List<TraceEvent.MemoryDigest> digests = new ArrayList<>();
        if (main != null) {
            for (int m = 0; m < memories; m++) {
                digests.add(new TraceEvent.MemoryDigest(0, m, main.memory(m).pages(), HookRecorder.memorySha256(main.memory(m))));
            }
        }
        return digests;
    }

    private static String describe(RunOutcome o) {
        return switch (o.termination()) {
            case RETURNED -> "returned";
            case EXITED -> "exited with " + o.exitCode();
            case TRAPPED -> "trapped: " + o.message().lines().findFirst().orElse("") + (o.guestStack().isEmpty() ? ""
                    : " (in " + o.guestStack().get(0) + ")");
            default -> o.termination().name().toLowerCase() + ": " + o.message();
        };
    }

    /** Whether node can run {@code replay}: not a multi-threaded one (it needs reprise's scheduler imports). */
    public static boolean runsUnderNode(byte[] replay) {
        return ReplaySchedule.read(replay) == null;
    }

    /** Whether the node of {@link NodeRecorder#nodeExecutable()} runs. */
    public static boolean nodeAvailable() {
        return nodeAvailable(NodeRecorder.nodeExecutable());
    }

    /** Whether this node executable (a path or a command on the PATH) runs. */
    public static boolean nodeAvailable(String node) {
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code replay} under node. Node reads memories only through exports, so it runs a copy
     * with each memory also exported as {@code reprise.memory.N} (an export changes no behaviour).
     */
    public static Run underNode(byte[] replay, int memories, Path workDir) throws IOException {
        return underNode(NodeRecorder.nodeExecutable(), replay, memories, workDir);
    }

    /** As {@link #underNode(byte[], int, Path)} under this node executable. */
    public static Run underNode(String node, byte[] replay, int memories, Path workDir) throws IOException {
        ModuleReader reader = new ModuleReader(replay);
        ModuleSummary summary = reader.summary();
        SectionAppender appender = new SectionAppender(summary);
        for (int m = 0; m < memories; m++) {
            appender.appendExport("reprise.memory." + m, ExternalKind.MEMORY, m);
        }
        ModuleWriter writer = new ModuleWriter(reader); // copy-through: the bodies do not change
        reader.accept(appender.visitor(writer));
        boolean wasi = summary.imports().stream().anyMatch(i -> i.module().equals("wasi_snapshot_preview1"));
        Export end = summary.export(ReplayGenerator.END_EXPORT);
        return runNode(node, writer.toByteArray(), List.of(Integer.toString(memories), wasi ? "wasi" : "plain",
                end != null ? ReplayGenerator.END_EXPORT : ""), workDir);
    }

    /** Runs {@code run-replay.mjs} on {@code wasm} with {@code args} (memories, mode, end global) and reads its result line. */
    private static Run runNode(String node, byte[] wasm, List<String> args, Path workDir) throws IOException {
        return runNode(node, List.of(), Map.of(), wasm, args, workDir);
    }

    /**
     * As {@link #runNode(String, byte[], List, Path)} with options for node before the script (for
     * example {@code --import} of the recorder) and more variables in its environment.
     */
    static Run runNode(String node, List<String> nodeOptions, Map<String, String> env, byte[] wasm, List<String> args,
            Path workDir) throws IOException {
        Path file = Files.createTempFile(workDir, "replay.", ".wasm");
        Path script = Files.createTempFile(workDir, "replay.", ".mjs");
        Path errors = Files.createTempFile(workDir, "replay.", ".err");
        try {
            Files.write(file, wasm);
            try (InputStream in = FinalMemories.class.getResourceAsStream("run-replay.mjs")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> cmd = new ArrayList<>(List.of(node, "--no-warnings"));
            cmd.addAll(nodeOptions);
            cmd.addAll(List.of(script.toString(), file.toString()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errors.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run("node", false, "timed out after 600 s", List.of());
            }
            JsonNode r;
            try {
                r = JSON.readTree(lastLine(out));
            } catch (IOException e) {
                r = null;
            }
            if (r == null || !r.isObject() || !r.has("memories")) {
                // node failed before the script printed its result (an empty line reads as a missing node)
                return new Run("node", false, "printed no result (node exited with status " + p.exitValue()
                        + errorLine(Files.readString(errors, java.nio.charset.StandardCharsets.UTF_8)) + ")", List.of());
            }
            List<TraceEvent.MemoryDigest> digests = new ArrayList<>();
            for (JsonNode d : r.path("memories")) {
                digests.add(new TraceEvent.MemoryDigest(0, digests.size(), d.path("pages").asLong(),
                        HexFormat.of().parseHex(d.path("sha256").asText())));
            }
            boolean trapped = r.path("trapped").asBoolean();
            boolean ended = !trapped || r.path("end").asInt() == 1;
            String how = trapped ? "trapped: " + r.path("message").asText()
                    : r.has("exit") ? "exited with " + r.path("exit").asInt() : "returned";
            return new Run("node", ended, how, digests);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run("node", false, "interrupted", List.of());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(script);
            Files.deleteIfExists(errors);
        }
    }

    /** The line of node's stderr that names the error (": CompileError: ..."), or "" when there is none. */
    static String errorLine(String stderr) {
        String found = "";
        for (String line : stderr.lines().toList()) {
            String t = line.strip();
            if (t.matches("\\[?[A-Za-z]*Error\\b.*")) {
                found = t.replaceAll("^\\[|\\]$", "");
            }
        }
        if (found.contains("Invalid opcode 0x1f")) {
            found += " (this node has no exception handling, try_table: the replay throws and catches the host's"
                    + " exceptions; use node 24, reprise corpus fetch --node)";
        }
        return found.isEmpty() ? "" : ": " + found;
    }

    private static String lastLine(byte[] out) {
        String s = new String(out, StandardCharsets.UTF_8).strip();
        int nl = s.lastIndexOf('\n');
        return nl < 0 ? s : s.substring(nl + 1);
    }
}
