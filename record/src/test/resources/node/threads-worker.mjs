// The worker thread of threads-host.mjs: instantiates the module on the shared memory, tells the
// main thread, takes the value the main thread published and answers.
import { parentPort, workerData } from 'node:worker_threads';

const { module, memory } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory, note: (v) => v } });
parentPort.postMessage('ready');
// consume through the table (as Emscripten's invokeEntryPoint calls a thread's start routine)
instance.exports.answer(instance.exports.table.get(0)());
