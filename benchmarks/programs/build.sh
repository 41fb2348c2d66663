#!/usr/bin/env bash
# Regenerates the committed .wasm files from the C and WAT sources beside this script.
# Needs: apt-get install clang lld wasi-libc libclang-rt-dev-wasm32 wabt
set -euo pipefail
cd "$(dirname "$0")"
for src in *.c; do
    flags=()
    case "$src" in
        simd.c) flags=(-msimd128) ;;                   # SIMD kernels (wasm_simd128.h)
    esac
    clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall "${flags[@]}" -o "${src%.c}.wasm" "$src"
done
# wasi-threads (shared memory, atomics, wasi.thread-spawn): written in WAT, as clang here has
# no wasm32-wasi-threads sysroot. bulkmv: bulk memory and multi-value.
wat2wasm --enable-threads threads.wat -o threads.wasm
wat2wasm bulkmv.wat -o bulkmv.wasm
ls -l *.wasm
