/* Helpers for writing to a gl_sink. */
#ifndef GL_UTIL_SINK_H
#define GL_UTIL_SINK_H

#include "galley/io.h"
#include "util/buf.h"

/* Sends a buffer to a sink, mapping a buffer failure to its status and a sink
 * refusal to GL_ESINK with a message in `err`. */
gl_status gl_sink_flush_buf(const gl_sink *sink, const gl_buf *b, gl_error *err);
/* A gl_write_fn appending to the gl_buf given as userdata (tests, in-memory use). */
gl_status gl_sink_buf_write(void *userdata, const char *bytes, size_t len);

#endif
