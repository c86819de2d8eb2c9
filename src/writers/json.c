/* PLACEHOLDER: replaced by the real writer. */
#include "writers/writers.h"
#include "util/error.h"

gl_status gl_write_json(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err) {
    (void)doc, (void)sink, (void)opt;
    return gl_fail(err, GL_EFORMAT, 0, "json writer not written yet");
}
