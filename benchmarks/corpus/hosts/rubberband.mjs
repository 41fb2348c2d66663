// Rubber Band (C++, Emscripten; @echogarden/rubberband-wasm): time-stretches generated audio
// by 1.5 and pitch-shifts it up by 4 semitones (offline mode: study, then process); prints a
// checksum of the output samples.
//   node rubberband.mjs rubberband.wasm [SECONDS]   (REPRISE_CORPUS_DIR = <cache>/corpus/rubberband)
import { importCorpusFile, intArg, result, sha256, wasmBytes } from './lib/host.mjs';
import { testAudio } from './lib/audio.mjs';

const seconds = intArg(0, 8);
const { default: factory } = await importCorpusFile('rubberband.js');
const m = await factory({ wasmBinary: wasmBytes() });
const rate = 44100;
const input = testAudio(seconds, rate, 0.02);

function stretch(samples, timeRatio, pitchScale) {
    const OFFLINE = 0;                       // RubberBandOptionProcessOffline | defaults
    const st = m._rubberband_new(rate, 1, OFFLINE, timeRatio, pitchScale);
    m._rubberband_set_expected_input_duration(st, samples.length);
    const block = 4096;
    const buf = m._malloc(block * 4);
    const ptrs = m._malloc(4);
    m.HEAPU32[ptrs / 4] = buf;
    for (let off = 0; off < samples.length; off += block) {        // study pass
        const n = Math.min(block, samples.length - off);
        m.HEAPF32.set(samples.subarray(off, off + n), buf / 4);
        m._rubberband_study(st, ptrs, n, off + n >= samples.length ? 1 : 0);
    }
    const out = [];
    const drain = () => {
        for (let avail; (avail = m._rubberband_available(st)) > 0;) {
            const n = m._rubberband_retrieve(st, ptrs, Math.min(avail, block));
            out.push(m.HEAPF32.slice(buf / 4, buf / 4 + n));
        }
    };
    for (let off = 0; off < samples.length; off += block) {        // process pass
        const n = Math.min(block, samples.length - off);
        m.HEAPF32.set(samples.subarray(off, off + n), buf / 4);
        m._rubberband_process(st, ptrs, n, off + n >= samples.length ? 1 : 0);
        drain();
    }
    drain();
    m._rubberband_delete(st);
    m._free(buf);
    m._free(ptrs);
    return out;
}

const stretched = stretch(input, 1.5, 1.0);
const shifted = stretch(input, 1.0, 2 ** (4 / 12));
const count = (parts) => parts.reduce((n, p) => n + p.length, 0);
result({ seconds, stretched: count(stretched), shifted: count(shifted),
    sha256: sha256(...stretched.map((p) => new Uint8Array(p.buffer)), ...shifted.map((p) => new Uint8Array(p.buffer))) });
