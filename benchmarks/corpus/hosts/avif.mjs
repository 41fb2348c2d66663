// libavif + libaom AV1 encoder, pthreads build (C, Emscripten for the web; @jsquash/avif
// codec/enc/avif_enc_mt): encodes a generated image at two speeds and qualities on a pool of 4
// worker threads (browser Workers provided on worker_threads); prints a checksum of the files.
//   node avif.mjs avif-enc-mt.wasm [SIZE]    (REPRISE_CORPUS_DIR = <cache>/corpus/avif-enc-mt)
import { importCorpusFile, intArg, result, sha256, wasmBytes } from './lib/host.mjs';
import { installBrowserWorkers } from './lib/browser-worker.mjs';
import { testImage } from './lib/image.mjs';

const size = intArg(0, 256);
installBrowserWorkers(4);
const { default: factory } = await importCorpusFile('codec/enc/avif_enc_mt.js');
const { defaultOptions } = await importCorpusFile('meta.js');
const module = await factory({ wasmBinary: wasmBytes() });
const image = testImage(size, size);
const files = [];
for (const options of [{ quality: 40, speed: 8 }, { quality: 70, speed: 6, tileColsLog2: 1 }]) {
    const out = module.encode(new Uint8Array(image.data.buffer), image.width, image.height, { ...defaultOptions, ...options });
    files.push(Buffer.from(out));
}
result({ size, bytes: files.map((f) => f.length).join('/'), sha256: sha256(...files) });
process.exit(0);   // the pthread pool keeps worker threads alive
