package dev.reprise.runtime.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprise.runtime.Engine;
import dev.reprise.runtime.Fixtures;
import dev.reprise.runtime.RunOptions;
import dev.reprise.runtime.RunOutcome;
import dev.reprise.runtime.Sandbox;
import dev.reprise.runtime.StdinSource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** poll_oneoff: relative and absolute virtual sleeps, immediate fd events, bad descriptors. */
class PollTest {
    @ParameterizedTest
    @EnumSource(Engine.class)
    void pollSleepsInVirtualTimeAndAnswersFdsAtOnce(Engine engine) {
        RunOutcome o = Sandbox.run(Fixtures.path("wasi/poll.wasm"), RunOptions.builder().engine(engine)
                .stdin(StdinSource.of("abc".getBytes(StandardCharsets.UTF_8))).build());
        assertEquals("1 5 1 0 1 3 1\n", o.stdoutText(), o.message());
        assertEquals(5_000_000_000L, o.virtualNanos());
    }
}
