// Browser-style Web Workers on node's worker_threads, for Emscripten pthread builds made for the
// web only (they call `new Worker(url, {type: "module"})` and, inside the worker, use `self`,
// `self.onmessage` and `postMessage`). installBrowserWorkers() sets globalThis.Worker and a fixed
// navigator.hardwareConcurrency (so the thread pool size does not depend on the machine); each
// worker first runs this file, which installs the worker-side globals and imports the script.
import { Worker as NodeWorker, isMainThread, parentPort, workerData } from 'node:worker_threads';

/** Makes `new Worker(url)` start a worker_threads worker running the module script at url. */
export function installBrowserWorkers(hardwareConcurrency) {
    Object.defineProperty(globalThis, 'navigator', {
        value: { hardwareConcurrency, userAgent: 'node' }, configurable: true, writable: true,
    });
    globalThis.Worker = class BrowserWorker {
        constructor(url, options = {}) {
            this.worker = new NodeWorker(new URL(import.meta.url), {
                workerData: { browserWorkerScript: String(url), hardwareConcurrency },
                name: options.name,
            });
            this.worker.on('message', (data) => this.onmessage?.({ data }));
            this.worker.on('error', (error) => this.onerror?.(error));
        }

        postMessage(message, transfer) {
            this.worker.postMessage(message, transfer);
        }

        terminate() {
            return this.worker.terminate();
        }

        unref() {
            this.worker.unref();
        }
    };
}

if (!isMainThread && workerData?.browserWorkerScript) {
    globalThis.self = globalThis;
    Object.defineProperty(globalThis, 'navigator', {
        value: { hardwareConcurrency: workerData.hardwareConcurrency, userAgent: 'node' }, configurable: true, writable: true,
    });
    globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
    // messages that arrive while the script is still loading are delivered once it has loaded
    let early = [];
    parentPort.on('message', (data) => (early ? early.push(data) : globalThis.onmessage?.({ data })));
    await import(workerData.browserWorkerScript);
    const queued = early;
    early = null;
    for (const data of queued) {
        globalThis.onmessage?.({ data });
    }
}
