// RNNoise (C, Emscripten; @echogarden/rnnoise-wasm): a recurrent neural network (weights built
// into the module) removes noise from generated 48 kHz speech-like audio, frame by frame;
// prints the mean voice-activity probability and a checksum of the cleaned samples.
//   node rnnoise.mjs rnnoise.wasm [SECONDS]  (REPRISE_CORPUS_DIR = <cache>/corpus/rnnoise)
import { importCorpusFile, intArg, result, sha256, wasmBytes } from './lib/host.mjs';
import { testAudio } from './lib/audio.mjs';

const seconds = intArg(0, 20);
const { default: RNNoise } = await importCorpusFile('rnnoise.js');
const m = await RNNoise({ wasmBinary: wasmBytes() });
const frame = m._rnnoise_get_frame_size();
const state = m._rnnoise_create(0);
const input = testAudio(seconds, 48000, 0.15);
const inPtr = m._malloc(frame * 4);
const outPtr = m._malloc(frame * 4);
const cleaned = new Float32Array(input.length - (input.length % frame));
let vad = 0;
let frames = 0;
for (let off = 0; off + frame <= input.length; off += frame) {
    const heap = m.HEAPF32;
    for (let i = 0; i < frame; i++) {
        heap[inPtr / 4 + i] = input[off + i] * 32767;        // RNNoise works on 16-bit PCM scale
    }
    vad += m._rnnoise_process_frame(state, outPtr, inPtr);
    cleaned.set(m.HEAPF32.subarray(outPtr / 4, outPtr / 4 + frame), off);
    frames++;
}
m._rnnoise_destroy(state);
m._free(inPtr);
m._free(outPtr);
result({ seconds, frames, vad: (vad / frames).toFixed(6), sha256: sha256(new Uint8Array(cleaned.buffer)) });
