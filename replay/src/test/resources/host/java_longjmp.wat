;; setjmp/longjmp as a Java host does it (JavaHostPipelineTest): run(n) calls invoke(i) for
;; i < n; the host's invoke calls the export body(i) and answers -1 when that threw; body calls
;; jump when i is odd, whose host throws; the store at 16 is skipped then.
;; wat2wasm java_longjmp.wat -o java_longjmp.wasm
(module
  (import "env" "invoke" (func $invoke (param i32) (result i32)))
  (import "env" "jump" (func $jump (param i32)))
  (memory (export "memory") 1)
  (func (export "body") (param $n i32) (result i32)
    (if (i32.and (local.get $n) (i32.const 1)) (then (call $jump (local.get $n))))
    (i32.store (i32.const 16) (local.get $n))
    (i32.mul (local.get $n) (i32.const 10)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (call $invoke (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (local.get $sum) (i32.load (i32.const 16)))))
