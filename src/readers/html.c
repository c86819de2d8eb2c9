/* PLACEHOLDER: replaced by the real reader. */
#include "readers/readers.h"
#include "util/error.h"

gl_status gl_read_html(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err) {
    (void)opt;
    (void)in;
    *out = NULL;
    return gl_fail(err, GL_EFORMAT, 0, "gl_read_html not written yet");
}

gl_status gl_html_map_fragment(gl_doc *doc, gl_node *parent, const char *html, size_t len,
                               const gl_input *in, unsigned long line, const gl_options *opt,
                               gl_error *err) {
    (void)doc, (void)parent, (void)html, (void)len, (void)in, (void)line, (void)opt;
    return gl_fail(err, GL_EFORMAT, 0, "not written yet");
}
