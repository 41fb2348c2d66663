;; features.wat with one memory, so that node 20 (no multi-memory) runs its replay too.
;; Exercises what Wasm-R3 could not replay: multi-value import results, i64 above 2^53, NaN
;; payloads, re-entrant export calls, host table sets used by call_indirect, an imported
;; mutable global and memory, a second memory, host memory growth, long runs (memory.init),
;; and a _start export of its own (renamed by the replay).
(module
  (type $ii (func (param i32) (result i32)))
  (import "env" "multi" (func $multi (param i32) (result i32 i64 f32 f64)))
  (import "env" "fill" (func $fill (param i32 i32)))
  (import "env" "poke" (func $poke))
  (import "env" "mem" (memory 1 4))
  (import "env" "g" (global $g (mut i64)))

  (table (export "tab") 2 funcref)
  (global $seen (export "seen") (mut i32) (i32.const 0))
  (func $inner (export "inner") (param i32) (result i32)
    (global.set $seen (i32.add (global.get $seen) (i32.const 1)))
    (i32.add (local.get 0) (i32.const 1)))
  (func $run (export "run") (param i32) (result i64 f32 f64 i32)
    (local $a i32) (local $b i64) (local $c f32) (local $d f64)
    (call $multi (local.get 0))
    (local.set $d) (local.set $c) (local.set $b) (local.set $a)
    (call $fill (i32.const 100) (i32.const 64))
    (call $poke)
    ;; copy what the host wrote elsewhere (module-made state to compare)
    (i64.store (i32.const 8) (i64.load (i32.const 100)))
    (i64.add (local.get $b) (i64.add (global.get $g) (i64.load (i32.const 100))))
    (local.get $c)
    (local.get $d)
    (i32.add (i32.add (local.get $a) (i32.load (i32.const 160)))
             (i32.add (memory.size) (call_indirect (type $ii) (i32.const 41) (i32.const 0)))))
  (func (export "_start") (drop (call $inner (i32.const 0)))))
