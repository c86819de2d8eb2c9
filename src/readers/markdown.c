/* PLACEHOLDER: replaced by the real reader. */
#include "readers/readers.h"
#include "util/error.h"

gl_status gl_read_markdown(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err) {
    (void)opt;
    (void)in;
    *out = NULL;
    return gl_fail(err, GL_EFORMAT, 0, "gl_read_markdown not written yet");
}
