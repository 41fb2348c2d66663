package dev.reprise.benchmarks.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.replay.ReplayGenerator;
import dev.reprise.replay.ReplaySchedule;
import dev.reprise.runtime.Engine;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.Termination;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.TrapException;

/**
 * Runs a standalone replay module and judges its end: under reprise's runtime (as a WASI
 * command with no imports) or under node ({@code node -e} instantiates it with an empty import
 * object and calls {@code _start}). Both report the SHA-256 of memory 0 after the run, so two
 * engines can be compared and an exported replay checked anywhere.
 */
public final class Replays {
    /**
     * The node side: instantiate with no imports, call {@code _start}, print one JSON line with
     * how it ended, the end flag and the digest of the first exported memory (null when the
     * argument after the module is {@code --no-digest}: a timed run does only what the original did).
     */
    public static final String NODE_SCRIPT = String.join("",
            "const fs=require('fs'),crypto=require('crypto');",
            "WebAssembly.instantiate(fs.readFileSync(process.argv[1]),{}).then(({instance})=>{",
            "let trapped=false,message=null;",
            "try{instance.exports._start();}catch(e){if(!(e instanceof WebAssembly.RuntimeError))throw e;",
            "trapped=true;message=e.message;}",
            "const g=instance.exports['" + ReplayGenerator.END_EXPORT + "'];",
            "const m=Object.values(instance.exports).find(x=>x instanceof WebAssembly.Memory);",
            "const memory=m&&process.argv[2]!=='--no-digest'?",
            "crypto.createHash('sha256').update(new Uint8Array(m.buffer)).digest('hex'):null;",
            "console.log(JSON.stringify({trapped,message,end:g?g.value===1:false,memory}));});");

    /** How an {@link Ended} starts when reprise's runtime cannot run the replay at all (an engine limit). */
    public static final String REPRISE_CANNOT_RUN = "reprise's runtime cannot run the replay";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STACK = 64L << 20;

    private Replays() {
    }

    /**
     * How one replay run ended: {@code ok} when as recorded; {@code how} says what happened; the
     * digest of memory 0 where read; the CPU milliseconds of the guest's threads under reprise's
     * sandbox, else NaN.
     */
    public record Ended(boolean ok, String how, String memorySha256, double cpuMs) {
        public Ended(boolean ok, String how, String memorySha256) {
            this(ok, how, memorySha256, Double.NaN);
        }
    }

    /**
     * Runs the replay once under reprise's runtime (compiler engine, the instance built directly:
     * the replay imports nothing) on a thread with a guest-sized stack, then reads its end flag and
     * the digest of memory 0.
     */
    public static Ended checkOnReprise(Program replay, ExpectedEnd expected) {
        Instance[] inst = new Instance[1];
        String[] trap = new String[1];
        RuntimeException[] failed = new RuntimeException[1];
        Thread t = new Thread(null, () -> {
            try {
                // the sandbox's memory class: the timed runs reuse this program's compiled classes
                inst[0] = replay.instanceBuilder(Engine.COMPILER).withStart(false).build();
                inst[0].export("_start").apply();
            } catch (TrapException e) {
                trap[0] = String.valueOf(e.getMessage());
            } catch (StackOverflowError e) {
                trap[0] = "call stack exhausted";
            } catch (RuntimeException e) {
                failed[0] = e;
            }
        }, "reprise-replay-check", STACK);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageFailed("interrupted while the replay ran");
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        boolean flag = false;
        try {
            flag = inst[0].exports().global(ReplayGenerator.END_EXPORT).getValue() == 1;
        } catch (RuntimeException noSuchGlobal) {
            // a replay whose recorded run returned has no end flag
        }
        String digest = null;
        try {
            digest = sha256(inst[0].memory(0));
        } catch (RuntimeException noMemory) {
            // a module without memory
        }
        String problem = expected.judge(trap[0] != null, flag, trap[0]);
        return new Ended(problem == null, problem == null ? expected.describe() : problem, digest);
    }

    /** Runs the replay under reprise's sandbox (for timing); ok when it ended the way {@code expected} says. */
    public static Ended onReprise(Program replay, ExpectedEnd expected) {
        RunOutcome o = Sandbox.run(replay, RunOptions.defaults());
        boolean returned = o.termination() == Termination.RETURNED
                || (o.termination() == Termination.EXITED && o.exitCode() == 0);
        if (returned != !expected.traps()) {
            return new Ended(false, returned ? "returned, but the recorded run ended in " + expected.trapImport()
                    : o.termination().name().toLowerCase(java.util.Locale.ROOT) + ": " + oneLine(o.message()), null);
        }
        return new Ended(true, expected.describe(), null, cpuMs(o));
    }

    /** The CPU milliseconds of {@code o}'s guest threads, or NaN when the JVM could not tell. */
    static double cpuMs(RunOutcome o) {
        return o.cpuNanos() < 0 ? Double.NaN : o.cpuNanos() / 1e6;
    }

    /**
     * Runs a replay that keeps the runtime's imports (a multi-threaded run: {@code wasi.thread-spawn},
     * the scheduler's imports) under reprise's sandbox with the schedule it carries, as
     * {@code reprise run} does. Such a replay writes the recorded output itself, so it reproduced
     * the run when it exits with the recorded code and prints exactly the original's output.
     * {@code program} is {@code schedule.program(replay, name)}, made once outside the timing (as
     * the original's is): parsing it and adding its preemption points is not the replay's run.
     */
    public static Ended onRepriseScheduled(Program program, ReplaySchedule schedule, int expectExit,
            String expectStdoutSha256) {
        ScheduledRun r = runScheduled(program, schedule);
        RunOutcome o = r.outcome();
        if (o.termination() != Termination.RETURNED && o.termination() != Termination.EXITED) {
            return new Ended(false, r.describeEnd(), r.memorySha256());
        }
        if (o.exitCode() != expectExit) {
            return new Ended(false, "exited with " + o.exitCode() + ", the recorded run with " + expectExit, r.memorySha256());
        }
        if (expectStdoutSha256 != null && !expectStdoutSha256.equals(sha256(o.stdout()))) {
            return new Ended(false, "printed something else than the recorded run", r.memorySha256());
        }
        return new Ended(true, "exit " + o.exitCode() + " with the recorded output", r.memorySha256(), cpuMs(o));
    }

    /**
     * Runs a replay recorded under node in several realms (Emscripten pthreads: it imports the
     * scheduler, and its {@code reprise.schedule} section carries the baton log) under reprise's
     * sandbox, the scheduler following the log, as {@code reprise run} does; ok when it ended the
     * way {@code expected} says. A departure from the log stops the run ("schedule diverged"), so
     * an ok end also means every thread handed the baton on as recorded. The end flag is not read
     * here (the sandbox keeps its instances): a trap counts as the recorded end when one is
     * expected, and {@code reprise verify} then checks the run event by event.
     */
    public static Ended onRepriseHandedOff(Program program, ReplaySchedule schedule, ExpectedEnd expected) {
        ScheduledRun r = runScheduled(program, schedule);
        RunOutcome o = r.outcome();
        boolean trapped = o.termination() == Termination.TRAPPED;
        boolean returned = o.termination() == Termination.RETURNED
                || (o.termination() == Termination.EXITED && o.exitCode() == 0);
        if (!trapped && !returned) {
            return new Ended(false, r.describeEnd(), r.memorySha256());
        }
        String problem = expected.judge(trapped, trapped && expected.traps(), oneLine(o.message()));
        return new Ended(problem == null, problem == null ? expected.describe() + " (scheduled)" : problem,
                r.memorySha256(), cpuMs(o));
    }

    /** A scheduled run's outcome and the digest of memory 0 after it (null without memory). */
    private record ScheduledRun(RunOutcome outcome, String memorySha256) {
        String describeEnd() {
            String where = outcome.guestStack().isEmpty() ? "" : " in " + outcome.guestStack().get(0);
            return outcome.termination().name().toLowerCase(java.util.Locale.ROOT) + where + ": "
                    + oneLine(outcome.message());
        }
    }

    private static ScheduledRun runScheduled(Program program, ReplaySchedule schedule) {
        List<Memory> memories = new java.util.ArrayList<>();
        RunOptions.Builder b = RunOptions.builder().memoryWrapper(m -> {
            synchronized (memories) {
                memories.add(m);
            }
            return m;
        });
        RunOutcome o = Sandbox.run(program, schedule.apply(b).build());
        return new ScheduledRun(o, memories.isEmpty() ? null : sha256(memories.get(0)));
    }

    /** Runs the replay under node; {@code ok} when it ended as recorded. */
    public static Ended onNode(String node, Path replay, ExpectedEnd expected, Duration timeout) {
        return onNode(node, replay, expected, timeout, true);
    }

    /**
     * Runs the replay under node; {@code ok} when it ended as recorded. Without {@code digest} the
     * memory is not hashed ({@link Ended#memorySha256} is null), so that a timed run does the
     * replay's work only, as the timed original does the program's.
     */
    public static Ended onNode(String node, Path replay, ExpectedEnd expected, Duration timeout, boolean digest) {
        return onNode(node, replay, expected, timeout, digest, Map.of());
    }

    /** As {@link #onNode(String, Path, ExpectedEnd, Duration, boolean)}, with more variables in node's environment. */
    static Ended onNode(String node, Path replay, ExpectedEnd expected, Duration timeout, boolean digest,
            Map<String, String> env) {
        List<String> cmd = new java.util.ArrayList<>(List.of(node, "-e", NODE_SCRIPT, replay.toAbsolutePath().toString()));
        if (!digest) {
            cmd.add("--no-digest");
        }
        Processes.Outcome p = Processes.run(cmd, replay.toAbsolutePath().getParent(), env, null, timeout);
        if (p.exitCode() != 0) {
            return new Ended(false, "node: " + p.why(), null);
        }
        JsonNode r;
        try {
            String out = new String(p.stdout(), StandardCharsets.UTF_8).strip();
            r = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        } catch (Exception e) {
            return new Ended(false, "node: printed no result", null);
        }
        String memory = r.path("memory").isTextual() ? r.path("memory").asText() : null;
        String problem = expected.judge(r.path("trapped").asBoolean(), r.path("end").asBoolean(), r.path("message").asText());
        return new Ended(problem == null, problem == null ? expected.describe() : problem, memory);
    }

    /** Lower-case hex SHA-256 of a memory's bytes (all pages). */
    public static String sha256(Memory m) {
        MessageDigest md = sha256();
        long size = (long) m.pages() * Memory.PAGE_SIZE;
        for (long at = 0; at < size; at += 1 << 20) {
            int n = (int) Math.min(1 << 20, size - at);
            md.update(m.readBytes((int) at, n));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Lower-case hex SHA-256 of a file, streamed. */
    public static String sha256(Path file) throws java.io.IOException {
        MessageDigest md = sha256();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Lower-case hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[\\p{Cntrl}&&[^\n]]", "?").strip();
        int nl = t.indexOf('\n');
        t = nl < 0 ? t : t.substring(0, nl);
        return t.length() > 300 ? t.substring(0, 297) + "..." : t;
    }
}
