package dev.reprise.wasm;

/** One export: its name, kind and the index in that kind's index space. */
public record Export(String name, ExternalKind kind, int index) {
}
