/* Replays files through a fuzz target without libFuzzer, as libgit2's
 * fuzzers/standalone_driver.c does, so ctest runs every reproducer in
 * tests/regress/ through every target on every build (ASan's included).
 * Arguments are files or folders (their regular files, sorted, dot files
 * and README.md skipped). A crash or sanitizer report fails the run; otherwise it
 * prints how many inputs ran and exits 0. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, len = 0, n;
    unsigned char *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *bigger = realloc(buf, cap *= 2);
            if (!bigger)
                free(buf);
            buf = bigger;
        }
    }
    int bad = ferror(f) || !buf;
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(buf);
        return 1;
    }
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv) {
    int failed = 0;
    size_t ran = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= run_file(argv[i]);
            ran++;
            continue;
        }
        struct dirent **names;
        int n = scandir(argv[i], &names, NULL, by_name);
        if (n < 0) {
            perror(argv[i]);
            return 1;
        }
        for (int k = 0; k < n; k++) {
            const char *name = names[k]->d_name;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], name);
            if (name[0] != '.' && strcmp(name, "README.md") != 0 && stat(path, &st) == 0 &&
                S_ISREG(st.st_mode)) {
                failed |= run_file(path);
                ran++;
            }
            free(names[k]);
        }
        free(names);
    }
    printf("replayed %zu inputs\n", ran);
    return failed;
}
