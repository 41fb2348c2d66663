#!/usr/bin/env bash
# Regenerates the committed .wasm files from the C sources beside this script.
# Needs: apt-get install clang lld wasi-libc libclang-rt-dev-wasm32
set -euo pipefail
cd "$(dirname "$0")"
for src in *.c; do
    clang --target=wasm32-wasi -O2 -Wall -o "${src%.c}.wasm" "$src"
done
ls -l *.wasm
