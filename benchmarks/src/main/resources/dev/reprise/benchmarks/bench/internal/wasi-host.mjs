// reprise bench's host for WASI programs whose manifest entry says "engine": "node": runs the
// command under node:wasi. The module's path is argv[2] (a recording passes the instrumented
// module's path instead); the guest's argv[0], environment and preopened folders come from
// REPRISE_WASI_ARGV0, REPRISE_WASI_ENV (a JSON object) and REPRISE_WASI_PREOPENS (a JSON object
// guest path -> host folder). Exits with the guest's exit code.
//   node wasi-host.mjs MODULE.wasm [ARGS...]
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({
    version: 'preview1',
    args: [process.env.REPRISE_WASI_ARGV0 || file, ...args],
    env: JSON.parse(process.env.REPRISE_WASI_ENV || '{}'),
    preopens: JSON.parse(process.env.REPRISE_WASI_PREOPENS || '{}'),
    returnOnExit: true,
});
const { instance } = await WebAssembly.instantiate(readFileSync(file), wasi.getImportObject());
process.exitCode = wasi.start(instance);
