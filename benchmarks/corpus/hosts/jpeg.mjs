// MozJPEG encoder (C, Emscripten + embind; @jsquash/jpeg codec/enc/mozjpeg_enc): encodes a
// generated image baseline, progressive, with trellis quantisation and in smoothed greyscale; prints a
// checksum of the JPEG files.
//   node jpeg.mjs mozjpeg-enc.wasm [SIZE]    (REPRISE_CORPUS_DIR = <cache>/corpus/mozjpeg-enc)
import { importCorpusFile, intArg, result, sha256, wasmBytes } from './lib/host.mjs';
import { testImage } from './lib/image.mjs';

const size = intArg(0, 512);
const { default: factory } = await importCorpusFile('codec/enc/mozjpeg_enc.js');
const { defaultOptions } = await importCorpusFile('meta.js');
const module = await factory({ wasmBinary: wasmBytes() });
const image = testImage(size, size);
const files = [];
for (const options of [
    { quality: 40, baseline: true, progressive: false },
    { quality: 75 },
    { quality: 90, trellis_multipass: true, trellis_opt_zero: true, trellis_opt_table: true, trellis_loops: 2 },
    { quality: 60, color_space: 1 /* grayscale */, smoothing: 20 },
]) {
    files.push(Buffer.from(module.encode(image.data, image.width, image.height, { ...defaultOptions, ...options })));
}
result({ size, bytes: files.map((f) => f.length).join('/'), sha256: sha256(...files) });
