/* Arguments and environment: prints argc/argv, the environment sorted, looks up variables,
 * parses numeric arguments (NAME=NUMBER pairs) and sums them over several passes.
 * Usage: argsenv [ARGS...]  (env: GREETING, REPEAT) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *) a, *(char *const *) b); }

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    int n = 0;
    while (environ[n]) n++;
    char **env = malloc((n + 1) * sizeof *env);
    memcpy(env, environ, (n + 1) * sizeof *env);
    qsort(env, n, sizeof *env, cmp);
    for (int i = 0; i < n; i++) printf("env %s\n", env[i]);
    free(env);
    const char *greeting = getenv("GREETING");
    const char *repeat = getenv("REPEAT");
    int times = repeat ? atoi(repeat) : 1;
    printf("%s, missing=%s\n", greeting ? greeting : "(no GREETING)", getenv("NOT_SET") ? "set?" : "unset");
    long long total = 0;
    for (int t = 0; t < times; t++) {
        for (int i = 1; i < argc; i++) {
            const char *eq = strchr(argv[i], '=');
            if (eq) total += strtoll(eq + 1, NULL, 0) * (t + 1) + (long long) (eq - argv[i]);
        }
    }
    printf("total=%lld over %d passes\n", total, times);
    return 0;
}
