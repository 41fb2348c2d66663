;; One import that takes every number type, called once per export call with arguments that
;; differ from call to call but with the same result: the replay checks the arguments by digest
;; (one run for all calls) or at each call. run(k) writes k to address 0 before the call, so
;; after a trap memory tells which call trapped. Regenerate: wat2wasm args.wat -o args.wasm
(module
  (import "env" "f" (func $f (param i32 i64 f32 f64) (result i32)))
  (memory (export "memory") 1)
  (func (export "run") (param $k i32)
    (i32.store (i32.const 0) (local.get $k))
    (i32.store (i32.const 4)
      (call $f
        (local.get $k)
        (i64.mul (i64.extend_i32_u (local.get $k)) (i64.const 0x1_0000_0001))
        (f32.reinterpret_i32 (i32.add (i32.const 0x7fa00000) (local.get $k))) ;; NaN payloads
        (f64.convert_i32_u (local.get $k))))))
