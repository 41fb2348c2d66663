;; A host that writes many separate runs of bytes (esbuild's Go glue writing its file system's
;; data): each becomes a memory.init run of the replay. The test pads the module with passive
;; data segments up to near V8's limit of 100,000 (esbuild has 98,450 of its own).
;; Regenerate: wat2wasm many_runs.wat -o many_runs.wasm
(module
  (import "env" "fill" (func $fill))
  (memory (export "memory") 1)
  (func (export "sum") (result i32)
    (local $at i32)
    (local $sum i32)
    (call $fill)
    (loop $bytes
      (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $at))))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br_if $bytes (i32.lt_u (local.get $at) (i32.const 65536))))
    (local.get $sum)))
