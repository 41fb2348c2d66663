package dev.reprise.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The spec suite's own verdicts on its binary modules: every module it does not call malformed
 * reads, round-trips byte for byte, and re-encodes to the same instructions; every module it
 * calls malformed is rejected with a {@link MalformedModuleException} carrying an offset.
 */
class SpecBinaryTest {
    @Test
    void wellFormedModulesRoundTripByteForByte() {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (TestCorpus.SpecModule m : TestCorpus.specModules()) {
            if (m.malformed() || m.superseded() != null) {
                continue;
            }
            n++;
            byte[] bytes = TestCorpus.read(m.file());
            try {
                byte[] copy = Modules.copy(bytes);
                if (!java.util.Arrays.equals(bytes, copy)) {
                    failures.add(m + ": copy differs");
                }
            } catch (RuntimeException e) {
                failures.add(m + ": " + e);
            }
        }
        assertTrue(n > 4000, "expected thousands of spec modules, found " + n);
        assertEquals(List.of(), failures.subList(0, Math.min(30, failures.size())), failures.size() + " of " + n + " failed");
    }

    @Test
    void wellFormedModulesReencodeToTheSameInstructions() {
        List<String> failures = new ArrayList<>();
        for (TestCorpus.SpecModule m : TestCorpus.specModules()) {
            if (m.malformed() || m.superseded() != null) {
                continue;
            }
            byte[] bytes = TestCorpus.read(m.file());
            try {
                byte[] again = Modules.reencode(bytes);
            } catch (MalformedModuleException e) {
                // wast2json leaves out the data count section of some modules the suite only
                // wants judged invalid; without it memory.init and data.drop are malformed.
                if (!m.command().equals("module") && e.reason().equals("data count section required")) {
                    continue;
                }
                failures.add(m + ": " + e);
                continue;
            }
            try {
                byte[] again = Modules.reencode(bytes);
                String before = Modules.dump(bytes);
                String after = Modules.dump(again);
                if (!before.equals(after)) {
                    failures.add(m + ": dump differs after re-encoding");
                }
                assertArrayEquals(again, Modules.reencode(again), m + ": re-encoding is not stable");
            } catch (RuntimeException e) {
                failures.add(m + ": " + e);
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(30, failures.size())), failures.size() + " failed");
    }

    @Test
    void malformedModulesAreRejectedWithAnOffset() {
        List<String> accepted = new ArrayList<>();
        TreeMap<String, Integer> wordingMismatches = new TreeMap<>();
        int n = 0;
        int sameWording = 0;
        for (TestCorpus.SpecModule m : TestCorpus.specModules()) {
            if (!m.malformed() || m.superseded() != null) {
                continue;
            }
            n++;
            byte[] bytes = TestCorpus.read(m.file());
            try {
                Modules.visitAll(bytes);
                accepted.add(m + " expected \"" + m.expectedText() + "\"");
            } catch (MalformedModuleException e) {
                assertTrue(e.getMessage().matches(".* \\(at offset 0x[0-9a-f]+\\)"), e.getMessage());
                if (e.reason().startsWith(m.expectedText())) {
                    sameWording++;
                } else {
                    wordingMismatches.merge("expected \"" + m.expectedText() + "\", said \"" + e.reason() + "\"", 1, Integer::sum);
                }
            } catch (RuntimeException e) {
                fail(m + ": not a MalformedModuleException: " + e, e);
            }
        }
        System.out.println("malformed spec modules: " + n + ", rejected with the spec's wording: " + sameWording);
        wordingMismatches.forEach((k, v) -> System.out.println("  " + v + "x " + k));
        assertEquals(List.of(), accepted, accepted.size() + " of " + n + " malformed modules were accepted");
    }
}
