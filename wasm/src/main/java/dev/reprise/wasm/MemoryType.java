package dev.reprise.wasm;

/** A linear memory's limits (with shared, 64-bit and page-size flags). */
public record MemoryType(Limits limits) implements ExternType {
    @Override
    public ExternalKind kind() {
        return ExternalKind.MEMORY;
    }
}
