;; A module whose JavaScript host adds functions of its own to its table, as Emscripten's
;; addFunction does (wasmoon's Lua-to-JavaScript callbacks, sql.js's create_function): the host
;; grows the table, sets its functions into the new slots, and run calls them with call_indirect.
;; Host function $ii (slot) calls back into the export bump and writes memory the guest reads;
;; $fdi (fslot) works on floats. wat2wasm add_function.wat -o add_function.wasm
(module
  (type $ii (func (param i32) (result i32)))
  (type $fdi (func (param i32 f64) (result f64)))
  (memory (export "memory") 1)
  (table (export "table") 2 funcref)
  (elem (i32.const 1) $twice)
  (func $twice (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "bump") (param $x i32)
    (i32.store (i32.const 32) (i32.add (i32.load (i32.const 32)) (local.get $x))))
  (func (export "run") (param $slot i32) (param $fslot i32) (param $n i32) (result f64)
    (local $i i32) (local $sum i32) (local $f f64)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (call_indirect (type $ii) (local.get $i) (local.get $slot))))
      (local.set $sum (i32.add (local.get $sum) (i32.load (i32.const 16))))
      (local.set $sum (i32.add (local.get $sum) (call_indirect (type $ii) (local.get $i) (i32.const 1))))
      (local.set $f (call_indirect (type $fdi) (local.get $i) (local.get $f) (local.get $fslot)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (f64.add (f64.convert_i32_s (i32.add (local.get $sum) (i32.load (i32.const 32)))) (local.get $f))))
