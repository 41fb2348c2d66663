// Photon (Rust, wasm-bindgen nodejs target; @silvia-odwyer/photon-node): runs a chain of image
// filters (blur, sharpen, edge detection, emboss, resize, rotate, blend, named filters) over a
// generated RGBA image; prints a checksum of the resulting pixels.
//   node photon.mjs photon.wasm [SIZE]       (REPRISE_CORPUS_DIR = <cache>/corpus/photon)
import { intArg, requireNodeGlue, result, sha256 } from './lib/host.mjs';

const size = intArg(0, 512);
const photon = requireNodeGlue('photon_rs.js', 'photon_rs_bg.wasm');

function generated(w, h, seed) {
    const px = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
            const i = (y * w + x) * 4;
            px[i] = (x * 255 / w + seed * 40) & 0xff;
            px[i + 1] = (y * 255 / h) & 0xff;
            px[i + 2] = ((x ^ y) * 3 + seed) & 0xff;
            px[i + 3] = 255;
        }
    }
    return px;
}

const outputs = [];
const steps = [
    (img) => photon.gaussian_blur(img, 3),
    (img) => photon.sharpen(img),
    (img) => photon.edge_detection(img),
    (img) => photon.emboss(img),
    (img) => photon.adjust_contrast(img, 30),
    (img) => photon.filter(img, 'oceanic'),
    (img) => photon.grayscale(img),
];
let img = new photon.PhotonImage(generated(size, size, 1), size, size);
for (const step of steps) {
    step(img);
    outputs.push(img.get_raw_pixels());
}
const resized = photon.resize(img, Math.floor(size * 1.5), size, 5);   // 5 = Lanczos3
outputs.push(resized.get_raw_pixels());
const rotated = photon.rotate(resized, 30);
outputs.push(rotated.get_raw_pixels());
const other = new photon.PhotonImage(generated(size, size, 2), size, size);
const base = new photon.PhotonImage(generated(size, size, 3), size, size);
photon.blend(base, other, 'multiply');
outputs.push(base.get_raw_pixels());
result({ size, images: outputs.length, rotated: `${rotated.get_width()}x${rotated.get_height()}`, sha256: sha256(...outputs) });
