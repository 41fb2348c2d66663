// resvg (Rust, wasm-bindgen; @resvg/resvg-wasm): renders inputs/scene.svg (ours: gradients,
// blur filter, clip path, pattern, paths) to PNG at several widths; prints a checksum of the PNGs.
//   node resvg.mjs resvg.wasm [ROUNDS]       (REPRISE_CORPUS_DIR = <cache>/corpus/resvg)
import { importCorpusFile, inputBytes, intArg, result, sha256, wasmBytes } from './lib/host.mjs';

const rounds = intArg(0, 6);
const { initWasm, Resvg } = await importCorpusFile('index.mjs');
await initWasm(wasmBytes());
const svg = inputBytes('scene.svg');
const pngs = [];
let pixels = 0;
for (let r = 0; r < rounds; r++) {
    const width = 200 + 150 * r;
    const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: width }, background: '#ffffff' });
    const image = resvg.render();
    pixels += image.width * image.height;
    pngs.push(image.asPng());
    image.free();
    resvg.free();
}
result({ rounds, pixels, pngBytes: pngs.reduce((n, p) => n + p.length, 0), sha256: sha256(...pngs) });
