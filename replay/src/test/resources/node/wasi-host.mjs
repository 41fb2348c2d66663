// A node:wasi host for WASI programs, by the host convention of reprise's JavaScript recorder:
//   node wasi-host.mjs PROGRAM.wasm [--env K=V]... [--dir GUEST=HOST]... [--] [ARGS...]
// argv[0] of the guest is the program's file name; the environment holds only --env entries;
// each --dir preopens HOST as GUEST. Exits with the guest's exit code.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { argv, exit } from 'node:process';
import { WASI } from 'node:wasi';

const [program, ...rest] = argv.slice(2);
const env = {};
const preopens = {};
let i = 0;
for (; i < rest.length; i++) {
  const a = rest[i];
  if (a === '--') { i++; break; }
  if (a === '--env' || a === '--dir') {
    const kv = rest[++i] ?? '';
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new Error(`${a} ${kv}: expected NAME=VALUE`);
    (a === '--env' ? env : preopens)[kv.slice(0, eq)] = kv.slice(eq + 1);
  } else {
    break;
  }
}
const wasi = new WASI({ version: 'preview1', args: [basename(program), ...rest.slice(i)], env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(program));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
