;; wat2wasm --enable-threads threads.wat -o threads.wasm
;; Two threads on one shared memory, as Emscripten's pthreads run: the main thread hands a value
;; to a worker thread through a futex word, then waits for the answer in 1 ms chunks (as
;; emscripten_futex_wait does on the main thread); the worker waits without a timeout.
;;   flag at 0: 1 once the value at 16 is there; flag at 4: 1 once the answer at 8 is there
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "env" "note" (func $note (param i32) (result i32)))
  ;; the worker calls consume through the table, as Emscripten's invokeEntryPoint runs a thread's body
  (table (export "table") 1 funcref)
  (elem (i32.const 0) $consume)
  ;; main: the value the host gives, published for the worker
  (func (export "produce") (param $v i32)
    (i32.store (i32.const 16) (call $note (local.get $v)))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  ;; worker: waits for the value, returns it
  (func $consume (export "consume") (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.atomic.load (i32.const 0)))
        (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
        (br $again)))
    (i32.load (i32.const 16)))
  ;; worker: publishes the answer
  (func (export "answer") (param $v i32)
    (i32.store (i32.const 8) (i32.mul (local.get $v) (i32.const 2)))
    (i32.atomic.store (i32.const 4) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 4) (i32.const -1))))
  ;; main: waits for the answer in 1 ms chunks, counting the chunks that timed out at 24
  (func (export "await_answer") (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.atomic.load (i32.const 4)))
        (if (i32.eq (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const 1000000)) (i32.const 2))
          (then (i32.store (i32.const 24) (i32.add (i32.load (i32.const 24)) (i32.const 1)))))
        (br $again)))
    (i32.load (i32.const 8))))
