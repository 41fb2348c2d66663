// The JavaScript host of table_call.wasm: node table-call-host.mjs MODULE.wasm FACTOR X
// Writes FACTOR into the module's memory, then calls function 1 of its exported table (an
// invoker, as embind's) with function 2 and X, and function 2 directly; prints both results.
import { readFileSync } from 'node:fs';

const [file, factor, x] = process.argv.slice(2);
const logged = [];
const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { log: (v) => logged.push(v) } });
const { memory, table, alloc } = instance.exports;
new DataView(memory.buffer).setInt32(alloc(), Number(factor), true);
const invoked = table.get(1)(2, Number(x));
const direct = table.get(2)(Number(x) + 1);
console.log(`${invoked} ${direct} ${logged.join(',')}`);
