// A host as Emscripten's pthreads builds are: node threads-host.mjs MODULE.wasm (threads.wat)
// The main thread and a worker thread (threads-worker.mjs) each instantiate the module on one
// shared memory. The main thread's first call ends in an exception its import throws (as a C++
// exception reaches JavaScript), which the host catches; then it waits in JavaScript until the
// worker has instantiated the module, publishes a value, and waits inside the module for the
// worker's answer in 1 ms chunks while the worker takes the value and answers.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const file = process.argv[2];
const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
const module = new WebAssembly.Module(readFileSync(file));
const note = (v) => {
  if (v < 0) throw new RangeError(`negative: ${v}`);
  return v + 1;
};
const { exports } = await WebAssembly.instantiate(module, { env: { memory, note } });
try {
  exports.produce(-1);
} catch (e) {
  console.log(`caught ${e.message}`);
}
const worker = new Worker(new URL('./threads-worker.mjs', import.meta.url), { workerData: { module, memory } });
await new Promise((resolve) => worker.once('message', resolve));
exports.produce(20);
console.log(`answer ${exports.await_answer()}`);
worker.on('exit', () => process.exit(0));
