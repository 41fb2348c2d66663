;; The racy counter of deterministic-wasm: two threads each read a shared counter, maybe yield
;; (model_checker_select(2) decides), and write it back plus one, without a lock. Main waits
;; for both (native wait on the done count), then reprise.assert fails on a lost update
;; (counter != 2). Memory: 4 = counter, 8 = done count.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi" "model_checker_select" (func $select (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (import "reprise" "assert" (func $assert (param i32 i32 i32)))
  (data (i32.const 1024) "lost update: counter != 2")
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $v i32)
    (local.set $v (i32.load (i32.const 4)))
    (if (call $select (i32.const 2)) (then (drop (call $yield))))
    (i32.store (i32.const 4) (i32.add (local.get $v) (i32.const 1)))
    (drop (i32.atomic.rmw.add (i32.const 8) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 8) (i32.const 1))))
  (func (export "_start")
    (local $d i32)
    (drop (call $spawn (i32.const 0)))
    (drop (call $spawn (i32.const 0)))
    (loop $wait
      (local.set $d (i32.atomic.load (i32.const 8)))
      (if (i32.lt_u (local.get $d) (i32.const 2)) (then
        (drop (memory.atomic.wait32 (i32.const 8) (local.get $d) (i64.const -1)))
        (br $wait))))
    (call $assert (i32.eq (i32.load (i32.const 4)) (i32.const 2)) (i32.const 1024) (i32.const 25))))
