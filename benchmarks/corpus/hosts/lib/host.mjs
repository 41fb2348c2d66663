// Shared helpers for the node host scripts of benchmarks/corpus/programs.json.
//
// Host contract: node HOST.mjs MODULE.wasm [ARGS...]. The module's bytes come from argv[2]
// (never from its package: a recording passes the instrumented module instead), the package's
// JavaScript glue from REPRISE_CORPUS_DIR (the binary's cache folder, <cache>/corpus/NAME/),
// inputs from benchmarks/corpus/inputs/. The work done is fixed and deterministic; the host
// prints one result line and exits 0.
import fs, { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Prints "host: MESSAGE" on stderr and exits 1. */
export function fail(message) {
    process.stderr.write(`${hostName()}: ${message}\n`);
    process.exit(1);
}

function hostName() {
    const script = process.argv[1] ?? 'host';
    return script.replace(/^.*[\\/]/, '').replace(/\.mjs$/, '');
}

/** The path of the module to run (argv[2]). */
export function wasmPath() {
    const p = process.argv[2];
    if (!p) {
        fail('usage: node HOST.mjs MODULE.wasm [ARGS...]');
    }
    return p;
}

/** The bytes of the module to run (argv[2]). */
export function wasmBytes() {
    const p = wasmPath();
    try {
        return readFileSync(p);
    } catch (e) {
        fail(`cannot read ${p}: ${e.message}`);
    }
}

/** The host's own arguments after MODULE.wasm. */
export function hostArgs() {
    return process.argv.slice(3);
}

/** An integer host argument with a default. */
export function intArg(index, fallback) {
    const a = hostArgs()[index];
    if (a === undefined) {
        return fallback;
    }
    const n = Number.parseInt(a, 10);
    if (!Number.isSafeInteger(n) || String(n) !== a.trim()) {
        fail(`argument ${index + 1} must be an integer, got "${a}"`);
    }
    return n;
}

/** The binary's cache folder (REPRISE_CORPUS_DIR), where its pinned package files are. */
export function corpusDir() {
    const d = process.env.REPRISE_CORPUS_DIR;
    if (!d) {
        fail('REPRISE_CORPUS_DIR is not set (the cache folder of this binary, <cache>/corpus/NAME; run .ci/fetch-corpus)');
    }
    return resolve(d);
}

/** The path of a pinned package file in the binary's cache folder; fails clearly when absent. */
export function corpusFile(relative) {
    const p = join(corpusDir(), relative);
    if (!existsSync(p)) {
        fail(`${p} is missing (a package file pinned in benchmarks/corpus/binaries.json; run .ci/fetch-corpus)`);
    }
    return p;
}

/** Imports a pinned package file (ES module or CommonJS) from the binary's cache folder. */
export async function importCorpusFile(relative) {
    return import(pathToFileURL(corpusFile(relative)).href);
}

/**
 * Requires CommonJS glue of wasm-bindgen's "nodejs" target, which reads its .wasm file with
 * fs.readFileSync(path.join(__dirname, WASM_NAME)) while it loads: that one read is answered with
 * the module of argv[2] (the package's .wasm is not cached beside the glue).
 */
export function requireNodeGlue(relative, wasmName) {
    const glue = corpusFile(relative);
    const wanted = join(dirname(glue), wasmName);
    const original = fs.readFileSync;
    let answered = false;
    fs.readFileSync = function (file, ...rest) {
        if (typeof file === 'string' && resolve(file) === wanted) {
            answered = true;
            return wasmBytes();
        }
        return original.call(this, file, ...rest);
    };
    try {
        const exports = createRequire(import.meta.url)(glue);
        if (!answered) {
            fail(`${relative} did not read ${wasmName}: not wasm-bindgen nodejs-target glue?`);
        }
        return exports;
    } finally {
        fs.readFileSync = original;
    }
}

/** The path of an input file under benchmarks/corpus/inputs/. */
export function inputPath(relative) {
    return fileURLToPath(new URL(`../../inputs/${relative}`, import.meta.url));
}

/** The bytes of an input file under benchmarks/corpus/inputs/. */
export function inputBytes(relative) {
    const p = inputPath(relative);
    try {
        return readFileSync(p);
    } catch (e) {
        fail(`cannot read input ${p}: ${e.message}`);
    }
}

/** Lower-case hex SHA-256 of the concatenation of the parts (strings are UTF-8). */
export function sha256(...parts) {
    const h = createHash('sha256');
    for (const p of parts) {
        h.update(p);
    }
    return h.digest('hex');
}

/** A deterministic pseudo-random generator (xorshift32) for generated work. */
export function xorshift(seed) {
    let x = seed >>> 0 || 1;
    return () => {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        return x;
    };
}

/** Prints the result line: "NAME key=value ..." and leaves the exit code at 0. */
export function result(fields) {
    const parts = Object.entries(fields).map(([k, v]) => `${k}=${v}`);
    process.stdout.write(`${hostName()} ${parts.join(' ')}\n`);
}
