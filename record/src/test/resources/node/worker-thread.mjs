// The worker thread of worker-host.mjs: instantiates the module, then wakes the main thread.
import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const imports = { env: { fill: () => 0, mix: (a, x) => [x, a] } };
new WebAssembly.Instance(new WebAssembly.Module(readFileSync(workerData.file)), imports);
Atomics.store(workerData.ready, 0, 1);
Atomics.notify(workerData.ready, 0);
