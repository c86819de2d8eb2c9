/* galley: inputs and output sinks. */
#ifndef GALLEY_IO_H
#define GALLEY_IO_H

#include <stddef.h>
#include "galley/export.h"
#include "galley/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes to convert. The reader does not keep pointers into `data`. */
typedef struct gl_input {
    const char *name; /* for messages: a path or "<stdin>" */
    const char *path; /* the file it came from, or NULL (stdin, memory) */
    const char *data;
    size_t len;
    /* The charset its transport declared (an HTTP Content-Type's "charset"
     * parameter), or NULL. The HTML reader uses it when the bytes declare
     * none (no byte order mark, no <meta charset>). */
    const char *charset;
} gl_input;

/* Where a writer's bytes go. `write` returns GL_OK or an error status (which
 * stops the writer, that returns GL_ESINK). In tests it fills a memory buffer;
 * in the CLI, a temporary file renamed once the writer succeeds. */
typedef gl_status (*gl_write_fn)(void *userdata, const char *bytes, size_t len);

typedef struct gl_sink {
    gl_write_fn write;
    void *userdata;
} gl_sink;

#ifdef __cplusplus
}
#endif
#endif
