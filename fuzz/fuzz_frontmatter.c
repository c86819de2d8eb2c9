/* YAML front matter alone (libyaml and the metadata it fills): the bytes
 * are cleaned to UTF-8 as the Markdown reader does first. */
#include "fuzz.h"
#include "readers/frontmatter.h"
#include "util/buf.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    gl_options opt;
    fuzz_options(&opt);
    gl_buf text;
    gl_buf_init(&text, NULL, 0);
    gl_utf8_report rep;
    gl_doc *doc = NULL;
    gl_error err;
    gl_error_init(&err, "fuzz");
    gl_input in = {"fuzz", NULL, (const char *)data, size};
    if (gl_utf8_clean(&text, (const char *)data, size, &rep) == GL_OK &&
        gl_doc_new(&doc, &opt, &err) == GL_OK) {
        size_t body = 0;
        unsigned long lines = 0;
        gl_status st =
            gl_frontmatter_read(doc, gl_buf_cstr(&text), text.len, &in, &opt, &err, &body, &lines);
        fuzz_check_error(st, &err);
        if (st == GL_OK && body > text.len)
            __builtin_trap();
        if (st == GL_OK)
            fuzz_check_doc(doc);
    }
    gl_doc_free(doc);
    gl_buf_free(&text);
    return 0;
}
