;; A minimal WASI program: prints "hello, reprise" and exits 0.
;; Regenerate: wat2wasm examples/hello.wat -o examples/hello.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, reprise\n")
  (func $main (export "_start")
    (i32.store (i32.const 0) (i32.const 16))   ;; iov.base
    (i32.store (i32.const 4) (i32.const 15))   ;; iov.len
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
