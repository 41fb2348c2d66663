package dev.reprise.wasm;

/** WebAssembly features a module can use beyond the MVP, as reported by {@link FeatureScanner}. */
public enum Feature {
    SIGN_EXTENSION("sign-ext"),
    SATURATING_TRUNCATION("sat-trunc"),
    MULTI_VALUE("multi-value"),
    BULK_MEMORY("bulk-memory"),
    REFERENCE_TYPES("reference-types"),
    MUTABLE_GLOBALS("mutable-globals"),
    THREADS("threads"),
    SIMD("simd"),
    RELAXED_SIMD("relaxed-simd"),
    EXCEPTIONS_LEGACY("exceptions-legacy"),
    EXCEPTIONS("exceptions"),
    TAIL_CALLS("tail-call"),
    EXTENDED_CONST("extended-const"),
    MULTI_MEMORY("multi-memory"),
    MEMORY64("memory64"),
    CUSTOM_PAGE_SIZES("custom-page-sizes"),
    FUNCTION_REFERENCES("function-references"),
    GC("gc");

    private final String text;

    Feature(String text) {
        this.text = text;
    }

    /** The conventional short name, e.g. {@code bulk-memory}. */
    public String text() {
        return text;
    }
}
