package dev.reprise.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.record.trace.Trace;
import dev.reprise.record.trace.TraceHeader;
import dev.reprise.record.trace.TraceSource;
import dev.reprise.record.trace.TraceWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reductions of {@value #SEEDS} seeded random traces ({@link RandomTraces}), each with the
 * default reducer, without merging and without the shadow: the SHA-256 of the reduced trace's
 * encoding and of its statistics, or the error, one line per trace and variant, compared with
 * {@code src/test/resources/random-traces.golden.txt}. The golden file was written by the
 * in-memory reducer (before the reducer streamed its input), so it pins the streaming reducer
 * to byte-identical results. Regenerate with {@code -Dreprise.regenerate=true}.
 */
class RandomTracesGoldenTest {
    static final int SEEDS = 400;
    static final Path GOLDEN = Path.of("src", "test", "resources", "random-traces.golden.txt");

    /** The three reducer variants the lines cover. */
    static List<Reducer> variants() {
        return List.of(new Reducer(), new Reducer().merge(false), new Reducer().shadow(false));
    }

    /** One line: the digests of the reduced trace and its stats, or the error. */
    static String line(long seed, int variant, Reducer.Result r) {
        return seed + " " + variant + " " + sha(ReducedTraceCodec.write(r.trace())).substring(0, 24) + " "
                + sha(r.stats().format().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    static String error(long seed, int variant, RuntimeException e) {
        return seed + " " + variant + " error " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Test
    void reductionsOfRandomTracesMatchTheGoldenFile() throws Exception {
        List<String> lines = new ArrayList<>();
        int errors = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Trace t = RandomTraces.of(seed);
            List<Reducer> vs = variants();
            for (int v = 0; v < vs.size(); v++) {
                try {
                    lines.add(line(seed, v, vs.get(v).reduceWithStats(t)));
                } catch (UnsupportedTraceException e) {
                    lines.add(error(seed, v, e));
                    errors++;
                }
            }
        }
        assertTrue(errors > 0 && errors < lines.size() / 4, "some, not most, random traces are refused: " + errors);
        String text = String.join("\n", lines) + "\n";
        if (Boolean.getBoolean("reprise.regenerate") || !Files.exists(GOLDEN)) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, text, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), text, GOLDEN + " (regenerate with -Dreprise.regenerate=true)");
    }

    /**
     * The same traces encoded as binary trace files and streamed by the reducer give the same
     * lines; only the traces that call a runtime import before they show whether they are
     * multi-threaded are read a second time (the lookahead), the others once.
     */
    @Test
    void streamingTheEncodedTracesGivesTheSameReductionsAndReadsMostOnce() throws Exception {
        List<String> golden = Files.readAllLines(GOLDEN, StandardCharsets.UTF_8);
        int twice = 0;
        int once = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Trace t = RandomTraces.of(seed);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (TraceWriter w = TraceWriter.create(bytes, t.header())) {
                t.events().forEach(w::write);
            }
            List<Reducer> vs = variants();
            for (int v = 0; v < vs.size(); v++) {
                CountingSource source = new CountingSource(TraceSource.ofBinary(bytes.toByteArray()));
                String line;
                try {
                    Reducer.Result r = vs.get(v).reduceWithStats(source);
                    assertTrue(r.complete());
                    line = line(seed, v, r);
                } catch (UnsupportedTraceException e) {
                    line = error(seed, v, e);
                }
                assertEquals(golden.get((int) seed * vs.size() + v), line, "seed " + seed + " variant " + v);
                if (source.opened == 2) {
                    twice++;
                } else {
                    assertEquals(1, source.opened, "seed " + seed);
                    once++;
                }
            }
        }
        assertTrue(twice > 0 && once > twice, once + " traces read once, " + twice + " twice");
    }

    /** A source that counts its passes. */
    private static final class CountingSource implements TraceSource {
        private final TraceSource inner;
        int opened;

        CountingSource(TraceSource inner) {
            this.inner = inner;
        }

        @Override
        public TraceHeader header() {
            return inner.header();
        }

        @Override
        public Events open() {
            opened++;
            return inner.open();
        }
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
