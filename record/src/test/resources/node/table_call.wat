;; Functions the host calls through the module's exported table, as Emscripten's embind and dynCall
;; and wasm-bindgen's closures do (table.get(i)(args)): neither is exported, so no export wrapper
;; reported their calls and a recording showed their reads outside any call (mozjpeg-enc).
;; Regenerate: wat2wasm table_call.wat -o table_call.wasm
(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (table (export "table") 3 funcref)
  (elem (i32.const 1) func $invoker $scale)
  (func $invoker (param $fn i32) (param $x i32) (result i32)
    (call $log (i32.load (i32.const 64)))
    (call_indirect (param i32) (result i32) (local.get $x) (local.get $fn)))
  (func $scale (param $x i32) (result i32)
    (i32.mul (local.get $x) (i32.load (i32.const 64))))
  (func (export "alloc") (result i32)
    (i32.const 64)))
