;; What a host can change besides bytes in memory, for host-mode recording: env.poke(what) lets
;; the host set the exported mutable global (0), copy table entry 0 to entry 1 of the exported
;; table (1), grow memory by a page and write a byte into the new page (2), or write bytes into
;; memory and then call back into the export `peek` before returning (3). Each export calls poke
;; and returns what the module then sees.
(module
  (import "env" "poke" (func $poke (param i32)))
  (type $ret (func (result i32)))
  (memory (export "memory") 1)
  (global $g (export "g") (mut i32) (i32.const 7))
  (table $t (export "t") 2 funcref)
  (elem (i32.const 0) $one)
  (func $one (type $ret) (i32.const 1))
  (func (export "global_after_poke") (result i32)
    (call $poke (i32.const 0))
    (global.get $g))
  (func (export "table_after_poke") (result i32)
    (call $poke (i32.const 1))
    (call_indirect (type $ret) (i32.const 1)))
  (func (export "grow_after_poke") (result i32)
    (call $poke (i32.const 2))
    (i32.add (i32.mul (memory.size) (i32.const 1000)) (i32.load8_u (i32.const 65539))))
  (func (export "peek") (param $at i32) (result i32)
    (i32.load8_u (local.get $at)))
  (func (export "reentry_after_poke") (result i32)
    (i32.store8 (i32.const 300) (i32.const 5))
    (call $poke (i32.const 3))
    (i32.add (i32.load8_u (i32.const 200)) (i32.load8_u (i32.const 300)))))
