;; One SIMD instruction in _start: reprise's runtime (Endive 1.0.0) cannot compile it, and must say so
;; in one line (exit 65). Build: wat2wasm simd_start.wat -o simd_start.wasm
(module
  (func (export "_start")
    v128.const i32x4 1 2 3 4
    drop))
