// Times a module's _start inside one node process: prints the median milliseconds of N runs,
// each on a fresh instance of a module compiled once (compilation is not timed).
// Usage: node time-start.mjs wasi|replay N MODULE.wasm [args...]
//   wasi:   a WASI command under node:wasi (its output goes to /dev/null)
//   replay: a zero-import replay module from `reprise replay`
import { readFile } from 'node:fs/promises';
import { openSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const [mode, count, file, ...args] = argv.slice(2);
const module = await WebAssembly.compile(await readFile(file));
const sink = openSync('/dev/null', 'w');
const times = [];
for (let i = 0; i < Number(count) + 1; i++) {
  let run;
  if (mode === 'wasi') {
    const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true, stdout: sink, stderr: sink });
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    run = () => { const code = wasi.start(instance); if (code !== 0) { throw new Error(`exit ${code}`); } };
  } else {
    const instance = await WebAssembly.instantiate(module, {});
    run = () => instance.exports._start();
  }
  const t = performance.now();
  run();
  if (i > 0) times.push(performance.now() - t); // the first run warms the tiers up
}
times.sort((a, b) => a - b);
console.log(times[Math.floor(times.length / 2)].toFixed(3));
exit(0);
