package dev.reprise.wasm;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation testing of the reader: truncated, bit-flipped, byte-overwritten and
 * length-corrupted versions of corpus modules must each either read (through every path: full
 * visit, copy-through, re-encode, print) or fail with {@link MalformedModuleException} or
 * {@link InvalidModuleException}; never anything else, and never take long.
 */
class MutationTest {
    private static final long SEED = Long.getLong("reprise.seed", 0x5EED_2026L);
    private static final int PER_MODULE = 24;

    @Test
    void mutatedModulesFailCleanlyOrRead() {
        List<Path> sources = new ArrayList<>();
        List<TestCorpus.SpecModule> spec = TestCorpus.specModules();
        SplittableRandom pick = new SplittableRandom(SEED);
        for (int i = 0; i < 250; i++) {
            TestCorpus.SpecModule m = spec.get(pick.nextInt(spec.size()));
            if (!m.malformed()) {
                sources.add(m.file());
            }
        }
        sources.addAll(TestCorpus.programs());
        for (Path p : TestCorpus.thirdParty()) {
            if (p.toFile().length() < 400_000) {
                sources.add(p);
            }
        }
        int[] outcomes = new int[2];
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (Path source : sources) {
            byte[] original = TestCorpus.read(source);
            for (int i = 0; i < PER_MODULE; i++) {
                long seed = rnd.nextLong();
                byte[] mutant = mutate(original, new SplittableRandom(seed));
                String what = source.getFileName() + " mutant seed " + seed;
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check(mutant, what, outcomes), what + " took too long");
            }
        }
        int total = outcomes[0] + outcomes[1];
        System.out.println("mutants: " + total + ", rejected " + outcomes[0] + ", read " + outcomes[1]);
        assertTrue(total >= 5000, "expected thousands of mutants, ran " + total);
        assertTrue(outcomes[0] > total / 4, "most mutants should be malformed: " + Arrays.toString(outcomes));
    }

    private static void check(byte[] mutant, String what, int[] outcomes) {
        try {
            Modules.visitAll(mutant);
            Modules.copy(mutant);
            Modules.reencode(mutant);
            new ModuleReader(mutant).accept(new ModulePrinter(new PrintWriter(java.io.Writer.nullWriter())));
            outcomes[1]++;
        } catch (MalformedModuleException e) {
            assertTrue(e.getMessage().contains("(at offset 0x"), what + ": " + e.getMessage());
            outcomes[0]++;
        } catch (InvalidModuleException e) {
            outcomes[0]++;
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
    }

    static byte[] mutate(byte[] in, SplittableRandom r) {
        byte[] b = in.clone();
        switch (r.nextInt(5)) {
            case 0: // truncate
                return Arrays.copyOf(b, r.nextInt(Math.max(1, b.length)));
            case 1: // flip a few bits
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    int at = 8 + r.nextInt(Math.max(1, b.length - 8));
                    if (at < b.length) {
                        b[at] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                return b;
            case 2: // overwrite a run with 0xFF or 0x80 (over-long LEB128s, huge counts)
                int at = 8 + r.nextInt(Math.max(1, b.length - 8));
                byte fill = r.nextBoolean() ? (byte) 0xFF : (byte) 0x80;
                for (int i = at; i < Math.min(b.length, at + 1 + r.nextInt(6)); i++) {
                    b[i] = fill;
                }
                return b;
            case 3: // corrupt a section length
                List<Integer> sizes = sectionSizeOffsets(b);
                if (!sizes.isEmpty()) {
                    int s = sizes.get(r.nextInt(sizes.size()));
                    b[s] = (byte) r.nextInt(256);
                }
                return b;
            default: // duplicate or delete a byte
                int pos = 8 + r.nextInt(Math.max(1, b.length - 8));
                if (pos >= b.length) {
                    return b;
                }
                byte[] out = new byte[r.nextBoolean() ? b.length + 1 : b.length - 1];
                if (out.length > b.length) {
                    System.arraycopy(b, 0, out, 0, pos + 1);
                    System.arraycopy(b, pos, out, pos + 1, b.length - pos);
                } else {
                    System.arraycopy(b, 0, out, 0, pos);
                    System.arraycopy(b, pos + 1, out, pos, b.length - pos - 1);
                }
                return out;
        }
    }

    private static List<Integer> sectionSizeOffsets(byte[] b) {
        List<Integer> out = new ArrayList<>();
        int pos = 8;
        while (pos + 1 < b.length) {
            out.add(pos + 1);
            long size = 0;
            int shift = 0;
            int p = pos + 1;
            while (p < b.length && shift < 35) {
                int x = b[p++] & 0xFF;
                size |= (long) (x & 0x7F) << shift;
                shift += 7;
                if (x < 0x80) {
                    break;
                }
            }
            pos = (int) Math.min(Integer.MAX_VALUE, p + size);
        }
        return out;
    }
}
