package dev.reprise.benchmarks.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.runtime.Program;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.Termination;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import run.endive.runtime.Memory;

/**
 * Runs a standalone replay module and judges its end: under reprise's runtime (as a WASI
 * command with no imports) or under node ({@code node -e} instantiates it with an empty import
 * object and calls {@code _start}). Both report the SHA-256 of memory 0 after the run, so two
 * engines can be compared and an exported replay checked anywhere.
 */
public final class Replays {
    /**
     * The node side: instantiate with no imports, call {@code _start}, print one JSON line with
     * how it ended and the digest of the first exported memory.
     */
    public static final String NODE_SCRIPT = String.join("",
            "const fs=require('fs'),crypto=require('crypto');",
            "WebAssembly.instantiate(fs.readFileSync(process.argv[1]),{}).then(({instance})=>{",
            "let end='return',stack=null;",
            "try{instance.exports._start();}catch(e){if(!(e instanceof WebAssembly.RuntimeError))throw e;",
            "end='trap: '+e.message;stack=String(e.stack);}",
            "const m=Object.values(instance.exports).find(x=>x instanceof WebAssembly.Memory);",
            "const memory=m?crypto.createHash('sha256').update(new Uint8Array(m.buffer)).digest('hex'):null;",
            "console.log(JSON.stringify({end,stack,memory}));});");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Replays() {
    }

    /** How one replay run ended. */
    public record Ended(boolean ok, String how, String memorySha256) {
    }

    /** Runs the replay under reprise's runtime; {@code ok} when it ended as expected. */
    public static Ended onReprise(Program replay, ExpectedEnd expected) {
        List<Memory> memories = new ArrayList<>();
        RunOptions options = RunOptions.builder()
                .memoryWrapper(m -> {
                    synchronized (memories) {
                        memories.add(m);
                    }
                    return m;
                })
                .build();
        RunOutcome o = Sandbox.run(replay, options);
        String digest = memories.isEmpty() ? null : sha256(memories.get(0));
        if (o.termination() == Termination.RETURNED || (o.termination() == Termination.EXITED && o.exitCode() == 0)) {
            return expected.trapImport() == null ? new Ended(true, "return", digest)
                    : new Ended(false, "returned, but the recorded run ended in " + expected.trapImport(), digest);
        }
        if (o.termination() == Termination.TRAPPED && expected.isExpectedTrap(o.guestStack())) {
            return new Ended(true, "trap in " + expected.trapImport() + " (as recorded)", digest);
        }
        String where = o.guestStack().isEmpty() ? "" : " in " + o.guestStack().get(0);
        return new Ended(false, o.termination().name().toLowerCase(java.util.Locale.ROOT) + where + ": "
                + oneLine(o.message()), digest);
    }

    /** Runs the replay under node; {@code ok} when it ended as expected. */
    public static Ended onNode(String node, Path replay, ExpectedEnd expected, Duration timeout) {
        Processes.Outcome p = Processes.run(List.of(node, "-e", NODE_SCRIPT, replay.toAbsolutePath().toString()),
                replay.toAbsolutePath().getParent(), Map.of(), null, timeout);
        if (p.exitCode() != 0) {
            return new Ended(false, "node: " + p.why(), null);
        }
        JsonNode r;
        try {
            String out = new String(p.stdout(), StandardCharsets.UTF_8).strip();
            r = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        } catch (Exception e) {
            return new Ended(false, "node printed no result", null);
        }
        String end = r.path("end").asText();
        String memory = r.path("memory").isTextual() ? r.path("memory").asText() : null;
        if (end.equals("return")) {
            return expected.trapImport() == null ? new Ended(true, "return", memory)
                    : new Ended(false, "returned, but the recorded run ended in " + expected.trapImport(), memory);
        }
        if (expected.isExpectedTrap(r.path("stack").asText(null))) {
            return new Ended(true, "trap in " + expected.trapImport() + " (as recorded)", memory);
        }
        return new Ended(false, end, memory);
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
