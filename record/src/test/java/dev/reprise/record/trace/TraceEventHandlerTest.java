package dev.reprise.record.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceEventHandlerTest {
    @Test
    void everyKindReachesItsMethod() {
        List<String> seen = new ArrayList<>();
        TraceEventHandler h = new TraceEventHandler() {
            @Override
            public void hostRead(TraceEvent.HostRead e) {
                seen.add("read@" + e.address());
            }

            @Override
            public void importReturn(TraceEvent.ImportReturn e) {
                seen.add("ret" + e.funcIndex());
            }
        };
        GoldenTraceTest.allKinds().events().forEach(h::write);
        assertEquals(List.of("read@2048", "ret1", "ret2", "read@1099511627779"), seen);
    }
}
