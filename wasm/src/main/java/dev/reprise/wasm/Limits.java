package dev.reprise.wasm;

/**
 * Limits of a memory or table, with the flags that travel with them.
 *
 * @param min          minimum size (pages or elements)
 * @param max          maximum size, or -1 when absent
 * @param shared       shared memory (threads)
 * @param is64         64-bit addresses (memory64 / table64)
 * @param pageSizeLog2 log2 of a custom page size, or -1 for the default 64 KiB
 */
public record Limits(long min, long max, boolean shared, boolean is64, int pageSizeLog2) {
    public static Limits of(long min, long max) {
        return new Limits(min, max, false, false, -1);
    }

    public boolean hasMax() {
        return max != -1;
    }

    @Override
    public String toString() {
        return (is64 ? "i64 " : "") + Long.toUnsignedString(min) + (hasMax() ? " " + Long.toUnsignedString(max) : "")
                + (shared ? " shared" : "") + (pageSizeLog2 >= 0 ? " (pagesize " + (1L << pageSizeLog2) + ")" : "");
    }
}
