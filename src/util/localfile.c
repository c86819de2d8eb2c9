/* realpath(3) is XSI. */
#define _XOPEN_SOURCE 700
#include "util/localfile.h"

#include <stdlib.h>
#include <string.h>
#include "util/buf.h"
#include "util/escape.h"

char *gl_real_folder_of(const char *path) {
    if (!path)
        return NULL;
    const char *slash = strrchr(path, '/');
    if (!slash)
        return realpath(".", NULL);
    if (slash == path)
        return realpath("/", NULL);
    size_t len = (size_t)(slash - path);
    char *dir = malloc(len + 1);
    if (!dir)
        return NULL;
    memcpy(dir, path, len);
    dir[len] = '\0';
    char *real = realpath(dir, NULL);
    free(dir);
    return real;
}

char *gl_local_file(const char *folder, const char *url, const gl_allocator *alloc,
                    const char **why, bool *nomem) {
    gl_buf b;
    gl_buf_init(&b, alloc, 0);
    if (url[0] != '/') {
        gl_buf_puts(&b, folder);
        gl_buf_putc(&b, '/');
    }
    for (const char *p = url; *p && *p != '?' && *p != '#'; p++) {
        int hi, lo;
        if (*p == '%' && (hi = gl_hex_value(p[1])) >= 0 && (lo = gl_hex_value(p[2])) >= 0) {
            gl_buf_putc(&b, (char)(hi * 16 + lo));
            p += 2;
        } else {
            gl_buf_putc(&b, *p);
        }
    }
    char *real = NULL;
    *why = NULL;
    if (b.status != GL_OK)
        *nomem = true;
    /* A decoded NUL would cut the path short: such a name is no file. */
    else if (strlen(b.data) != b.len || !(real = realpath(b.data, NULL)))
        *why = "not found";
    gl_buf_free(&b);
    size_t dlen = strlen(folder);
    if (real && (strncmp(real, folder, dlen) != 0 || (real[dlen] != '/' && dlen > 1))) {
        *why = "outside the input's folder";
        free(real);
        real = NULL;
    }
    return real;
}
