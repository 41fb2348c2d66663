/* Base64 stdin filter: encodes stdin to stdout in 76-column lines, reading in 57-byte chunks
 * (one output line each, so many small fd_read/fd_write calls); with -d decodes instead.
 * Exits 1 on invalid input when decoding. Usage: base64 [-d] < IN > OUT */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t read_full(int fd, unsigned char *buf, size_t want) {
    size_t got = 0;
    while (got < want) {
        ssize_t n = read(fd, buf + got, want - got);
        if (n <= 0) break;
        got += n;
    }
    return got;
}

static int encode(void) {
    unsigned char in[57];
    char out[80];
    size_t n;
    while ((n = read_full(0, in, sizeof in)) > 0) {
        size_t o = 0;
        for (size_t i = 0; i < n; i += 3) {
            unsigned v = in[i] << 16 | (i + 1 < n ? in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
            out[o++] = ALPHABET[v >> 18 & 63];
            out[o++] = ALPHABET[v >> 12 & 63];
            out[o++] = i + 1 < n ? ALPHABET[v >> 6 & 63] : '=';
            out[o++] = i + 2 < n ? ALPHABET[v & 63] : '=';
        }
        out[o++] = '\n';
        if (write(1, out, o) != (ssize_t) o) return 2;
    }
    return 0;
}

static int decode(void) {
    unsigned char in[4096], out[3072];
    unsigned v = 0;
    int bits = 0;
    ssize_t n;
    while ((n = read(0, in, sizeof in)) > 0) {
        size_t o = 0;
        for (ssize_t i = 0; i < n; i++) {
            int c = in[i];
            if (c == '\n' || c == '\r' || c == '=') continue;
            const char *p = c ? strchr(ALPHABET, c) : NULL;
            if (!p) { fprintf(stderr, "base64: invalid character 0x%02x\n", c); return 1; }
            v = v << 6 | (unsigned) (p - ALPHABET);
            bits += 6;
            if (bits >= 8) { bits -= 8; out[o++] = v >> bits & 0xff; }
        }
        if (o && write(1, out, o) != (ssize_t) o) return 2;
    }
    return 0;
}

int main(int argc, char **argv) {
    return argc > 1 && strcmp(argv[1], "-d") == 0 ? decode() : encode();
}
