package dev.reprise.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether this JVM leaves huge methods to its bytecode interpreter. Endive's compiler turns each
 * wasm function into one JVM method, and HotSpot by default never JIT-compiles a method over 8,000
 * bytes of bytecode ({@code DontCompileHugeMethods}): a large wasm function, such as musl's
 * {@code printf_core} in every C program that prints, then runs interpreted. The benchmark
 * smallwrites (5,000 {@code printf} calls) takes 105 ms of CPU that way and 12 ms with
 * {@link #JVM_OPTION}; the {@code reprise} launcher passes it.
 *
 * <pre>
 * if (HugeMethods.leftInterpreted()) {
 *     System.err.println("run with " + HugeMethods.JVM_OPTION);
 * }
 * </pre>
 */
public final class HugeMethods {
    /** The JVM option that lets HotSpot compile huge methods. */
    public static final String JVM_OPTION = "-XX:-DontCompileHugeMethods";

    private HugeMethods() {
    }

    /** True when this JVM is HotSpot with {@code DontCompileHugeMethods} on (its default). */
    public static boolean leftInterpreted() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot != null && "true".equals(hotSpot.getVMOption("DontCompileHugeMethods").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false; // not HotSpot, or no such option
        }
    }
}
