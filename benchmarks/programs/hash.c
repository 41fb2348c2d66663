/* FNV-1a and a xorshift generator over a large buffer: byte loads and integer mixing.
   Usage: hash [megabytes] (default 32). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    size_t mb = argc > 1 ? (size_t) atoi(argv[1]) : 32;
    size_t len = mb << 20;
    uint8_t *buf = malloc(len);
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < len; i += 8) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        for (int j = 0; j < 8; j++) buf[i + j] = (uint8_t) (x >> (8 * j));
    }
    uint64_t h = 1469598103934665603ull;
    for (int round = 0; round < 4; round++)
        for (size_t i = 0; i < len; i++) { h ^= buf[i]; h *= 1099511628211ull; }
    printf("hash(%zu MB) = %016llx\n", mb, (unsigned long long) h);
    free(buf);
    return 0;
}
