// The JavaScript host of add_function.wasm: node add-function-host.mjs MODULE.wasm N. Adds two
// functions of its own to the module's table as Emscripten's addFunction does (each JavaScript
// function wrapped as the export of a small wasm module that imports it), then prints
// run(slot, fslot, N). The first calls back into the export bump and writes memory at 16.
import { readFileSync } from 'node:fs';

const [file, n] = process.argv.slice(2);

/** A wasm function of type (params) -> (results) (value type bytes) that calls `f`. */
function asWasm(f, params, results) {
  const type = [0x60, params.length, ...params, results.length, ...results];
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, type.length + 1, 0x01, ...type,
    0x02, 0x07, 0x01, 0x01, 0x65, 0x01, 0x66, 0x00, 0x00,
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00];
  return new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), { e: { f } }).exports.f;
}

const I32 = 0x7f, F64 = 0x7c;
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {});
const memory = new Int32Array(exports.memory.buffer);
const callback = asWasm((x) => {
  exports.bump(x + 1);
  memory[4] = x * 7;
  return x * 3 + 1;
}, [I32], [I32]);
const scale = asWasm((i, f) => f + i * 0.5, [I32, F64], [F64]);
const slot = exports.table.grow(2);
exports.table.set(slot, callback);
exports.table.set(slot + 1, scale);
console.log(String(exports.run(slot, slot + 1, Number(n))));
if (exports.table.get(slot) !== callback) throw new Error('table.get does not give the host its own function back');
