// Generated test audio (ours): a sum of tones with a vibrato and a syllable-like envelope, plus
// seeded noise. Deterministic. Samples are floats in [-1, 1].
import { xorshift } from './host.mjs';

/** SECONDS of mono audio at RATE Hz; NOISE is the noise amplitude. */
export function testAudio(seconds, rate, noise = 0.1, seed = 1) {
    const n = Math.floor(seconds * rate);
    const out = new Float32Array(n);
    const next = xorshift(seed);
    for (let i = 0; i < n; i++) {
        const t = i / rate;
        const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t) ** 2;
        const f = 220 + 30 * Math.sin(2 * Math.PI * 5 * t);
        const tone = 0.4 * Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(2 * Math.PI * 2.5 * f * t);
        out[i] = envelope * tone + noise * ((next() / 4294967296) * 2 - 1);
    }
    return out;
}
