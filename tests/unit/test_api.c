/* The public API's shape (issue 15): versioned options (GL_OPTIONS_INIT,
 * gl_options_init, refused versions), the two root accessors, and registry
 * rows that name their module, run through gl_read and gl_write. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/sink.h"
#include "../tools/testkit.h"

static void test_options_init_matches_macro(void **state) {
    (void)state;
    gl_options a = GL_OPTIONS_INIT, b;
    memset(&b, 0xA5, sizeof b);
    gl_options_init(&b);
    assert_int_equal(a.version, GL_OPTIONS_VERSION);
    assert_int_equal(b.version, GL_OPTIONS_VERSION);
    assert_int_equal(a.max_input, b.max_input);
    assert_int_equal(b.max_input, GL_DEFAULT_MAX_INPUT);
    assert_int_equal(a.max_depth, b.max_depth);
    assert_int_equal(a.max_nodes, b.max_nodes);
    assert_int_equal(a.max_table_columns, b.max_table_columns);
    assert_int_equal(a.max_image_pixels, b.max_image_pixels);
    assert_int_equal(b.max_memory, GL_DEFAULT_MAX_MEMORY);
    assert_int_equal(a.max_memory, b.max_memory);
    assert_int_equal(a.width, b.width);
    assert_int_equal(a.links, b.links);
    assert_int_equal(a.paper, b.paper);
    assert_int_equal(b.source_date_epoch, -1);
    assert_int_equal(a.source_date_epoch, b.source_date_epoch);
    assert_int_equal(b.now, -1);
    assert_int_equal(a.now, b.now);
    assert_null(b.allocator);
    assert_null(b.font_cache);
    assert_false(b.strict);
}

/* A conversion through the given options: read, then write as text. */
static gl_status convert(const gl_options *opt, gl_error *err) {
    static const char md[] = "# Title\n\nA paragraph.\n";
    gl_input in = {"a.md", NULL, md, sizeof md - 1};
    gl_doc *doc = NULL;
    gl_status st = gl_read(&doc, &in, NULL, opt, err);
    if (st == GL_OK) {
        gl_buf out;
        gl_buf_init(&out, NULL, 0);
        gl_sink sink = {gl_sink_buf_write, &out};
        st = gl_write(gl_writer_by_name("text"), doc, &sink, opt, err);
        gl_buf_free(&out);
    }
    gl_doc_free(doc);
    return st;
}

static void test_options_version_checked(void **state) {
    (void)state;
    gl_options opt = GL_OPTIONS_INIT;
    gl_error err;
    gl_error_init(&err, "a.md");
    assert_int_equal(convert(&opt, &err), GL_OK);
    assert_int_equal(convert(NULL, &err), GL_OK);

    const unsigned wrong[] = {0, GL_OPTIONS_VERSION + 1};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        opt.version = wrong[i];
        gl_error_init(&err, "a.md");
        assert_int_equal(convert(&opt, &err), GL_EINVAL);
        char want[64];
        snprintf(want, sizeof want, "gl_options version %u is not this galley's", wrong[i]);
        assert_non_null(strstr(err.message, want));
        assert_non_null(strstr(err.message, "gl_options_init or GL_OPTIONS_INIT"));

        gl_buf out;
        gl_buf_init(&out, NULL, 0);
        gl_sink sink = {gl_sink_buf_write, &out};
        gl_doc *doc = tk_doc_new();
        gl_error_init(&err, "doc");
        assert_int_equal(gl_write(gl_writer_by_name("pdf"), doc, &sink, &opt, &err), GL_EINVAL);
        assert_non_null(strstr(err.message, want));
        assert_int_equal(out.len, 0);
        gl_doc_free(doc);
        gl_buf_free(&out);

        gl_book *book = NULL;
        gl_error_init(&err, "book");
        assert_int_equal(
            gl_book_new(&book, gl_writer_by_name("text"), NULL, GL_BOOK_AS_ADDED, &opt, &err),
            GL_EINVAL);
        assert_null(book);
        assert_non_null(strstr(err.message, want));
    }
}

static void test_root_accessors(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = gl_doc_root_mut(doc);
    assert_ptr_equal(root, gl_doc_root(doc));
    assert_int_equal(root->type, GL_NODE_DOCUMENT);
    tk_add_text(doc, root, GL_NODE_PARAGRAPH, "built through the mutable root");
    assert_int_equal(gl_doc_root(doc)->first_child->type, GL_NODE_PARAGRAPH);
    gl_doc_free(doc);
}

static void test_rows_name_their_module(void **state) {
    (void)state;
    size_t n;
    const gl_writer_entry *w = gl_writers(&n);
    for (size_t i = 0; i < n; i++) {
        bool in_module = strcmp(w[i].name, "pdf") == 0 || strcmp(w[i].name, "epub") == 0;
        assert_true(in_module ? w[i].module && !w[i].write : !w[i].module && w[i].write);
    }
    const gl_reader_entry *html = gl_reader_by_name("html");
    assert_string_equal(html->module, "html");
    assert_null(html->read);
    assert_null(gl_reader_by_name("markdown")->module);
}

/* gl_write finds a module's writer in its table; gl_read a module's reader. */
static void test_write_and_read_through_modules(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_add_text(doc, tk_root(doc), GL_NODE_PARAGRAPH, "Through the module.");
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    gl_error err;
    gl_error_init(&err, "doc");
    assert_int_equal(gl_write(gl_writer_by_name("epub"), doc, &sink, NULL, &err), GL_OK);
    assert_true(out.len > 4 && memcmp(out.data, "PK", 2) == 0);
    gl_buf_free(&out);
    gl_doc_free(doc);

    static const char page[] = "<!doctype html><title>T</title><p>A paragraph.</p>";
    gl_input in = {"page", NULL, page, sizeof page - 1};
    assert_int_equal(gl_read(&doc, &in, gl_reader_by_name("html"), NULL, &err), GL_OK);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "T");
    gl_doc_free(doc);
}

/* A row made by a caller that names no module galley has, or a format its
 * module lacks, is an error, not a crash. */
static void test_rows_without_function(void **state) {
    (void)state;
    static const char md[] = "text\n";
    gl_input in = {"a.md", NULL, md, sizeof md - 1};
    gl_doc *doc = NULL;
    gl_error err;

    const gl_reader_entry nowhere = {"rtf", ".rtf", "text/rtf", NULL, "rtf"};
    gl_error_init(&err, "a.md");
    assert_int_equal(gl_read(&doc, &in, &nowhere, NULL, &err), GL_EINVAL);
    assert_string_equal(err.message, "the reader rtf has no function and galley no module rtf");
    assert_null(doc);

    const gl_reader_entry lacking = {"rtf", ".rtf", "text/rtf", NULL, "html"};
    gl_error_init(&err, "a.md");
    assert_int_equal(gl_read(&doc, &in, &lacking, NULL, &err), GL_EIO);
    assert_string_equal(err.message, "galley-html.so holds no reader rtf");

    /* The PDF module holds a writer called pdf, not a reader. */
    const gl_reader_entry wrong_kind = {"pdf", ".pdf", "application/pdf", NULL, "pdf"};
    gl_error_init(&err, "a.md");
    assert_int_equal(gl_read(&doc, &in, &wrong_kind, NULL, &err), GL_EIO);
    assert_string_equal(err.message, "galley-pdf.so holds no reader pdf");

    const gl_writer_entry empty = {"odt", ".odt", "", true, NULL, NULL};
    doc = tk_doc_new();
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    gl_error_init(&err, "doc");
    assert_int_equal(gl_write(&empty, doc, &sink, NULL, &err), GL_EINVAL);
    assert_string_equal(err.message, "the writer odt has no function and galley no module for it");
    gl_buf_free(&out);
    gl_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_init_matches_macro),
        cmocka_unit_test(test_options_version_checked),
        cmocka_unit_test(test_root_accessors),
        cmocka_unit_test(test_rows_name_their_module),
        cmocka_unit_test(test_write_and_read_through_modules),
        cmocka_unit_test(test_rows_without_function),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
