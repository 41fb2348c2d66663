;; Tiny WASI command for the bench tests: reads the clock (clock_time_get writes 8 bytes the
;; module then reads), prints "bye" and ends with proc_exit(3) when the clock is past 2000-01-01.
;; Its replay must end by trapping inside proc_exit's replay function, where the recorded run ended.
;; Regenerate: wat2wasm exit3.wat -o exit3.wasm
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "bye\n")
  ;; 0..7 the time, 32 iovec, 40 nwritten
  (func (export "_start")
    (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 0)))
    (i32.store (i32.const 32) (i32.const 16))
    (i32.store (i32.const 36) (i32.const 4))
    (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40)))
    (if (i64.gt_u (i64.load (i32.const 0)) (i64.const 946684800000000000))
      (then (call $proc_exit (i32.const 3))))))
