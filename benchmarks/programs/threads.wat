;; wasi-threads program (written for reprise): _start spawns THREADS workers with
;; wasi.thread-spawn; each counts the primes in its slice of [2, LIMIT) by trial division and
;; adds every prime's last digit to a shared histogram with atomic read-modify-writes, then
;; bumps a done counter and notifies. _start waits on the counter with memory.atomic.wait32 and
;; prints the totals. Output is the same whatever the interleaving.
;; Shared memory (imported, as wasi-threads expects): 0 = prime count, 4 = done count,
;; 64..103 = histogram of last digits (10 x i32), 1024.. = output text.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))

  (global $threads i32 (i32.const 4))
  (global $limit i32 (i32.const 120000))

  (func $is_prime (param $n i32) (result i32)
    (local $d i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return (i32.const 0))))
    (local.set $d (i32.const 2))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.mul (local.get $d) (local.get $d)) (local.get $n)))
        (if (i32.eqz (i32.rem_u (local.get $n) (local.get $d))) (then (return (i32.const 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; slices are interleaved (n = index + k * threads) so that the threads get similar work
  (func $work (param $index i32)
    (local $n i32) (local $count i32)
    (local.set $n (i32.add (i32.const 2) (local.get $index)))
    (block $end
      (loop $each
        (br_if $end (i32.ge_u (local.get $n) (global.get $limit)))
        (if (call $is_prime (local.get $n)) (then
          (local.set $count (i32.add (local.get $count) (i32.const 1)))
          (drop (i32.atomic.rmw.add
            (i32.add (i32.const 64) (i32.shl (i32.rem_u (local.get $n) (i32.const 10)) (i32.const 2)))
            (i32.const 1)))))
        (local.set $n (i32.add (local.get $n) (global.get $threads)))
        (br $each)))
    (drop (i32.atomic.rmw.add (i32.const 0) (local.get $count))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $work (local.get $arg))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))

  ;; writes the decimal digits of $v at $at, returns the position after them
  (func $itoa (param $v i32) (param $at i32) (result i32)
    (local $len i32) (local $t i32) (local $i i32)
    (local.set $t (local.get $v))
    (loop $count
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (local.set $t (i32.div_u (local.get $t) (i32.const 10)))
      (br_if $count (local.get $t)))
    (local.set $i (local.get $len))
    (loop $digit
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (i32.add (local.get $at) (local.get $i))
        (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digit (local.get $i)))
    (i32.add (local.get $at) (local.get $len)))

  (func $print (param $from i32) (param $to i32)
    (i32.store (i32.const 512) (local.get $from))
    (i32.store (i32.const 516) (i32.sub (local.get $to) (local.get $from)))
    (drop (call $fd_write (i32.const 1) (i32.const 512) (i32.const 1) (i32.const 520))))

  (func (export "_start")
    (local $i i32) (local $d i32) (local $p i32)
    (loop $spawn_all
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 0)) (then (call $exit (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn_all (i32.lt_u (local.get $i) (global.get $threads))))
    (loop $wait_all
      (local.set $d (i32.atomic.load (i32.const 4)))
      (if (i32.lt_u (local.get $d) (global.get $threads)) (then
        (drop (memory.atomic.wait32 (i32.const 4) (local.get $d) (i64.const -1)))
        (br $wait_all))))
    ;; "primes=N last-digits=a,b,c,...\n"
    (local.set $p (i32.const 1024))
    (i64.store (local.get $p) (i64.const 0x3d73656d697270))           ;; "primes=" (little endian)
    (local.set $p (call $itoa (i32.atomic.load (i32.const 0)) (i32.add (local.get $p) (i32.const 7))))
    (i32.store8 (local.get $p) (i32.const 32))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (local.set $i (i32.const 0))
    (loop $digits
      (local.set $p (call $itoa (i32.atomic.load (i32.add (i32.const 64) (i32.shl (local.get $i) (i32.const 2)))) (local.get $p)))
      (i32.store8 (local.get $p) (select (i32.const 44) (i32.const 10) (i32.lt_u (local.get $i) (i32.const 9))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $digits (i32.lt_u (local.get $i) (i32.const 10))))
    (call $print (i32.const 1024) (local.get $p))))
