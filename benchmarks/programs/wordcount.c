/* Word count over a mapped directory: walks DIR (default /data) recursively with
 * opendir/readdir, reads every regular file in 4 KiB chunks, counts lines, words and bytes per
 * file (like wc) and the 5 most frequent words overall. I/O- and file-system-heavy.
 * Usage: wordcount [DIR] [ROUNDS] */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TABLE 4096
struct word { char text[32]; unsigned count; };
static struct word table[TABLE];
static unsigned long total_lines, total_words, total_bytes;
static int files;

static void count_word(const char *w) {
    unsigned h = 2166136261u;
    for (const char *p = w; *p; p++) h = (h ^ (unsigned char) *p) * 16777619u;
    for (unsigned i = h % TABLE;; i = (i + 1) % TABLE) {
        if (table[i].count == 0) { strncpy(table[i].text, w, 31); table[i].count = 1; return; }
        if (strcmp(table[i].text, w) == 0) { table[i].count++; return; }
    }
}

static void count_file(const char *path, int print) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); exit(2); }
    char buf[4096], word[32];
    int len = 0;
    unsigned long lines = 0, words = 0, bytes = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        bytes += n;
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = buf[i];
            if (c == '\n') lines++;
            if (isalpha(c)) {
                if (len < 31) word[len++] = tolower(c);
            } else if (len > 0) {
                word[len] = 0; count_word(word); words++; len = 0;
            }
        }
    }
    if (len > 0) { word[len] = 0; count_word(word); words++; }
    close(fd);
    if (print) printf("%7lu %7lu %8lu %s\n", lines, words, bytes, path);
    total_lines += lines; total_words += words; total_bytes += bytes; files++;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *) a, *(char *const *) b); }

static void walk(const char *dir, int print) {
    DIR *d = opendir(dir);
    if (!d) { perror(dir); exit(2); }
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 256) {
        if (e->d_name[0] == '.') continue;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);          /* readdir order is not specified */
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) != 0) { perror(path); exit(2); }
        if (S_ISDIR(st.st_mode)) walk(path, print);
        else if (S_ISREG(st.st_mode)) count_file(path, print);
        free(names[i]);
    }
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "/data";
    int rounds = argc > 2 ? atoi(argv[2]) : 1;
    for (int r = 0; r < rounds; r++) walk(dir, r == 0);
    printf("%7lu %7lu %8lu total (%d files read)\n", total_lines, total_words, total_bytes, files);
    for (int k = 0; k < 5; k++) {
        int best = -1;
        for (int i = 0; i < TABLE; i++)
            if (table[i].count && (best < 0 || table[i].count > table[best].count ||
                    (table[i].count == table[best].count && strcmp(table[i].text, table[best].text) < 0))) best = i;
        if (best < 0) break;
        printf("%s %u\n", table[best].text, table[best].count);
        table[best].count = 0;
    }
    return 0;
}
