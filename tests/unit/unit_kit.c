/* What the reader and writer unit tests share (unit_kit.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit_kit.h"
#include "util/buf.h"
#include "util/sink.h"
#include "../tools/rich_doc.h"
#include "../tools/testkit.h"

char *uk_render(gl_write_doc_fn write, const gl_doc *doc, const gl_options *opt, size_t *len) {
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    gl_error err;
    gl_error_init(&err, "test");
    gl_status st = write(doc, &sink, opt, &err);
    if (st != GL_OK)
        fail_msg("write: status %d (%s)", st, err.message);
    assert_int_equal(err.status, GL_OK);
    size_t n = out.len;
    gl_buf_putc(&out, '\0');
    assert_int_equal(out.status, GL_OK);
    if (len)
        *len = n;
    size_t total;
    return gl_buf_detach(&out, &total);
}

gl_doc *uk_rich_doc(void) {
    gl_doc *doc = rich_doc_new();
    assert_non_null(doc);
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_doc_validate(doc, &err), GL_OK);
    return doc;
}

gl_doc *uk_deep_doc(gl_node_type inline_type, bool strong_text) {
    gl_doc *doc = tk_doc_new();
    gl_node *parent = tk_root(doc);
    for (int i = 0; i < 10000; i++)
        parent = tk_add(doc, parent, GL_NODE_BLOCKQUOTE);
    gl_node *p = tk_add(doc, parent, GL_NODE_PARAGRAPH);
    for (int i = 0; i < 10000; i++)
        p = tk_add(doc, p, inline_type);
    if (strong_text)
        tk_add_text(doc, p, GL_NODE_STRONG, "deep");
    else
        gl_node_append_text(doc, p, "deep", 4);
    return doc;
}

void uk_check_writer_failures(gl_write_doc_fn write, long min_allocations) {
    gl_doc *doc = tk_doc_new();
    tk_add_text(doc, gl_doc_root_mut(doc), GL_NODE_PARAGRAPH, "x");
    gl_sink sink = {tk_refusing_sink, NULL};
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(write(doc, &sink, NULL, &err), GL_ESINK);
    assert_int_equal(err.status, GL_ESINK);
    gl_doc_free(doc);

    doc = rich_doc_new();
    assert_non_null(doc);
    assert_true(tk_fail_each_allocation(write, doc, NULL) > min_allocations);
    gl_doc_free(doc);
}

long uk_fail_each_read(gl_read_fn read, const gl_input *in, const gl_options *base) {
    tk_failing f;
    gl_options opt = tk_failing_options(&f, base);
    for (f.fail_at = 1; f.fail_at < 100000; f.fail_at++) {
        f.calls = 0;
        gl_doc *doc = NULL;
        gl_error err;
        gl_error_init(&err, in->name);
        gl_status st = read(&doc, in, &opt, &err);
        if (st == GL_OK) {
            gl_error verr;
            gl_error_init(&verr, NULL);
            if (gl_doc_validate(doc, &verr) != GL_OK)
                fail_msg("invalid tree: %s (line %lu)", verr.message, verr.line);
            gl_doc_free(doc);
            return f.fail_at - 1;
        }
        if (st != GL_ENOMEM)
            fail_msg("allocation %ld: status %d (%s)", f.fail_at, st, err.message);
        assert_null(doc);
    }
    fail_msg("no read succeeded in 100000 allocations");
    return 0;
}
