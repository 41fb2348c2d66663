// Zstandard (C, Emscripten; @bokuweb/zstd-wasm): compresses generated data at levels 1..19 and
// with a dictionary, checks the round trips; prints a checksum of the frames.
//   node zstd.mjs zstd.wasm [MAXLEVEL]       (REPRISE_CORPUS_DIR = <cache>/corpus/zstd)
import { createRequire } from 'node:module';
import { corpusFile, fail, inputBytes, intArg, result, sha256, wasmBytes } from './lib/host.mjs';

const maxLevel = intArg(0, 15);
const require = createRequire(import.meta.url);
const { Module, waitInitialized } = require(corpusFile('dist/common/module.js'));
Module.init(wasmBytes());
await waitInitialized();
const { compress } = require(corpusFile('dist/common/simple/compress.js'));
const { decompress } = require(corpusFile('dist/common/simple/decompress.js'));
const { compressUsingDict, createCCtx } = require(corpusFile('dist/common/simple/compress_using_dict.js'));
const { decompressUsingDict, createDCtx } = require(corpusFile('dist/common/simple/decompress_using_dict.js'));

const text = inputBytes('words.txt');
const frames = [];
for (let level = 1; level <= maxLevel; level += 2) {
    const input = text.subarray(0, 20000 * level);
    const c = compress(input, level);
    if (Buffer.compare(Buffer.from(decompress(c)), input) !== 0) {
        fail(`level ${level}: round trip differs`);
    }
    frames.push(c);
}
// a dictionary made of the first 8 KiB, used on small documents
const dict = text.subarray(0, 8192);
const cctx = createCCtx();
const dctx = createDCtx();
for (let i = 0; i < 60; i++) {
    const doc = text.subarray(10000 + i * 1500, 10000 + i * 1500 + 1400);
    const c = compressUsingDict(cctx, doc, dict, 9);
    if (Buffer.compare(Buffer.from(decompressUsingDict(dctx, c, dict)), doc) !== 0) {
        fail(`dictionary document ${i}: round trip differs`);
    }
    frames.push(c);
}
result({ maxLevel, frames: frames.length, bytes: frames.reduce((n, f) => n + f.length, 0), sha256: sha256(...frames) });
