// The JavaScript host of reentry.wasm: node reentry-host.mjs MODULE.wasm instance|streaming N X
// Instantiates with new WebAssembly.Instance or WebAssembly.instantiateStreaming, calls run(N, X)
// prints its results, then writes 7, 8, 9 at address 4000 (never read).
import { readFileSync } from 'node:fs';

const [file, how, n, x] = process.argv.slice(2);
const bytes = readFileSync(file);
let exports;
const imports = {
  env: {
    fill(ptr, len) {
      const mem = new Uint8Array(exports.memory.buffer);
      for (let i = 0; i < len; i++) mem[ptr + i] = 10 + i;
      exports.counter.value = 42;
      return exports.sum(ptr, len) + 1;
    },
    mix(a, x) {
      return [x * 2, a - 5n];
    },
  },
};
if (how === 'instance') {
  exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports;
} else {
  const response = new Response(bytes, { headers: { 'content-type': 'application/wasm' } });
  exports = (await WebAssembly.instantiateStreaming(response, imports)).instance.exports;
}
const [k, m] = exports.run(Number(n), Number(x));
console.log(`${k} ${m}`);
// a host write after the last call that the module never reads: part of the recorded final state (shadow mode)
new Uint8Array(exports.memory.buffer).set([7, 8, 9], 4000);
