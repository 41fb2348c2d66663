;; A module whose import throws and whose other import catches it, as Emscripten's setjmp/longjmp
;; does (_emscripten_throw_longjmp thrown through wasm frames, caught in invoke_vi's JavaScript):
;; run(n) calls invoke(1, n) (host: table entry 1 called with n, -1 when it threw), which calls
;; jump(n) when n is odd (host: throws). wat2wasm longjmp.wat -o longjmp.wasm
(module
  (import "env" "invoke" (func $invoke (param i32 i32) (result i32)))
  (import "env" "jump" (func $jump (param i32)))
  (memory (export "memory") 1)
  (table (export "table") 2 funcref)
  (elem (i32.const 1) $body)
  (func $body (param $n i32) (result i32)
    (if (i32.and (local.get $n) (i32.const 1)) (then (call $jump (local.get $n))))
    (i32.store (i32.const 16) (local.get $n))
    (i32.mul (local.get $n) (i32.const 10)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (call $invoke (i32.const 1) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum)))
