// Runs a replay module under node and prints one JSON line: how its run ended and the SHA-256 of
// each memory exported as reprise.memory.N. Usage: node run-replay.mjs REPLAY.wasm MEMORIES wasi|plain [END_GLOBAL]
// A two-module replay: node run-replay.mjs T.wasm MEMORIES pair:R.wasm [END_GLOBAL] (R instantiated
// first, T linked against its exports as module "reprise.replay"; the memories are R's memory.N).
// Guest output (kept fd_write) goes to /dev/null: the line on stdout is the result.
import { readFileSync, openSync } from 'node:fs';
import { createHash } from 'node:crypto';
const [file, count, mode, endName] = process.argv.slice(2);
const module = await WebAssembly.compile(readFileSync(file));
let wasi = null;
let imports = {};
let memories = null;
if (mode.startsWith('pair:')) {
  const r = await WebAssembly.instantiate(await WebAssembly.compile(readFileSync(mode.slice(5))), {});
  imports = { 'reprise.replay': r.exports };
  memories = (m) => r.exports['memory.' + m];
}
if (mode === 'wasi') {
  const { WASI } = await import('node:wasi');
  const devnull = openSync('/dev/null', 'w');
  wasi = new WASI({ version: 'preview1', args: [], env: {}, returnOnExit: true, stdout: devnull, stderr: devnull });
  imports = wasi.getImportObject();
}
const instance = await WebAssembly.instantiate(module, imports);
const result = { trapped: false };
try {
  if (wasi) {
    const code = wasi.start(instance);
    if (code !== undefined && code !== 0) result.exit = code;
  } else {
    instance.exports._start();
  }
} catch (e) {
  result.trapped = true;
  result.message = String(e && e.message || e);
}
if (endName) result.end = instance.exports[endName].value;
result.memories = [];
for (let m = 0; m < Number(count); m++) {
  const mem = memories ? memories(m) : instance.exports['reprise.memory.' + m];
  const bytes = new Uint8Array(mem.buffer);
  result.memories.push({ pages: bytes.length / 65536, sha256: createHash('sha256').update(bytes).digest('hex') });
}
process.stdout.write(JSON.stringify(result) + '\n');
