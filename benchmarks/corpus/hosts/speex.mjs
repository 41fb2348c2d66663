// Speex resampler, SIMD build (C, Emscripten; @echogarden/speex-resampler-wasm): resamples
// generated audio 48 kHz -> 16 kHz -> 44.1 kHz -> 22.05 kHz at several qualities; prints a
// checksum of the output samples.
//   node speex.mjs speex-resampler-simd.wasm [SECONDS]   (REPRISE_CORPUS_DIR = <cache>/corpus/speex-resampler-simd)
import { fail, importCorpusFile, intArg, result, sha256, wasmBytes } from './lib/host.mjs';
import { testAudio } from './lib/audio.mjs';

const seconds = intArg(0, 30);
const { default: factory } = await importCorpusFile('wasm/speex-resampler-simd.js');
const m = await factory({ wasmBinary: wasmBytes() });

function resample(samples, from, to, quality) {
    const err = m._malloc(4);
    const st = m._speex_resampler_init(1, from, to, quality, err);
    if (!st || m.HEAP32[err / 4] !== 0) {
        fail(`speex_resampler_init(${from} -> ${to}) failed: ${m.HEAP32[err / 4]}`);
    }
    const chunk = 4096;
    const outCap = Math.ceil((chunk * to) / from) + 64;
    const inPtr = m._malloc(chunk * 4);
    const outPtr = m._malloc(outCap * 4);
    const lens = m._malloc(8);
    const out = [];
    for (let off = 0; off < samples.length;) {
        const n = Math.min(chunk, samples.length - off);
        m.HEAPF32.set(samples.subarray(off, off + n), inPtr / 4);
        m.HEAPU32[lens / 4] = n;
        m.HEAPU32[lens / 4 + 1] = outCap;
        m._speex_resampler_process_float(st, 0, inPtr, lens, outPtr, lens + 4);
        const consumed = m.HEAPU32[lens / 4];
        const produced = m.HEAPU32[lens / 4 + 1];
        out.push(m.HEAPF32.slice(outPtr / 4, outPtr / 4 + produced));
        off += consumed;
    }
    m._speex_resampler_destroy(st);
    for (const p of [err, inPtr, outPtr, lens]) {
        m._free(p);
    }
    const all = new Float32Array(out.reduce((n, o) => n + o.length, 0));
    let at = 0;
    for (const o of out) {
        all.set(o, at);
        at += o.length;
    }
    return all;
}

const a = testAudio(seconds, 48000, 0.05);
const b = resample(a, 48000, 16000, 10);
const c = resample(b, 16000, 44100, 7);
const d = resample(c, 44100, 22050, 4);
result({ seconds, lengths: [a.length, b.length, c.length, d.length].join('/'),
    sha256: sha256(new Uint8Array(b.buffer), new Uint8Array(c.buffer), new Uint8Array(d.buffer)) });
