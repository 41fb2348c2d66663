package dev.reprise.wasm;

/** The body of a type definition: a function, struct or array type. */
public sealed interface CompositeType permits FuncType, StructType, ArrayType {
}
