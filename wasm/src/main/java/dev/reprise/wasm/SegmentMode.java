package dev.reprise.wasm;

/** How an element or data segment is used: copied at instantiation, on demand, or only declared. */
public enum SegmentMode {
    ACTIVE, PASSIVE, DECLARATIVE
}
