/* File-system operations in a writable directory (default /scratch): creates a folder, writes
 * files with write and pwrite, appends, seeks, reads them back, renames, stats, lists, truncates
 * and removes everything again (the directory is left as it was). Prints what it checked.
 * Usage: fsops [DIR] [FILES] (default /scratch 40) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(int ok, const char *what, const char *path) {
    if (!ok) { fprintf(stderr, "fsops: %s failed on %s: %s\n", what, path, strerror(errno)); exit(1); }
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "/scratch";
    int files = argc > 2 ? atoi(argv[2]) : 40;
    char base[256], path[512], other[512], buf[8192];
    snprintf(base, sizeof base, "%s/fsops.work", dir);
    check(mkdir(base, 0755) == 0, "mkdir", base);
    unsigned long written = 0, readback = 0, sum = 0;
    for (int i = 0; i < files; i++) {
        snprintf(path, sizeof path, "%s/file%03d.txt", base, i);
        int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
        check(fd >= 0, "create", path);
        int size = 100 + (i * 397) % 6000;
        for (int k = 0; k < size; k++) buf[k] = 'a' + (i + k) % 26;
        check(write(fd, buf, size) == size, "write", path);
        check(pwrite(fd, "HEADER", 6, 0) == 6, "pwrite", path);
        close(fd);
        fd = open(path, O_WRONLY | O_APPEND);
        check(fd >= 0, "open append", path);
        check(write(fd, "\nend\n", 5) == 5, "append", path);
        close(fd);
        written += size + 5;
    }
    for (int i = 0; i < files; i++) {
        snprintf(path, sizeof path, "%s/file%03d.txt", base, i);
        snprintf(other, sizeof other, "%s/renamed%03d.dat", base, i);
        check(rename(path, other) == 0, "rename", path);
        struct stat st;
        check(stat(other, &st) == 0, "stat", other);
        int fd = open(other, O_RDWR);
        check(fd >= 0, "open", other);
        check(lseek(fd, 3, SEEK_SET) == 3, "lseek", other);
        ssize_t n, total = 3;
        while ((n = read(fd, buf, 1000)) > 0) {
            for (ssize_t k = 0; k < n; k++) sum = sum * 31 + (unsigned char) buf[k];
            total += n;
        }
        check(total == st.st_size, "size", other);
        check(ftruncate(fd, st.st_size / 2) == 0, "ftruncate", other);
        close(fd);
        check(stat(other, &st) == 0 && st.st_size == total / 2, "truncated size", other);
        readback += total;
    }
    int listed = 0;
    DIR *d = opendir(base);
    check(d != NULL, "opendir", base);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) if (strncmp(e->d_name, "renamed", 7) == 0) listed++;
    closedir(d);
    for (int i = 0; i < files; i++) {
        snprintf(other, sizeof other, "%s/renamed%03d.dat", base, i);
        check(unlink(other) == 0, "unlink", other);
    }
    check(rmdir(base) == 0, "rmdir", base);
    check(access(base, F_OK) != 0 && errno == ENOENT, "removed", base);
    printf("files=%d listed=%d written=%lu read=%lu sum=%08lx\n", files, listed, written, readback, sum & 0xffffffff);
    return 0;
}
