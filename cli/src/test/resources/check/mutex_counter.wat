;; The racy counter made correct: each of two threads adds 1 to the counter twice inside a
;; futex mutex (reprise.atomic.* imports, as the atomics pass emits them), yielding inside the
;; critical section. Main joins both and asserts counter == 4. No schedule fails.
;; Memory: 0 = mutex (0 free, 1 locked, 2 locked with waiters), 4 = counter, 8 = done count.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (import "reprise" "atomic.wait32" (func $wait32 (param i32 i32 i64 i64 i32) (result i32)))
  (import "reprise" "atomic.notify" (func $notify (param i32 i32 i64 i32) (result i32)))
  (import "reprise" "assert" (func $assert (param i32 i32 i32)))
  (data (i32.const 1024) "lost update under a mutex")
  (func $lock
    (local $c i32)
    (local.set $c (i32.atomic.rmw.cmpxchg (i32.const 0) (i32.const 0) (i32.const 1)))
    (if (local.get $c)
      (then
        (if (i32.ne (local.get $c) (i32.const 2))
          (then (local.set $c (i32.atomic.rmw.xchg (i32.const 0) (i32.const 2)))))
        (block $acquired
          (loop $retry
            (br_if $acquired (i32.eqz (local.get $c)))
            (drop (call $wait32 (i32.const 0) (i32.const 2) (i64.const -1) (i64.const 0) (i32.const 0)))
            (local.set $c (i32.atomic.rmw.xchg (i32.const 0) (i32.const 2)))
            (br $retry))))))
  (func $unlock
    (if (i32.ne (i32.atomic.rmw.sub (i32.const 0) (i32.const 1)) (i32.const 1)) (then
      (i32.atomic.store (i32.const 0) (i32.const 0))
      (drop (call $notify (i32.const 0) (i32.const 1) (i64.const 0) (i32.const 0))))))
  (func $inc
    (local $v i32)
    (call $lock)
    (local.set $v (i32.load (i32.const 4)))
    (drop (call $yield))
    (i32.store (i32.const 4) (i32.add (local.get $v) (i32.const 1)))
    (call $unlock))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $inc)
    (call $inc)
    (drop (i32.atomic.rmw.add (i32.const 8) (i32.const 1)))
    (drop (call $notify (i32.const 8) (i32.const -1) (i64.const 0) (i32.const 0))))
  (func (export "_start")
    (local $d i32)
    (drop (call $spawn (i32.const 0)))
    (drop (call $spawn (i32.const 0)))
    (loop $waitall
      (local.set $d (i32.atomic.load (i32.const 8)))
      (if (i32.lt_u (local.get $d) (i32.const 2)) (then
        (drop (call $wait32 (i32.const 8) (local.get $d) (i64.const -1) (i64.const 0) (i32.const 0)))
        (br $waitall))))
    (call $assert (i32.eq (i32.load (i32.const 4)) (i32.const 4)) (i32.const 1024) (i32.const 25))))
