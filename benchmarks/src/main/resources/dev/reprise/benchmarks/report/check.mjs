// Checks replay modules exported by `reprise bench --export DIR`: each NAME.wasm imports nothing;
// it is instantiated with an empty import object, its _start runs, and the way it ends and the
// SHA-256 of its memory are compared with NAME.json ("expect"). A replay whose recorded run ended
// inside an import (proc_exit) ends by trapping there after setting its exported global
// "reprise.replay.end" to 1; any other trap is a failed self-check.
// Usage: node check.mjs [NAME.wasm ...]   (default: every .wasm beside this script)
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = process.argv.length > 2 ? process.argv.slice(2).map(f => join(here, basename(f)))
  : readdirSync(here).filter(f => f.endsWith('.wasm')).sort().map(f => join(here, f));
let failed = 0;
for (const file of files) {
  const expect = JSON.parse(readFileSync(file.replace(/\.wasm$/, '.json'), 'utf8')).expect;
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
  let end = 'return', how = 'returned';
  try {
    instance.exports._start();
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    const flag = instance.exports['reprise.replay.end'];
    end = flag && flag.value === 1 ? 'trap' : 'failed self-check';
    how = flag && flag.value === 1 ? `ended in ${expect.trapIn || 'an import'} as recorded` : `trapped: ${e.message}`;
  }
  const memory = Object.values(instance.exports).find(x => x instanceof WebAssembly.Memory);
  const digest = memory ? createHash('sha256').update(new Uint8Array(memory.buffer)).digest('hex') : null;
  const ok = end === expect.end && digest === expect.memorySha256;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${basename(file)}: ${how}, memory ${digest ? digest.slice(0, 16) : 'none'}`
    + (ok ? '' : ` (expected ${expect.end}${expect.trapIn ? ' in ' + expect.trapIn : ''}, memory ${String(expect.memorySha256).slice(0, 16)})`));
}
console.log(`${files.length - failed} of ${files.length} replay modules reproduced their recorded run`);
process.exit(failed ? 1 : 0);
