// A host as Emscripten's pthreads builds are: node threads-host.mjs MODULE.wasm (threads.wat)
// The main thread and a worker thread (threads-worker.mjs) each instantiate the module on one
// shared memory. The main thread publishes a value, then waits inside the module for the worker's
// answer in 1 ms chunks while the worker starts, instantiates, takes the value and answers.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const file = process.argv[2];
const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
const module = new WebAssembly.Module(readFileSync(file));
const { exports } = await WebAssembly.instantiate(module, { env: { memory, note: (v) => v + 1 } });
const worker = new Worker(new URL('./threads-worker.mjs', import.meta.url), { workerData: { module, memory } });
exports.produce(20);
console.log(`answer ${exports.await_answer()}`);
worker.on('exit', () => process.exit(0));
