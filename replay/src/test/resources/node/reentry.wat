;; A module whose host writes into its memory, changes its global and calls back into it from an
;; import (re-entrancy); used to compare the JavaScript recorder with the JVM one.
;; wat2wasm reentry.wat -o reentry.wasm
(module
  (type $bin (func (param i32 i32) (result i32)))
  ;; the host writes n bytes (10, 11, ...) at ptr, sets the global to 42, calls sum(ptr, n), returns that + 1
  (import "env" "fill" (func $fill (param i32 i32) (result i32)))
  ;; the host returns (x * 2, a - 5)
  (import "env" "mix" (func $mix (param i64 f64 f32) (result f64 i64)))
  (memory (export "memory") 1)
  (table (export "table") 2 funcref)
  (global $counter (export "counter") (mut i32) (i32.const 7))
  (elem (i32.const 0) $sum $twice)

  (func $sum (export "sum") (type $bin) (local $s i32) (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get 1)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (i32.add (local.get 0) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))

  (func $twice (type $bin) (i32.mul (local.get 0) (i32.const 2)))

  (func (export "run") (param $n i32) (param $x f64) (result i64 f64) (local $r i32) (local $m f64) (local $k i64)
    (local.set $r (call $fill (i32.const 100) (local.get $n)))
    (memory.copy (i32.const 200) (i32.const 100) (local.get $n))
    (local.set $r (i32.add (local.get $r) (call $sum (i32.const 200) (local.get $n))))
    (local.set $r (call_indirect (type $bin) (local.get $r) (i32.const 0) (i32.const 1)))
    (local.set $r (i32.add (local.get $r) (global.get $counter)))
    (i32.store (i32.const 300) (local.get $r))
    (call $mix (i64.const 0x8000000000000001) (local.get $x) (f32.reinterpret_i32 (i32.const 0x7fa00001)))
    (local.set $k)
    (local.set $m)
    (drop (memory.grow (i32.const 1)))
    (i64.add (i64.add (local.get $k) (i64.extend_i32_u (i32.load (i32.const 300)))) (i64.extend_i32_u (memory.size)))
    (f64.add (local.get $m) (f64.load (i32.const 100))))
)
