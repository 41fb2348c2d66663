;; Tiny WASI command for the bench tests: asks the host for 16 random bytes (random_get), reads
;; them back (host-changed memory: the recorder must report these reads), XORs them into one byte
;; and prints it as two hex digits and a newline. Exits 0 by returning from _start.
;; Regenerate: wat2wasm randhex.wat -o randhex.wasm
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "0123456789abcdef")
  ;; 64..79 random bytes, 96..98 output text, 112 iovec, 120 nwritten
  (func (export "_start")
    (local $i i32) (local $x i32)
    (drop (call $random_get (i32.const 64) (i32.const 16)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 16)))
        (local.set $x (i32.xor (local.get $x) (i32.load8_u offset=64 (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store8 (i32.const 96) (i32.load8_u (i32.shr_u (local.get $x) (i32.const 4))))
    (i32.store8 (i32.const 97) (i32.load8_u (i32.and (local.get $x) (i32.const 15))))
    (i32.store8 (i32.const 98) (i32.const 10))
    (i32.store (i32.const 112) (i32.const 96))
    (i32.store (i32.const 116) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 112) (i32.const 1) (i32.const 120)))))
