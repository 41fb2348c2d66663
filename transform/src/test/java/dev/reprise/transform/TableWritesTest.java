package dev.reprise.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprise.transform.record.OriginSection;
import dev.reprise.transform.record.RecordingInstrumentation;
import dev.reprise.transform.record.RecordingMode;
import dev.reprise.transform.record.TableWrites;
import dev.reprise.wasm.CustomSection;
import dev.reprise.wasm.ModuleReader;
import dev.reprise.wasm.ModuleVisitor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link TableWrites}: the tables a module's code writes, and the origin section that carries them to the JavaScript recorder. */
class TableWritesTest {
    @Test
    void everyTableWritingInstructionIsFoundAndNothingElse() {
        assertEquals(Set.of(1, 2, 3, 4, 5), TableWrites.of(Fixtures.load("table_writes.wasm")));
    }

    @Test
    void theOriginSectionListsThem() {
        byte[] instrumented = new RecordingInstrumentation(RecordingMode.FULL).apply(Fixtures.load("table_writes.wasm"));
        List<String> origin = new ArrayList<>();
        new ModuleReader(instrumented).accept(new ModuleVisitor(null) {
            @Override
            public void visitCustomSection(CustomSection section) {
                if (section.name().equals(OriginSection.NAME)) {
                    origin.add(new String(section.payload(), StandardCharsets.UTF_8));
                }
            }
        });
        assertEquals(1, origin.size());
        assertEquals(true, origin.get(0).contains("\"tablesWritten\":[1,2,3,4,5]"), origin.get(0));
    }

    @Test
    void aModuleWithoutTableWritesHasNone() {
        assertEquals(Set.of(), TableWrites.of(Fixtures.load("record.wasm")));
    }
}
