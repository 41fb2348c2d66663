;; Two threads that communicate through shared memory and each ask the host for values.
;; Written for reprise's multi-threaded replay tests (public domain / same licence as reprise).
;;
;; Both threads busy-loop (preemption points at every loop header) and append their id to a
;; shared log in between, so the log shows the interleaving. Then each thread reads a random
;; value and a clock (main: monotonic, the other thread: realtime) and passes the log length at
;; that moment as the clock precision, so a replay that interleaves differently calls the host
;; with another argument (its self-check traps). Main waits for the other thread
;; (memory.atomic.wait32), prints the log and both random values in hex, and exits with a code
;; made of the two random values.
;;
;; memory: 0 done flag | 4 log length | 8 shared counter | 16 random main | 24 clock main
;;         | 32 random thread | 40 clock thread | 64 iovec | 128.. log | 256.. hex line
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))

  (func $work (param $id i32)
    (local $round i32) (local $k i32) (local $slot i32)
    (loop $rounds
      (local.set $k (i32.const 0))
      (loop $busy
        (drop (i32.atomic.rmw.add (i32.const 8) (local.get $k)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $busy (i32.lt_u (local.get $k) (i32.const 2500))))
      (local.set $slot (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
      (i32.store8 (i32.add (i32.const 128) (local.get $slot)) (i32.add (i32.const 48) (local.get $id)))
      (local.set $round (i32.add (local.get $round) (i32.const 1)))
      (br_if $rounds (i32.lt_u (local.get $round) (i32.const 24)))))

  ;; the host calls of one thread: random bytes at $buf, a clock at $buf+8 with the log length as precision
  (func $ask (param $buf i32) (param $clock_id i32)
    (if (call $random (local.get $buf) (i32.const 8)) (then unreachable))
    (if (call $clock (local.get $clock_id) (i64.extend_i32_u (i32.atomic.load (i32.const 4)))
                     (i32.add (local.get $buf) (i32.const 8)))
      (then unreachable)))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (i32.ne (local.get $arg) (i32.const 77)) (then unreachable))
    (call $work (i32.const 1))
    (call $ask (i32.const 32) (i32.const 0))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))

  ;; writes the 8 bytes at $src as 16 hex digits at $dst
  (func $hex (param $src i32) (param $dst i32)
    (local $i i32) (local $b i32)
    (loop $bytes
      (local.set $b (i32.load8_u (i32.add (local.get $src) (local.get $i))))
      (i32.store8 (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 1))) (call $digit (i32.shr_u (local.get $b) (i32.const 4))))
      (i32.store8 (i32.add (local.get $dst) (i32.add (i32.shl (local.get $i) (i32.const 1)) (i32.const 1)))
                  (call $digit (i32.and (local.get $b) (i32.const 15))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $bytes (i32.lt_u (local.get $i) (i32.const 8)))))

  (func $digit (param $d i32) (result i32)
    (select (i32.add (local.get $d) (i32.const 48)) (i32.add (local.get $d) (i32.const 87))
            (i32.lt_u (local.get $d) (i32.const 10))))

  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 64) (local.get $ptr))
    (i32.store (i32.const 68) (local.get $len))
    (if (call $write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72)) (then unreachable)))

  (func (export "_start")
    (local $len i32)
    (if (i32.le_s (call $spawn (i32.const 77)) (i32.const 0)) (then unreachable))
    (call $work (i32.const 0))
    (call $ask (i32.const 16) (i32.const 1))
    ;; wait for the other thread
    (block $done
      (loop $wait
        (br_if $done (i32.atomic.load (i32.const 0)))
        (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
        (br $wait)))
    ;; the log, then a newline
    (local.set $len (i32.atomic.load (i32.const 4)))
    (i32.store8 (i32.add (i32.const 128) (local.get $len)) (i32.const 10))
    (call $print (i32.const 128) (i32.add (local.get $len) (i32.const 1)))
    ;; "RANDOM_MAIN RANDOM_THREAD\n"
    (call $hex (i32.const 16) (i32.const 256))
    (i32.store8 (i32.const 272) (i32.const 32))
    (call $hex (i32.const 32) (i32.const 273))
    (i32.store8 (i32.const 289) (i32.const 10))
    (call $print (i32.const 256) (i32.const 34))
    ;; both clocks must have moved past 0
    (if (i64.eqz (i64.load (i32.const 24))) (then unreachable))
    (if (i64.eqz (i64.load (i32.const 40))) (then unreachable))
    (call $exit (i32.and (i32.xor (i32.load8_u (i32.const 16)) (i32.load8_u (i32.const 32))) (i32.const 63)))
    unreachable))
