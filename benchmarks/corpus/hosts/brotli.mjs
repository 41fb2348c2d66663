// Brotli (Rust, wasm-bindgen web target; brotli-wasm): compresses generated text at several
// quality levels, with both the one-shot and the streaming API, checks the round trips, prints
// a checksum of the compressed bytes.
//   node brotli.mjs brotli.wasm [ROUNDS]     (REPRISE_CORPUS_DIR = <cache>/corpus/brotli)
import { importEsmGlue } from './lib/esm-wasm.mjs';
import { fail, inputBytes, intArg, result, sha256, wasmBytes } from './lib/host.mjs';

const rounds = intArg(0, 6);
const brotli = await importEsmGlue('pkg.web/brotli_wasm.js');
await brotli.default(wasmBytes());
const text = inputBytes('words.txt');
const packed = [];
for (let r = 0; r < rounds; r++) {
    const input = text.subarray(0, Math.min(text.length, 40000 * (r + 1)));
    const quality = [1, 5, 9, 11][r % 4];
    const c = brotli.compress(input, { quality });
    const d = brotli.decompress(c);
    if (Buffer.compare(Buffer.from(d), input) !== 0) {
        fail(`round ${r}: decompress(compress(x)) != x at quality ${quality}`);
    }
    packed.push(c);
}
// streaming: compress in 4 KiB chunks (as much text as the last round)
const streamText = text.subarray(0, Math.min(text.length, 40000 * rounds));
const stream = new brotli.CompressStream(6);
const chunks = [];
for (let off = 0; off < streamText.length; off += 4096) {
    const res = stream.compress(streamText.subarray(off, off + 4096), 1 << 16);
    chunks.push(res.buf);
}
chunks.push(stream.compress(undefined, 1 << 16).buf);
stream.free();
const streamed = Buffer.concat(chunks.map((c) => Buffer.from(c)));
if (Buffer.compare(Buffer.from(brotli.decompress(streamed)), streamText) !== 0) {
    fail('streamed compression does not round-trip');
}
packed.push(streamed);
result({ rounds, compressed: packed.reduce((n, p) => n + p.length, 0), sha256: sha256(...packed) });
