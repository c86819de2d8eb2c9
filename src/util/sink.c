#include "util/sink.h"

#include "util/error.h"

gl_status gl_sink_flush_buf(const gl_sink *sink, const gl_buf *b, gl_error *err) {
    if (b->status == GL_ENOMEM)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while rendering");
    if (b->status != GL_OK)
        return gl_fail(err, b->status, 0, "output larger than the limit of %zu bytes", b->max);
    if (sink->write(sink->userdata, b->data ? b->data : "", b->len) != GL_OK)
        return gl_fail(err, GL_ESINK, 0, "cannot write the output");
    return GL_OK;
}

gl_status gl_sink_buf_write(void *userdata, const char *bytes, size_t len) {
    return gl_buf_append(userdata, bytes, len);
}
