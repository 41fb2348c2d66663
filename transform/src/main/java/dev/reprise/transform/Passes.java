package dev.reprise.transform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The passes reprise knows, by command-line name. */
public final class Passes {
    private static final Map<String, Supplier<Pass>> ALL = new LinkedHashMap<>();

    static {
        register(AtomicsToSchedulerPass::new);
        register(PreemptionPass::new);
        register(dev.reprise.transform.exceptions.LegacyExceptionsPass::new);
        register(dev.reprise.transform.record.RecordingInstrumentation::new);
    }

    private Passes() {
    }

    private static void register(Supplier<Pass> pass) {
        ALL.put(pass.get().name(), pass);
    }

    /** The pass of that name, or null. */
    public static Pass byName(String name) {
        Supplier<Pass> s = ALL.get(name);
        return s == null ? null : s.get();
    }

    /** Names and descriptions, in registration order. */
    public static Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        ALL.forEach((name, s) -> out.put(name, s.get().description()));
        return out;
    }
}
