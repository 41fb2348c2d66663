package dev.reprise.wasm;

/**
 * Where one section lies in a module: its id, its name when it is a custom section, the offset
 * of its id byte and the size of its payload.
 */
public record SectionInfo(SectionId id, String customName, int offset, int payloadSize) {
}
