package dev.reprise.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real programs: the wasi-testsuite binaries, the Wasm-R3 samples and the pinned third-party
 * binaries from npm (when fetched into the cache). Each round-trips byte for byte, re-encodes
 * to a module wasm-validate accepts with the same instructions, and takes an added import.
 */
class ProgramCorpusTest {
    static Stream<Path> all() {
        List<Path> files = new ArrayList<>(TestCorpus.programs());
        List<Path> third = TestCorpus.thirdParty();
        if (third.isEmpty()) {
            System.out.println("third-party binaries skipped: none in " + TestCorpus.cache() + " (run .ci/fetch-corpus)");
        }
        files.addAll(third);
        return files.stream();
    }

    @TestFactory
    Stream<DynamicTest> roundTripsByteForByte() {
        return all().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            byte[] bytes = TestCorpus.read(p);
            assertArrayEquals(bytes, Modules.copy(bytes));
        }));
    }

    @TestFactory
    Stream<DynamicTest> reencodesToTheSameInstructionsAndValidates() {
        return all().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            byte[] bytes = TestCorpus.read(p);
            byte[] again = Modules.reencode(bytes);
            assertEquals(Modules.dump(bytes), Modules.dump(again));
            if (Wabt.available()) {
                assertNull(Wabt.validate(again), "wasm-validate rejects the re-encoded " + p);
            }
        }));
    }

    /**
     * ASM's pattern: a writer built on the reader, behind a visitor that changes something, copies
     * the bodies it is not asked to change byte for byte. (It once wrote the 8-byte header alone.)
     */
    @TestFactory
    Stream<DynamicTest> copiesUnchangedBodiesBehindAVisitorThatRenamesAnExport() {
        return all().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            byte[] bytes = TestCorpus.read(p);
            ModuleReader reader = new ModuleReader(bytes);
            ModuleWriter w = new ModuleWriter(reader);
            reader.accept(new ModuleVisitor(w) {
                private boolean renamed;

                @Override
                public void visitExport(String name, ExternalKind kind, int index) {
                    super.visitExport(renamed ? name : "renamed." + name, kind, index);
                    renamed = true;
                }
            });
            byte[] out = w.toByteArray();
            ModuleReader again = new ModuleReader(out);
            List<Export> before = reader.summary().exports();
            List<Export> after = again.summary().exports();
            assertEquals(before.size(), after.size());
            if (!before.isEmpty()) {
                assertEquals("renamed." + before.get(0).name(), after.get(0).name());
            }
            assertArrayEquals(codeSection(reader, bytes), codeSection(again, out), "every body copied as it was");
            if (Wabt.available()) {
                assertNull(Wabt.validate(out), "wasm-validate rejects " + p + " with a renamed export");
            }
        }));
    }

    private static byte[] codeSection(ModuleReader reader, byte[] bytes) {
        for (SectionInfo s : reader.sections()) {
            if (s.id() == SectionId.CODE) {
                int start = s.offset() + 1;
                while ((bytes[start] & 0x80) != 0) { // the size's LEB128, padded or not
                    start++;
                }
                start++;
                return java.util.Arrays.copyOfRange(bytes, start, start + s.payloadSize());
            }
        }
        return new byte[0];
    }

    @TestFactory
    Stream<DynamicTest> takesAnAddedImport() {
        return all().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            byte[] bytes = TestCorpus.read(p);
            ModuleReader reader = new ModuleReader(bytes);
            ModuleSummary before = reader.summary();
            FunctionImportAdder adder = new FunctionImportAdder(before);
            int index = adder.add("reprise", "probe", FuncType.of(List.of(ValType.I32), List.of()));
            ModuleWriter w = new ModuleWriter();
            reader.accept(adder.visitor(w));
            byte[] out = w.toByteArray();
            ModuleSummary after = new ModuleReader(out).summary();
            assertEquals(before.importedFunctions(), index);
            assertEquals(before.functionCount() + 1, after.functionCount());
            assertEquals("reprise", after.imports().get(after.imports().size() - 1).module());
            for (int i = 0; i < before.exports().size(); i++) {
                Export e = before.exports().get(i);
                Export moved = after.exports().get(i);
                assertEquals(e.name(), moved.name());
                if (e.kind() == ExternalKind.FUNCTION) {
                    assertEquals(adder.mapping().function(e.index()), moved.index());
                    assertEquals(before.functionType(e.index()), after.functionType(moved.index()));
                }
            }
            if (Wabt.available()) {
                assertNull(Wabt.validate(out), "wasm-validate rejects " + p + " with an added import");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> thirdPartyCorpusIsPresentInCi() {
        Assumptions.assumeTrue(System.getenv("CI") != null, "only checked in CI, where .ci/run fetches the corpus");
        return Stream.of(DynamicTest.dynamicTest("at least ten third-party binaries", () ->
                assertTrue(TestCorpus.thirdParty().size() >= 10, "fetched: " + TestCorpus.thirdParty())));
    }
}
