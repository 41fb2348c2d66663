;; wasm-bindgen's externref heap: the module grows an exported externref table itself, puts an
;; export's argument (a host object) into the new slot and hands it to an import from there. A
;; --full (or JavaScript) recording reports that read of the slot as a table_set the reducer cannot
;; tell from a host's, placed before the export call, where the table does not reach the slot yet.
;; Regenerate: wat2wasm externref_heap.wat -o externref_heap.wasm
(module
  (import "env" "len" (func $len (param externref) (result i32)))
  (table $heap (export "heap") 2 externref)
  (func (export "measure") (param $obj externref) (result i32)
    (local $slot i32)
    (local.set $slot (table.grow $heap (ref.null extern) (i32.const 1)))
    (table.set $heap (local.get $slot) (local.get $obj))
    (i32.add
      (call $len (table.get $heap (local.get $slot)))
      (i32.mul (local.get $slot) (i32.const 100)))))
