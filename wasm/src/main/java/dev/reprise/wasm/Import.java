package dev.reprise.wasm;

/** One import: module name, field name and what is imported. */
public record Import(String module, String name, ExternType type) {
    public ExternalKind kind() {
        return type.kind();
    }
}
