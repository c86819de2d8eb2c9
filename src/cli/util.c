#include "cli/util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "galley/galley.h"
#include "util/utf8.h"

void gl_cli_out_of_memory(void) {
    static const char msg[] = "galley: out of memory\n";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(1);
}

void *gl_cli_xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p)
        gl_cli_out_of_memory();
    return p;
}

char *gl_cli_join(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    bool slash = la > 0 && a[la - 1] != '/' && lb > 0;
    char *p = gl_cli_xrealloc(NULL, la + slash + lb + 1);
    memcpy(p, a, la);
    if (slash)
        p[la] = '/';
    memcpy(p + la + slash, b, lb + 1);
    return p;
}

const char *gl_cli_base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

size_t gl_cli_stem_length(const char *path) {
    const char *ext = gl_path_extension(path);
    return ext ? (size_t)(ext - path) : strlen(path);
}

const char *gl_cli_printable(const char *s, char *buf, size_t size) {
    size_t len = strlen(s), n = 0;
    /* Each byte takes at most 4 ("\xFF"). */
    char *all = gl_cli_xrealloc(NULL, len * 4 + 1);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t k = gl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0 || cp < 0x20 || cp == 0x7f) {
            unsigned char c = (unsigned char)s[i];
            if (c == '\n' || c == '\t')
                n += (size_t)snprintf(all + n, 5, "\\%c", c == '\n' ? 'n' : 't');
            else
                n += (size_t)snprintf(all + n, 5, "\\x%02X", c);
            i++;
            continue;
        }
        memcpy(all + n, s + i, k);
        n += k;
        i += k;
    }
    all[n] = '\0';
    gl_utf8_fit(buf, size, all);
    free(all);
    return buf;
}

const char *gl_cli_file_kind(mode_t mode) {
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

double gl_cli_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
