package dev.reprise.benchmarks.bench.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bench's clocks: wall-clock time, and CPU time of this JVM plus its finished child
 * processes (node runs). On a machine shared with other work, CPU time is the steadier of the
 * two: waiting for a core does not count. Steal time says how shared a virtual machine was.
 */
final class Timing {
    /** Linux's USER_HZ: the unit of the children's times in {@code /proc/self/stat}. */
    private static final long TICKS_PER_SECOND = 100;
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private Timing() {
    }

    /** Milliseconds since {@code startNanos} ({@link System#nanoTime()}). */
    static double msSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /**
     * CPU nanoseconds used so far by this JVM (every thread: the guest, the JIT, the collector) and
     * by its children that have ended and been waited for (10 ms resolution), or -1 when unknown.
     */
    static long cpuNanos() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
            return -1;
        }
        long self = os.getProcessCpuTime();
        long children = childrenCpuNanos();
        return self < 0 || children < 0 ? -1 : self + children;
    }

    /**
     * The machine's steal time so far, in nanoseconds: CPU time the hypervisor gave other virtual
     * machines while this one's vCPUs had work (the {@code steal} column of {@code /proc/stat}, 10 ms
     * ticks, summed over every CPU); -1 where the kernel does not say.
     */
    static long stealNanos() {
        try (java.io.BufferedReader r = Files.newBufferedReader(PROC_STAT)) {
            String line = r.readLine();
            // cpu  user nice system idle iowait irq softirq steal ...
            String[] f = line == null ? new String[0] : line.trim().split("\\s+");
            return f.length > 8 && f[0].equals("cpu") ? Long.parseLong(f[8]) * (1_000_000_000L / TICKS_PER_SECOND) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The steal time since {@code stealStart} as a percentage of the CPU time this machine's CPUs
     * had since {@code wallStart}, or null where the kernel does not report steal time.
     */
    static Double stealPercentSince(long stealStart, long wallStart) {
        long steal = stealNanos();
        double capacity = (double) (System.nanoTime() - wallStart) * Runtime.getRuntime().availableProcessors();
        return stealStart < 0 || steal < 0 || capacity <= 0 ? null : 100.0 * (steal - stealStart) / capacity;
    }

    /**
     * Waits, at most {@code maxMs}, until the JIT has compiled nothing for {@code quietMs}: the
     * stages before the measure stage (recording; verify, for node programs) leave the JIT
     * compiling their code on the machine's cores for seconds, which the first timed runs would
     * otherwise share.
     */
    static void awaitQuietJit(long quietMs, long maxMs) {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + maxMs * 1_000_000L;
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && msSince(quietSince) < quietMs) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }

    /** {@code cutime + cstime} of {@code /proc/self/stat} in nanoseconds, or -1 off Linux. */
    private static long childrenCpuNanos() {
        try {
            String s = Files.readString(STAT);
            // fields after the command name (in parentheses, which may hold spaces): state is field 3
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
