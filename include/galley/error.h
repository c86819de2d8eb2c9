/* galley: status codes and the error record every fallible call fills. */
#ifndef GALLEY_ERROR_H
#define GALLEY_ERROR_H

#include "galley/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status of every fallible call. The numbers never change: append only. */
typedef enum gl_status {
    GL_OK = 0,     /* success */
    GL_ENOMEM = 1, /* an allocation failed */
    GL_EIO = 2,    /* reading or writing a file failed */
    GL_EPARSE = 3, /* the input could not be parsed (e.g. binary data, invalid UTF-8 with strict) */
    GL_ELIMIT = 4, /* a limit from gl_options was exceeded; the message names it */
    GL_EFORMAT = 5, /* unknown or unsupported format */
    GL_ESINK = 6,   /* the output sink refused bytes */
    GL_EINVAL = 7,  /* a caller passed an invalid argument or built an invalid tree */
    GL_EFONT = 8    /* no usable font was found */
} gl_status;

/* Filled by the first failure of a call chain; later failures leave it alone
 * (the first error is the cause, the rest are consequences), as curl does. */
typedef struct gl_error {
    gl_status status;   /* GL_OK until the first failure */
    char file[256];     /* the input's name, "news/2024-03-01.html" or "<stdin>"; may be empty */
    unsigned long line; /* 1-based line in that file, 0 when unknown */
    char message[256];  /* what went wrong, for a person: "lists nested deeper than 256 levels" */
} gl_error;

/* Resets `err` to GL_OK with empty strings, and records `file` (may be NULL). */
GL_EXPORT void gl_error_init(gl_error *err, const char *file);

/* A short constant English name for a status ("out of memory"); never NULL. */
GL_EXPORT const char *gl_status_text(gl_status status);

#ifdef __cplusplus
}
#endif
#endif
