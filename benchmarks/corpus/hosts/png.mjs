// PNG codec (Rust png crate, wasm-bindgen web target; @jsquash/png codec/pkg/squoosh_png):
// encodes a generated image at 8 and 16 bits, decodes the files again and compares the pixels;
// prints a checksum of the PNG files.
//   node png.mjs squoosh-png.wasm [SIZE]     (REPRISE_CORPUS_DIR = <cache>/corpus/squoosh-png)
import { importCorpusFile, fail, intArg, result, sha256, wasmBytes } from './lib/host.mjs';
import { testImage } from './lib/image.mjs';

const size = intArg(0, 512);
const png = await importCorpusFile('codec/pkg/squoosh_png.js');
png.initSync(wasmBytes());
const files = [];
for (let i = 0; i < 3; i++) {
    // sizes in proportion to SIZE (a fixed step made SIZE 128's third image 0 pixels wide, which
    // the encoder refuses with "`unwrap_throw` failed")
    const image = testImage(size - Math.floor((i * size) / 4), size - Math.floor((i * size) / 8), i + 1);
    const file = png.encode(new Uint8Array(image.data.buffer), image.width, image.height, 8);
    const back = png.decode(file);
    if (back.width !== image.width || Buffer.compare(Buffer.from(back.data.buffer), Buffer.from(image.data.buffer)) !== 0) {
        fail(`image ${i}: decode(encode(x)) != x`);
    }
    files.push(file);
}
const wide = testImage(size, Math.floor(size / 2), 9);
const rgba16 = new Uint16Array(wide.data.length);
for (let i = 0; i < rgba16.length; i++) {
    rgba16[i] = wide.data[i] * 257;
}
files.push(png.encode(new Uint8Array(rgba16.buffer), wide.width, wide.height, 16));
result({ size, bytes: files.map((f) => f.length).join('/'), sha256: sha256(...files) });
