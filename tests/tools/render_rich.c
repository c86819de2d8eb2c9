/* Writes the rich test document (tests/tools/rich_doc.h) to stdout in the
 * format named by argv[1], for the tests that check output with real tools. */
#include <stdio.h>
#include "rich_doc.h"
#include "util/buf.h"
#include "util/sink.h"

int main(int argc, char **argv) {
    const gl_writer_entry *w = argc == 2 ? gl_writer_by_name(argv[1]) : NULL;
    if (!w) {
        fprintf(stderr, "usage: render_rich xhtml|json|text|pdf\n");
        return 2;
    }
    gl_doc *doc = rich_doc_new();
    if (!doc) {
        fprintf(stderr, "render_rich: cannot build the document\n");
        return 1;
    }
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    gl_error err;
    gl_error_init(&err, "rich");
    gl_status st = gl_write(w, doc, &sink, NULL, &err);
    if (st == GL_OK)
        fwrite(out.data, 1, out.len, stdout);
    else
        fprintf(stderr, "render_rich: %s: %s\n", gl_status_text(st), err.message);
    gl_buf_free(&out);
    gl_doc_free(doc);
    return st == GL_OK ? 0 : 1;
}
