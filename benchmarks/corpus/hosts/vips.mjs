// libvips (C/C++, Emscripten with pthreads, SIMD and C++ exceptions; wasm-vips): runs an image
// pipeline (resize, blur, sharpen, rotate, colour space, composite) on a generated image and
// encodes PNG, JPEG and WebP; feeds it two bad buffers (C++ exceptions reach JavaScript); pthreads run on node worker_threads. Prints a checksum of the files.
//   node vips.mjs vips.wasm [SIZE]           (REPRISE_CORPUS_DIR = <cache>/corpus/vips)
import { importCorpusFile, intArg, result, sha256, wasmBytes } from './lib/host.mjs';
import { testImage } from './lib/image.mjs';

const size = intArg(0, 512);
const { default: Vips } = await importCorpusFile('lib/vips-node.mjs');
const bytes = wasmBytes();
const vips = await Vips({
    dynamicLibraries: [],                       // no HEIF/JXL side modules
    instantiateWasm(imports, receive) {
        const module = new WebAssembly.Module(bytes);
        receive(new WebAssembly.Instance(module, imports), module);
        return {};
    },
});
vips.concurrency(2);
const { data, width, height } = testImage(size, size);
const raw = vips.Image.newFromMemory(data, width, height, 4, vips.BandFormat.uchar);
const image = raw.copy({ interpretation: 'srgb' });
const files = [];
const resized = image.resize(0.75, { kernel: 'lanczos3' });
const blurred = resized.gaussblur(2.5);
const sharp = blurred.sharpen({ sigma: 1.5 });
const rotated = sharp.rotate(17, { background: [0, 0, 0, 255] });
files.push(rotated.writeToBuffer('.png'));
const lab = sharp.colourspace('lab');
files.push(lab.colourspace('srgb').writeToBuffer('.jpg', { Q: 80 }));
const flipped = image.flip('horizontal');
const overlay = flipped.extractArea(0, 0, width / 2, height / 2);
const composed = image.composite2(overlay, 'over', { x: width / 4, y: height / 4 });
files.push(composed.writeToBuffer('.webp', { Q: 70 }));
const stats = sharp.stats();
const mean = stats.getpoint(4, 0).map((v) => v.toFixed(3)).join(',');
// C++ exceptions crossing into JavaScript: libvips refuses bad input with a vips::Error.
let caught = 0;
for (const bad of ['not an image', '\x89PNG\r\n\x1a\n truncated']) {
    try {
        vips.Image.newFromBuffer(Buffer.from(bad, 'latin1')).delete();
    } catch (e) {
        caught++;
    }
}
for (const i of [raw, image, flipped, resized, blurred, sharp, rotated, lab, overlay, composed, stats]) {
    i.delete();
}
vips.shutdown();
result({ size, caught, bytes: files.map((f) => f.length).join('/'), mean, sha256: sha256(...files) });
process.exit(0);   // the pthread pool keeps worker threads alive
