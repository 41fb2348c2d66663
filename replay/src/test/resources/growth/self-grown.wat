;; A WASI command that grows its memory itself, fills the new pages from bytes the host wrote,
;; and reads them back before the host runs again. A --full trace reports those reads; the
;; reducer places them at the previous host-control point, where the memory did not reach them
;; yet, and the module's own memory.grow must not be replayed as host growth.
;; Regenerate: wat2wasm self-grown.wat -o self-grown.wasm
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory 1)
  (export "memory" (memory 0))
  (func (export "_start") (local $base i32) (local $i i32) (local $sum i32)
    (drop (call $random (i32.const 0) (i32.const 8)))
    (local.set $base (i32.mul (memory.grow (i32.const 2)) (i32.const 65536)))
    (loop $fill
      (i32.store (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2)))
        (i32.add (i32.load (i32.const 0)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 1000))))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $sum (i32.add (local.get $sum)
        (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $sum (i32.lt_u (local.get $i) (i32.const 1000))))
    (if (i32.ne (memory.size) (i32.const 3)) (then unreachable))
    (drop (call $random (i32.const 8) (i32.const 4)))
    ;; the arguments of this last call depend on everything read: the replay checks them
    (drop (call $random (i32.and (i32.xor (local.get $sum) (i32.load (i32.const 8))) (i32.const 0xfff)) (i32.const 1))))
)
