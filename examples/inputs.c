// Prints what the host's clock and randomness gave it, and echoes a file and stdin:
//   inputs [FILE]   prints "random=<16 hex digits> time=<ns>", FILE's first line from a random
//                   offset (0-3, so the fd_seek argument depends on the random bytes), stdin's first line
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    unsigned char bytes[8];
    arc4random_buf(bytes, sizeof bytes);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    printf("random=");
    for (int i = 0; i < 8; i++) {
        printf("%02x", bytes[i]);
    }
    printf(" time=%lld\n", (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec);
    char line[256];
    if (argc > 1) {
        FILE *f = fopen(argv[1], "r");
        if (!f) {
            printf("cannot open %s\n", argv[1]);
            return 2;
        }
        fseek(f, bytes[1] & 3, SEEK_SET);
        if (fgets(line, sizeof line, f)) {
            printf("file: %s", line);
        }
        fclose(f);
    }
    if (fgets(line, sizeof line, stdin)) {
        printf("stdin: %s", line);
    }
    return 0;
}
