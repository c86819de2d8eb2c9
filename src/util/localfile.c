/* realpath(3) is XSI. */
#define _XOPEN_SOURCE 700
#include "util/localfile.h"

#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/url.h"

char *gl_path_dir(const char *path) {
    const char *slash = strrchr(path, '/');
    size_t len = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(len + 1);
    if (!dir)
        return NULL;
    memcpy(dir, path, len);
    dir[len] = '\0';
    return dir;
}

char *gl_real_folder_of(const char *path) {
    if (!path)
        return NULL;
    char *dir = gl_path_dir(path);
    if (!dir)
        return NULL;
    char *real = realpath(*dir ? dir : ".", NULL);
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

/* Removes the "", "." and ".." segments of the absolute path p[0..n) by
 * their text, as a URL's path is resolved (RFC 3986 §5.2.4), in place;
 * returns the new length, or 0 when a ".." climbs above "/". */
static size_t remove_dots(char *p, size_t n) {
    size_t w = 0, r = 0;
    while (r < n) {
        size_t s = r + 1, e = s;
        while (e < n && p[e] != '/')
            e++;
        size_t len = e - s;
        if (len == 2 && p[s] == '.' && p[s + 1] == '.') {
            if (w == 0)
                return 0;
            while (w > 0 && p[--w] != '/')
                ;
        } else if (len > 0 && !(len == 1 && p[s] == '.')) {
            p[w++] = '/';
            memmove(p + w, p + s, len);
            w += len;
        }
        r = e;
    }
    if (w == 0)
        p[w++] = '/';
    p[w] = '\0';
    return w;
}

/* Whether the real path `real` is `folder` or below it. */
static bool below(const char *real, const char *folder) {
    size_t dlen = strlen(folder);
    return strncmp(real, folder, dlen) == 0 &&
           (real[dlen] == '/' || real[dlen] == '\0' || dlen == 1);
}

/* Appends the path a browser takes from `url`: see gl_local_ref_inside. */
static void browser_path(gl_buf *b, const char *url) {
    const char *end = url + strlen(url);
    while (*url && (unsigned char)*url <= 0x20)
        url++;
    while (end > url && (unsigned char)end[-1] <= 0x20)
        end--;
    for (const char *p = url; p < end && *p != '?' && *p != '#'; p++) {
        int hi, lo;
        if (*p == '\t' || *p == '\n' || *p == '\r')
            continue;
        if (*p == '%' && (hi = gl_hex_value(p[1])) >= 0 && (lo = gl_hex_value(p[2])) >= 0) {
            gl_buf_putc(b, (char)(hi * 16 + lo));
            p += 2;
        } else {
            gl_buf_putc(b, *p == '\\' ? '/' : *p);
        }
    }
}

bool gl_local_ref_inside(const char *folder, const char *url, const gl_allocator *alloc,
                         bool *nomem) {
    gl_buf rel, b;
    gl_buf_init(&rel, alloc, 0);
    gl_buf_init(&b, alloc, 0);
    browser_path(&rel, url);
    const char *r = gl_buf_cstr(&rel);
    bool absolute = r[0] == '/';
    if (!absolute || !folder)
        gl_buf_puts(&b, folder ? folder : "");
    gl_buf_putc(&b, '/');
    gl_buf_append(&b, r, rel.len);
    bool inside = false;
    if (rel.status != GL_OK || b.status != GL_OK) {
        *nomem = true;
    } else if (strlen(r) == rel.len && !(r[0] == '/' && r[1] == '/') && !(absolute && !folder)) {
        /* A decoded NUL would cut the path short, and "//host" is a host. */
        size_t n = remove_dots(b.data, b.len);
        inside = n > 0 && (!folder || below(b.data, folder));
        /* The deepest existing part, where a symbolic link may lead out. */
        while (inside && folder) {
            char *real = realpath(b.data, NULL);
            if (real) {
                inside = below(real, folder);
                free(real);
                break;
            }
            char *slash = strrchr(b.data, '/');
            if (!slash || (size_t)(slash - b.data) <= strlen(folder))
                break; /* the folder itself is real */
            *slash = '\0';
        }
    }
    gl_buf_free(&rel);
    gl_buf_free(&b);
    return inside;
}

bool gl_local_refs_image_ok(gl_local_refs *r, const char *url, unsigned long line, bool *nomem) {
    if (!gl_url_is_local(url))
        return true;
    const char *source = r->opt ? r->opt->source_path : NULL;
    if (!r->looked) {
        r->folder = source ? gl_real_folder_of(source) : NULL;
        r->looked = true;
    }
    if (gl_local_ref_inside(r->folder, url, gl_allocator_of(r->opt), nomem))
        return true;
    /* A long URL is cut so that the reason still shows. */
    if (!*nomem)
        gl_warnf(r->opt, source, line,
                 "image '%.160s%s' is outside the input's folder: its alt text stands in for it",
                 url, strlen(url) > 160 ? "..." : "");
    return false;
}

void gl_local_refs_free(gl_local_refs *r) {
    free(r->folder);
    r->folder = NULL;
}
