/* Many small writes: stdout unbuffered, so each printf is one fd_write; prints N numbered lines
 * of varying length, then a summary line. Usage: smallwrites [N] (default 20000) */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    setvbuf(stdout, NULL, _IONBF, 0);
    unsigned long sum = 0;
    for (int i = 0; i < n; i++) {
        unsigned x = (unsigned) i * 2654435761u;
        int len = printf("%6d %08x %.*s\n", i, x, (int) (x >> 28), "abcdefghijklmnop");
        sum += (unsigned) len;
    }
    printf("lines=%d bytes=%lu\n", n, sum);
    return 0;
}
