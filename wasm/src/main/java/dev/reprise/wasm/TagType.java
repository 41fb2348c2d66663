package dev.reprise.wasm;

/** An exception tag: its attribute (0, exception) and the index of its function type. */
public record TagType(int attribute, int typeIndex) implements ExternType {
    @Override
    public ExternalKind kind() {
        return ExternalKind.TAG;
    }
}
