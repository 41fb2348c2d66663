package dev.reprise.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprise.reduce.ReducedTrace;
import dev.reprise.reduce.Reducer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import run.endive.runtime.Instance;

/**
 * Two-module replays ({@code reprise replay --two-modules}): R and T' validate, link with plain
 * standard linking under Endive (R registered as {@code reprise.replay}) and node, self-check to
 * the end of {@code _start} and leave the same memories as the merged replay of the same trace.
 */
class TwoModulesTest {
    @Test
    void featuresReplayAsTwoModules() throws Exception {
        for (String name : List.of("features", "features-single")) {
            byte[] wasm = Files.readAllBytes(FeaturesReplayTest.DIR.resolve(name + ".wasm"));
            ReducedTrace t = new Reducer().reduce(FeaturesReplayTest.trace());
            TraceHost host = new TraceHost(wasm, t);
            ReducedTrace checked = TraceHost.withObservedResults(t, host.run());
            TwoModuleRuns.sameAsMerged(name, wasm, checked);
        }
    }
}
