/* Clock and randomness user: reads the realtime and monotonic clocks many times
 * (clock_time_get), sleeps a little (poll_oneoff), and draws random bytes (random_get) to
 * shuffle an array. Its output depends on time and randomness: identical from run to run only
 * under a deterministic runtime (reprise's virtual clock and seeded random_get).
 * Usage: clockrand [N] (default 20000) */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    struct timespec t0, t1, now, res;
    clock_gettime(CLOCK_REALTIME, &now);
    clock_getres(CLOCK_MONOTONIC, &res);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long backwards = 0, ticks = 0;
    struct timespec prev = t0;
    for (int i = 0; i < n; i++) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (t.tv_sec < prev.tv_sec || (t.tv_sec == prev.tv_sec && t.tv_nsec < prev.tv_nsec)) backwards++;
        if (t.tv_nsec != prev.tv_nsec || t.tv_sec != prev.tv_sec) ticks++;
        prev = t;
    }
    usleep(1500);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long elapsed = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);

    int deck[52];
    for (int i = 0; i < 52; i++) deck[i] = i;
    unsigned long mix = 0;
    for (int round = 0; round < n / 100; round++) {
        unsigned char r[64];
        if (getentropy(r, sizeof r) != 0) { perror("getentropy"); return 1; }
        for (int i = 51; i > 0; i--) {
            int j = r[i] % (i + 1);
            int t = deck[i]; deck[i] = deck[j]; deck[j] = t;
        }
        mix = mix * 1000003 + deck[0] * 52 + deck[51];
    }
    printf("start=%lld.%09ld res=%ldns reads=%d ticks=%lu backwards=%lu elapsed>=1.5ms:%s\n",
           (long long) now.tv_sec, now.tv_nsec, res.tv_nsec, n, ticks, backwards, elapsed >= 1500000 ? "yes" : "no");
    printf("elapsed=%lldns deck=%d,%d,%d mix=%016lx\n", elapsed, deck[0], deck[1], deck[2], mix);
    return backwards == 0 ? 0 : 1;
}
