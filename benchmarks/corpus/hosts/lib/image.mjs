// A generated test image (ours): smooth gradients, hard edges, a noisy band and circles, so image
// codecs meet every kind of content. Deterministic.
import { xorshift } from './host.mjs';

/** RGBA pixels of a WIDTH x HEIGHT test image. */
export function testImage(width, height, seed = 1) {
    const px = new Uint8ClampedArray(width * height * 4);
    const next = xorshift(seed);
    for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
            const i = (y * width + x) * 4;
            let r = (x * 255) / width;
            let g = (y * 255) / height;
            let b = ((x + y) * 128) / (width + height) + 64;
            if (((x >> 5) + (y >> 5)) % 2 === 0 && y < height / 3) {
                r = 255 - r;                                  // checkerboard: hard edges
            }
            if (y > height / 2 && y < (height * 2) / 3) {
                const n = next() & 0x3f;                      // noise band
                r += n - 32;
                g += n - 32;
                b += n - 32;
            }
            for (let c = 0; c < 3; c++) {
                const cx = width * (0.25 + 0.25 * c);
                const cy = height * 0.8;
                if ((x - cx) ** 2 + (y - cy) ** 2 < (width / 10) ** 2) {
                    r = c === 0 ? 230 : 20;
                    g = c === 1 ? 230 : 20;
                    b = c === 2 ? 230 : 20;
                }
            }
            px[i] = r;
            px[i + 1] = g;
            px[i + 2] = b;
            px[i + 3] = 255 - ((x * 2) & 0x3f);
        }
    }
    return { data: px, width, height };
}
