// libwebp encoder, SIMD build (C, Emscripten + embind; @jsquash/webp codec/enc/webp_enc_simd):
// encodes a generated image lossy at three qualities and once lossless; prints a checksum of
// the WebP files.
//   node webp.mjs webp-enc-simd.wasm [SIZE]  (REPRISE_CORPUS_DIR = <cache>/corpus/webp-enc-simd)
import { importCorpusFile, intArg, result, sha256, wasmBytes } from './lib/host.mjs';
import { testImage } from './lib/image.mjs';

const size = intArg(0, 384);
const { default: factory } = await importCorpusFile('codec/enc/webp_enc_simd.js');
const { defaultOptions } = await importCorpusFile('meta.js');
const module = await factory({ wasmBinary: wasmBytes() });
const image = testImage(size, size);
const files = [];
for (const options of [{ quality: 30 }, { quality: 75, method: 6 }, { quality: 95, use_sharp_yuv: 1 }, { lossless: 1, quality: 50 }]) {
    const out = module.encode(image.data, image.width, image.height, { ...defaultOptions, ...options });
    files.push(Buffer.from(out));
}
result({ size, bytes: files.map((f) => f.length).join('/'), sha256: sha256(...files) });
