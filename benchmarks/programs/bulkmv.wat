;; Bulk memory and multi-value (written for reprise). A passive data segment is copied in with
;; memory.init and dropped; a 1 MiB buffer is built by doubling memory.copy calls, shifted with
;; overlapping copies and cleared in stripes with memory.fill, ROUNDS times; functions, blocks
;; and loops pass several values (divmod, min/max, a Fibonacci pair loop). Prints
;; "sum=... min=... max=... fib=... q=... r=...". Usage: bulkmv [ROUNDS] is not parsed:
;; the amount of work is fixed.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data $seed "reprise: bulk memory and multi-value, written for the benchmark subset. ")

  ;; (quotient, remainder)
  (func $divmod (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_u (local.get $a) (local.get $b))
    (i32.rem_u (local.get $a) (local.get $b)))

  ;; (min, max) of $n bytes at $at
  (func $minmax (param $at i32) (param $n i32) (result i32 i32)
    (local $lo i32) (local $hi i32) (local $v i32)
    (local.set $lo (i32.const 255))
    (block $end
      (loop $each
        (br_if $end (i32.eqz (local.get $n)))
        (local.set $v (i32.load8_u (local.get $at)))
        (local.set $lo (select (local.get $v) (local.get $lo) (i32.lt_u (local.get $v) (local.get $lo))))
        (local.set $hi (select (local.get $v) (local.get $hi) (i32.gt_u (local.get $v) (local.get $hi))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $each)))
    (local.get $lo) (local.get $hi))

  ;; the pair (fib(k), fib(k+1)) mod 2^32, carried through a loop with parameters
  (func $fibpair (param $k i32) (result i32 i32)
    (i32.const 0) (i32.const 1)
    (loop $step (param i32 i32) (result i32 i32)
      (block $swap (param i32 i32) (result i32 i32)
        (call $add_swap))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $step (local.get $k))))

  (func $add_swap (param $a i32) (param $b i32) (result i32 i32)
    (local.get $b) (i32.add (local.get $a) (local.get $b)))

  ;; FNV-1a over $n bytes at $at, one i32 word at a time
  (func $fnv (param $at i32) (param $n i32) (result i32)
    (local $h i32)
    (local.set $h (i32.const 0x811c9dc5))
    (block $end
      (loop $each
        (br_if $end (i32.lt_u (local.get $n) (i32.const 4)))
        (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load (local.get $at))) (i32.const 16777619)))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 4)))
        (br $each)))
    (local.get $h))

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

  ;; writes "name=" then the number at $p, returns the position after a trailing space
  (func $field (param $p i32) (param $name i64) (param $namelen i32) (param $v i32) (result i32)
    (i64.store (local.get $p) (local.get $name))
    (local.set $p (call $itoa (local.get $v) (i32.add (local.get $p) (local.get $namelen))))
    (i32.store8 (local.get $p) (i32.const 32))
    (i32.add (local.get $p) (i32.const 1)))

  (func (export "_start")
    (local $buf i32) (local $size i32) (local $round i32) (local $sum i32) (local $p i32)
    (local $lo i32) (local $hi i32) (local $f i32) (local $q i32) (local $r i32)
    ;; the buffer: 1 MiB at 64 KiB, in grown memory
    (drop (memory.grow (i32.const 16)))
    (local.set $buf (i32.const 65536))
    (memory.init $seed (local.get $buf) (i32.const 0) (i32.const 72))
    (data.drop $seed)
    (loop $rounds
      ;; double the filled prefix until it is 1 MiB
      (local.set $size (i32.const 72))
      (block $full
        (loop $double
          (br_if $full (i32.ge_u (i32.shl (local.get $size) (i32.const 1)) (i32.const 1048576)))
          (memory.copy (i32.add (local.get $buf) (local.get $size)) (local.get $buf) (local.get $size))
          (local.set $size (i32.shl (local.get $size) (i32.const 1)))
          (br $double)))
      ;; overlapping shift right by (round + 1) bytes, stripes cleared with memory.fill
      (memory.copy (i32.add (local.get $buf) (i32.add (local.get $round) (i32.const 1))) (local.get $buf)
        (i32.sub (local.get $size) (i32.const 64)))
      (local.set $p (i32.const 0))
      (loop $stripes
        (memory.fill (i32.add (local.get $buf) (local.get $p)) (i32.add (i32.const 48) (local.get $round)) (i32.const 97))
        (local.set $p (i32.add (local.get $p) (i32.const 4099)))
        (br_if $stripes (i32.lt_u (local.get $p) (i32.sub (local.get $size) (i32.const 128)))))
      (local.set $sum (i32.add (i32.rotl (local.get $sum) (i32.const 5)) (call $fnv (local.get $buf) (local.get $size))))
      (local.set $round (i32.add (local.get $round) (i32.const 1)))
      (br_if $rounds (i32.lt_u (local.get $round) (i32.const 40))))
    (call $minmax (local.get $buf) (local.get $size))
    (local.set $hi) (local.set $lo)
    (call $fibpair (i32.const 40))
    (drop) (local.set $f)
    (call $divmod (local.get $sum) (i32.const 1000))
    (local.set $r) (local.set $q)
    ;; "sum=N min=N max=N fib=N q=N r=N\n" at 1024
    (local.set $p (i32.const 1024))
    (local.set $p (call $field (local.get $p) (i64.const 0x3d6d7573) (i32.const 4) (local.get $sum)))
    (local.set $p (call $field (local.get $p) (i64.const 0x3d6e696d) (i32.const 4) (local.get $lo)))
    (local.set $p (call $field (local.get $p) (i64.const 0x3d78616d) (i32.const 4) (local.get $hi)))
    (local.set $p (call $field (local.get $p) (i64.const 0x3d626966) (i32.const 4) (local.get $f)))
    (local.set $p (call $field (local.get $p) (i64.const 0x3d71) (i32.const 2) (local.get $q)))
    (local.set $p (call $field (local.get $p) (i64.const 0x3d72) (i32.const 2) (local.get $r)))
    (i32.store8 (i32.sub (local.get $p) (i32.const 1)) (i32.const 10))
    (i32.store (i32.const 512) (i32.const 1024))
    (i32.store (i32.const 516) (i32.sub (local.get $p) (i32.const 1024)))
    (drop (call $fd_write (i32.const 1) (i32.const 512) (i32.const 1) (i32.const 520)))))
