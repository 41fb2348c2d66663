;; A module that exports one of its imports (as wasm-bindgen's __wbindgen_start can be): the host's
;; call of that export runs the host's own function, which writes memory; the module then reads it.
;; Regenerate: wat2wasm reexport.wat -o reexport.wasm
(module
  (import "env" "start" (func $start (param i32) (result i32)))
  (memory (export "memory") 1)
  (export "start" (func $start))
  (func (export "read") (result i32)
    (i32.load (i32.const 16))))
