// A host as Emscripten's pthreads builds are: node worker-host.mjs MODULE.wasm
// The main thread instantiates the module and calls it, starts a worker thread that instantiates
// the module too (worker-thread.mjs), then blocks in Atomics.wait for that thread, never
// returning to its event loop (so a worker's error event never reaches it).
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const file = process.argv[2];
const imports = { env: { fill: () => 0, mix: (a, x) => [x, a] } };
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), imports);
exports.run(2, 1);
const ready = new Int32Array(new SharedArrayBuffer(4));
new Worker(new URL('./worker-thread.mjs', import.meta.url), { workerData: { file, ready } });
Atomics.wait(ready, 0, 0);
console.log('the worker thread started');
