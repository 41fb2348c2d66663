package dev.reprise.wasm;

/** What an import provides: a function (by type index), a table, a memory, a global or a tag. */
public sealed interface ExternType permits FuncImportType, TableType, MemoryType, GlobalType, TagType {
    ExternalKind kind();
}
