;; A WASI command whose run ends in its own code: it writes to stderr through its host, checks the
;; host's answer, then traps (wasi-libc's abort after a failed assert, as wasi-testsuite's
;; sock_shutdown-not_sock does under node, whose sock_shutdown answers ENOTSUP). The recorded
;; _start never returns and no import call is open at the end: the replay must end with the same
;; trap, in the target's code, and be taken for the recorded end.
;; Regenerate: wat2wasm guest_trap.wat -o guest_trap.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "assertion failed\n")
  (func $abort
    unreachable)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 17))
    (if (i32.ne (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)) (i32.const 0))
      (then (return)))
    (if (i32.ne (i32.load (i32.const 8)) (i32.const 17))
      (then (return)))
    (call $abort)))
