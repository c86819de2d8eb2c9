/* Filling gl_error records and reporting warnings. */
#ifndef GL_UTIL_ERROR_H
#define GL_UTIL_ERROR_H

#include "galley/error.h"
#include "galley/options.h"

/* Records the failure only while err->status is GL_OK (the first error wins),
 * and returns err->status: `return gl_fail(err, GL_ELIMIT, line, "...", n);`.
 * `err` may be NULL, then `status` is returned. */
gl_status gl_fail(gl_error *err, gl_status status, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Sends a warning to opt->warn when set; `file` NULL means opt->source_path. */
void gl_warnf(const gl_options *opt, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
