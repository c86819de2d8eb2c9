#include "util/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "util/alloc.h"

void gl_buf_init(gl_buf *b, const gl_allocator *alloc, size_t max) {
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : SIZE_MAX / 2;
    b->alloc = alloc ? alloc : gl_allocator_of(NULL);
    b->status = GL_OK;
}

static gl_status reserve(gl_buf *b, size_t extra) {
    size_t need;
    if (b->status != GL_OK)
        return b->status;
    if (__builtin_add_overflow(b->len, extra, &need) || need > b->max)
        return b->status = GL_ELIMIT;
    need += 1; /* the NUL */
    if (need <= b->cap)
        return GL_OK;
    /* An empty buffer asked for much gets just that (a file read in one
     * go); growth doubles. */
    size_t cap = b->cap ? b->cap : need > 64 ? need : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = gl_realloc(b->alloc, b->data, cap);
    if (!p)
        return b->status = GL_ENOMEM;
    b->data = p;
    b->cap = cap;
    return GL_OK;
}

gl_status gl_buf_append(gl_buf *b, const void *data, size_t len) {
    if (reserve(b, len) != GL_OK)
        return b->status;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return GL_OK;
}

gl_status gl_buf_puts(gl_buf *b, const char *s) { return gl_buf_append(b, s, strlen(s)); }

gl_status gl_buf_putc(gl_buf *b, char c) { return gl_buf_append(b, &c, 1); }

gl_status gl_buf_vprintf(gl_buf *b, const char *fmt, va_list ap) {
    char small[256];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0)
        return b->status == GL_OK ? (b->status = GL_EINVAL) : b->status;
    if ((size_t)n < sizeof small)
        return gl_buf_append(b, small, (size_t)n);
    if (reserve(b, (size_t)n) != GL_OK)
        return b->status;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return GL_OK;
}

gl_status gl_buf_printf(gl_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    gl_status st = gl_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}

char *gl_buf_room(gl_buf *b, size_t want, size_t *room) {
    if (reserve(b, want) != GL_OK)
        return NULL;
    size_t free_bytes = b->cap - b->len - 1; /* the NUL's byte excluded */
    *room = free_bytes < b->max - b->len ? free_bytes : b->max - b->len;
    return b->data + b->len;
}

void gl_buf_added(gl_buf *b, size_t n) {
    b->len += n;
    b->data[b->len] = '\0';
}

const char *gl_buf_cstr(const gl_buf *b) { return b->data ? b->data : ""; }

void gl_buf_clear(gl_buf *b) {
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    b->status = GL_OK;
}

void gl_buf_free(gl_buf *b) {
    gl_free(b->alloc, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *gl_buf_detach(gl_buf *b, size_t *len) {
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
