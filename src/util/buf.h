/* A growable byte buffer with a cap (curl's dynbuf). Errors are sticky: after
 * a failure every append is a no-op returning the same status, so a writer can
 * append freely and check once. */
#ifndef GL_UTIL_BUF_H
#define GL_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include "galley/error.h"
#include "galley/options.h"

typedef struct gl_buf {
    char *data;                /* NUL-terminated once anything was appended; may be NULL */
    size_t len;                /* bytes used, the NUL excluded */
    size_t cap;                /* bytes allocated */
    size_t max;                /* len never exceeds it: GL_ELIMIT past it */
    const gl_allocator *alloc; /* never NULL after gl_buf_init */
    gl_status status;          /* GL_OK, or the first failure */
} gl_buf;

/* `alloc` NULL means malloc; `max` 0 means SIZE_MAX/2. */
void gl_buf_init(gl_buf *b, const gl_allocator *alloc, size_t max);
gl_status gl_buf_append(gl_buf *b, const void *data, size_t len);
gl_status gl_buf_puts(gl_buf *b, const char *s);
gl_status gl_buf_putc(gl_buf *b, char c);
gl_status gl_buf_printf(gl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
gl_status gl_buf_vprintf(gl_buf *b, const char *fmt, va_list ap);
/* Room for at least `want` more bytes at the end, for a caller that fills
 * it itself (read(2), a libcurl callback): where they go, with *room set to
 * how many fit there within `max` (want <= *room), or NULL when memory or
 * the cap runs out (b->status says which). gl_buf_added then counts the
 * bytes written. An empty buffer gets exactly what it asks for. */
char *gl_buf_room(gl_buf *b, size_t want, size_t *room);
/* Counts `n` (<= the last *room) bytes written at gl_buf_room's pointer. */
void gl_buf_added(gl_buf *b, size_t n);
/* A pointer to the bytes, NUL-terminated ("" when empty; never NULL). */
const char *gl_buf_cstr(const gl_buf *b);
/* Drops the content, keeps the memory, clears the status. */
void gl_buf_clear(gl_buf *b);
void gl_buf_free(gl_buf *b);
/* Hands the allocation to the caller (free it with the same allocator). */
char *gl_buf_detach(gl_buf *b, size_t *len);

#endif
