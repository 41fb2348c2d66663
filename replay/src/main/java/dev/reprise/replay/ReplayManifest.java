package dev.reprise.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a replay module says about its making, in its custom section {@value #SECTION} (UTF-8
 * JSON): the SHA-256 of the target module and of the reduced trace (its {@code ReducedTraceCodec}
 * bytes) it was generated from, and the generator options. Generation is deterministic, so
 * {@code reprise verify} regenerates the replay from these and compares bytes.
 *
 * <pre>
 * {"format":"reprise-replay","version":1,"target":"19fd...","trace":"a0c3...",
 *  "options":{"passiveThreshold":32,"runsPerFunction":64,"callsPerFunction":256,"selfCheck":true,
 *             "checkEachCall":false,"keep":[{"module":"wasi_snapshot_preview1","name":"fd_write"}]}}
 * </pre>
 */
public record ReplayManifest(byte[] targetSha256, byte[] traceSha256, ReplayOptions options) {
    /** The custom section's name. */
    public static final String SECTION = "reprise.replay";
    private static final String FORMAT = "reprise-replay";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the digests. */
    public ReplayManifest {
        targetSha256 = targetSha256.clone();
        traceSha256 = traceSha256.clone();
    }

    /** The section's payload. */
    public byte[] toBytes() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", 1);
        o.put("target", HexFormat.of().formatHex(targetSha256));
        o.put("trace", HexFormat.of().formatHex(traceSha256));
        ObjectNode opts = o.putObject("options");
        opts.put("passiveThreshold", options.passiveThreshold());
        opts.put("runsPerFunction", options.runsPerFunction());
        opts.put("callsPerFunction", options.callsPerFunction());
        opts.put("selfCheck", options.selfCheck());
        opts.put("checkEachCall", options.checkEachCall());
        ArrayNode keep = opts.putArray("keep");
        for (KeptImport k : options.keep()) {
            ObjectNode e = keep.addObject();
            e.put("module", k.module());
            if (k.name() != null) {
                e.put("name", k.name());
            }
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a section payload; throws {@link IllegalArgumentException} saying what is wrong. */
    public static ReplayManifest parse(byte[] payload) {
        JsonNode o;
        try {
            o = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + SECTION + " section is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (o == null || !FORMAT.equals(o.path("format").asText()) || o.path("version").asInt() != 1) {
            throw new IllegalArgumentException("the " + SECTION + " section is not a version 1 " + FORMAT + " manifest");
        }
        JsonNode opts = o.path("options");
        List<KeptImport> keep = new ArrayList<>();
        for (JsonNode k : opts.path("keep")) {
            keep.add(new KeptImport(k.path("module").asText(), k.hasNonNull("name") ? k.get("name").asText() : null));
        }
        try {
            ReplayOptions options = new ReplayOptions(opts.path("passiveThreshold").asInt(),
                    opts.path("runsPerFunction").asInt(), opts.path("callsPerFunction").asInt(),
                    opts.path("selfCheck").asBoolean(true),
                    opts.path("checkEachCall").asBoolean(true), // replays made before the digest checked each call
                    keep);
            return new ReplayManifest(hex(o, "target"), hex(o, "trace"), options);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the " + SECTION + " section is malformed: " + e.getMessage());
        }
    }

    private static byte[] hex(JsonNode o, String field) {
        byte[] b = HexFormat.of().parseHex(o.path(field).asText());
        if (b.length != 32) {
            throw new IllegalArgumentException("\"" + field + "\" is not a SHA-256 digest");
        }
        return b;
    }

    /** The manifest of a replay module (its last {@value #SECTION} section), or null when it has none. */
    public static ReplayManifest of(byte[] replayWasm) {
        byte[][] found = new byte[1][];
        new dev.reprise.wasm.ModuleReader(replayWasm).accept(new dev.reprise.wasm.ModuleVisitor(null) {
            @Override
            public void visitCustomSection(dev.reprise.wasm.CustomSection section) {
                if (section.name().equals(SECTION)) {
                    found[0] = section.payload();
                }
            }
        });
        return found[0] == null ? null : parse(found[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplayManifest m && java.util.Arrays.equals(m.targetSha256, targetSha256)
                && java.util.Arrays.equals(m.traceSha256, traceSha256) && m.options.equals(options);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(options) * 31 + java.util.Arrays.hashCode(traceSha256);
    }
}
