// esbuild (Go, GOOS=js GOARCH=wasm; esbuild-wasm): runs the esbuild command line under Go's
// wasm_exec.js glue, bundling and minifying inputs/esbuild/main.ts (TypeScript, ours) ROUNDS
// times with different options; output goes to a captured stdout; prints its checksum.
//   node esbuild.mjs esbuild.wasm [ROUNDS]    (REPRISE_CORPUS_DIR = <cache>/corpus/esbuild)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { corpusFile, fail, inputPath, intArg, result, sha256, wasmBytes } from './lib/host.mjs';

const rounds = intArg(0, 3);
const FLAG_SETS = [
    ['--bundle', '--minify', '--format=esm'],
    ['--bundle', '--format=iife', '--global-name=demo', '--target=es2017'],
    ['--bundle', '--minify-syntax', '--format=cjs', '--platform=node'],
];

// Go's runtime does its file I/O through globalThis.fs (node's fs): route fd 1 to a buffer.
let captured = [];
const fsProxy = new Proxy(fs, {
    get(target, prop) {
        if (prop === 'writeSync') {
            return (fd, buf, ...rest) => {
                if (fd === 1) {
                    captured.push(Buffer.from(buf));
                    return buf.length;
                }
                return target.writeSync(fd, buf, ...rest);
            };
        }
        if (prop === 'write') {
            return (fd, buf, offset, length, position, callback) => {
                if (fd === 1) {
                    captured.push(Buffer.from(buf.subarray(offset, offset + length)));
                    callback(null, length);
                    return;
                }
                return target.write(fd, buf, offset, length, position, callback);
            };
        }
        return Reflect.get(target, prop);
    },
});
globalThis.fs = fsProxy;
globalThis.require ??= createRequire(import.meta.url);
createRequire(import.meta.url)(corpusFile('wasm_exec.js'));

const bytes = wasmBytes();
const entry = inputPath('esbuild/main.ts');
const outputs = [];
for (let r = 0; r < rounds; r++) {
    const go = new globalThis.Go();
    let exitCode = null;
    go.argv = ['esbuild', entry, ...FLAG_SETS[r % FLAG_SETS.length], '--log-level=warning'];
    go.env = { TMPDIR: '/tmp' };
    go.exit = (code) => {
        exitCode = code;
    };
    captured = [];
    const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
    await go.run(instance);
    if (exitCode !== 0) {
        fail(`round ${r}: esbuild exited with ${exitCode}`);
    }
    outputs.push(Buffer.concat(captured));
}
const last = outputs[outputs.length - 1] ?? Buffer.alloc(0);
result({ rounds, bytes: outputs.reduce((n, o) => n + o.length, 0), lastHead: JSON.stringify(last.subarray(0, 24).toString()), sha256: sha256(...outputs) });
