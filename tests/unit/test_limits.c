/* Every limit in options.h through the public API: input bytes, nesting
 * depth, node count, table columns, unclosed "![", image pixels and the
 * memory libxml2 takes for a page (max_memory). Each
 * refusal is GL_ELIMIT (or, for the bounds that keep converting, a warning)
 * and its message names the limit. Trees that come back must validate. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <zip.h>
#include "galley/galley.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/sink.h"
#include "../tools/testkit.h"
#include "../tools/zipkit.h"

typedef struct run {
    gl_options opt;
    gl_error err;
    gl_buf warnings;
    gl_doc *doc;
} run;

static void on_warn(void *userdata, const char *file, unsigned long line, const char *message) {
    (void)file;
    gl_buf_printf(userdata, "%lu: %s\n", line, message);
}

static void run_init(run *r) {
    memset(r, 0, sizeof *r);
    gl_options_init(&r->opt);
    gl_buf_init(&r->warnings, NULL, 0);
    r->opt.warn = on_warn;
    r->opt.warn_userdata = &r->warnings;
}

static void run_free(run *r) {
    gl_doc_free(r->doc);
    gl_buf_free(&r->warnings);
}

/* Reads `len` bytes with the reader `format` ("markdown" or "html"). */
static gl_status read_as(run *r, const char *format, const char *text, size_t len) {
    gl_input in = {"limits", NULL, text, len};
    gl_error_init(&r->err, "limits");
    gl_doc_free(r->doc);
    r->doc = NULL;
    gl_status st = gl_read(&r->doc, &in, gl_reader_by_name(format), &r->opt, &r->err);
    if (st == GL_OK) {
        gl_error verr;
        gl_error_init(&verr, NULL);
        if (gl_doc_validate(r->doc, &verr) != GL_OK)
            fail_msg("invalid tree: %s", verr.message);
    } else {
        assert_null(r->doc);
    }
    return st;
}

/* s repeated n times, then `tail`; malloc'd. */
static char *repeat(const char *s, size_t n, const char *tail, size_t *len) {
    size_t k = strlen(s), t = strlen(tail);
    char *out = malloc(k * n + t + 1);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++)
        memcpy(out + i * k, s, k);
    memcpy(out + k * n, tail, t + 1);
    *len = k * n + t;
    return out;
}

static void assert_limit(run *r, gl_status st, const char *name) {
    assert_int_equal(st, GL_ELIMIT);
    if (!strstr(r->err.message, name))
        fail_msg("'%s' does not name %s", r->err.message, name);
}

static void test_max_input(void **state) {
    (void)state;
    run r;
    run_init(&r);
    r.opt.max_input = 10;
    assert_limit(&r, read_as(&r, "markdown", "hello world", 11), "max_input");
    assert_limit(&r, read_as(&r, "html", "<p>hello</p>", 12), "max_input");
    assert_int_equal(read_as(&r, "markdown", "hello worl", 10), GL_OK);
    /* the default is 64 MiB */
    gl_options def;
    gl_options_init(&def);
    assert_int_equal(def.max_input, (size_t)64 << 20);
    run_free(&r);
}

static void test_max_depth(void **state) {
    (void)state;
    run r;
    run_init(&r);
    size_t len;
    char *quotes = repeat(">", GL_DEFAULT_MAX_DEPTH + 1, " deep\n", &len);
    assert_limit(&r, read_as(&r, "markdown", quotes, len), "max_depth");
    free(quotes);
    char *lists = repeat("- ", GL_DEFAULT_MAX_DEPTH + 1, "deep\n", &len);
    assert_limit(&r, read_as(&r, "markdown", lists, len), "max_depth");
    free(lists);
    char *divs = repeat("<div>", GL_DEFAULT_MAX_DEPTH + 1, "deep", &len);
    assert_limit(&r, read_as(&r, "html", divs, len), "max_depth");
    free(divs);
    /* inline nesting counts too */
    char *spans = repeat("<em>", GL_DEFAULT_MAX_DEPTH + 1, "deep", &len);
    char *html = malloc(len + 4);
    snprintf(html, len + 4, "<p>%s", spans);
    assert_limit(&r, read_as(&r, "html", html, len + 3), "max_depth");
    free(spans);
    free(html);
    /* a smaller limit set by the caller */
    r.opt.max_depth = 4;
    assert_limit(&r, read_as(&r, "markdown", "> > > > > x\n", 12), "max_depth");
    assert_int_equal(read_as(&r, "markdown", "> > x\n", 6), GL_OK);
    run_free(&r);
}

static void test_max_nodes(void **state) {
    (void)state;
    run r;
    run_init(&r);
    r.opt.max_nodes = 100;
    size_t len;
    char *paras = repeat("para *em*\n\n", 100, "", &len);
    assert_limit(&r, read_as(&r, "markdown", paras, len), "max_nodes");
    free(paras);
    char *ps = repeat("<p>para <em>em</em></p>", 100, "", &len);
    assert_limit(&r, read_as(&r, "html", ps, len), "max_nodes");
    free(ps);
    run_free(&r);
}

static void test_table_columns(void **state) {
    (void)state;
    run r;
    run_init(&r);
    size_t len;
    /* one column in the header, 20,000 cells in the row: read in linear time */
    char *row = repeat("x|", 20000, "\n", &len);
    char *md = malloc(len + 16);
    snprintf(md, len + 16, "|a|\n|-|\n|%s", row);
    assert_int_equal(read_as(&r, "markdown", md, strlen(md)), GL_OK);
    assert_non_null(strstr(gl_buf_cstr(&r.warnings), "3: a line with more than 256 table cells"));
    assert_non_null(strstr(gl_buf_cstr(&r.warnings), "(max_table_columns)"));
    assert_int_equal(tk_count_type(r.doc, GL_NODE_TABLE_CELL), 2);
    free(row);
    free(md);
    /* a caller's smaller bound; the cells under it stay a table */
    gl_buf_clear(&r.warnings);
    r.opt.max_table_columns = 3;
    const char *t = "|a|b|\n|-|-|\n|1|2|3|4|5|\n";
    assert_int_equal(read_as(&r, "markdown", t, strlen(t)), GL_OK);
    assert_int_equal(tk_count_type(r.doc, GL_NODE_TABLE_CELL), 4);
    assert_non_null(strstr(gl_buf_cstr(&r.warnings), "3: a line with more than 3 table cells"));
    /* fenced code is left alone */
    gl_buf_clear(&r.warnings);
    const char *code = "```\n|1|2|3|4|5|\n```\n";
    assert_int_equal(read_as(&r, "markdown", code, strlen(code)), GL_OK);
    assert_int_equal(r.warnings.len, 0);
    const gl_node *cb = gl_doc_root(r.doc)->first_child;
    assert_int_equal(cb->type, GL_NODE_CODE_BLOCK);
    assert_string_equal(cb->text, "|1|2|3|4|5|");
    run_free(&r);
}

static void test_open_images(void **state) {
    (void)state;
    run r;
    run_init(&r);
    size_t len;
    char *md = repeat("![[]()", 10000, "\n", &len);
    assert_int_equal(read_as(&r, "markdown", md, len), GL_OK);
    assert_non_null(strstr(gl_buf_cstr(&r.warnings), "more than 64 unclosed \"![\""));
    free(md);
    /* closed images do not count */
    gl_buf_clear(&r.warnings);
    md = repeat("![a](a.png) [l](x) ", 200, "\n", &len);
    assert_int_equal(read_as(&r, "markdown", md, len), GL_OK);
    assert_int_equal(r.warnings.len, 0);
    assert_int_equal(tk_count_type(r.doc, GL_NODE_IMAGE), 200);
    free(md);
    run_free(&r);
}

/* ---- image pixels (the EPUB writer embeds local images) ---- */

static void write_png(const char *path, uint32_t w, uint32_t h) {
    unsigned char png[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                             0,    0,   0,   13,  'I',  'H',  'D',  'R'};
    for (int i = 0; i < 4; i++) {
        png[16 + i] = (unsigned char)(w >> (24 - 8 * i));
        png[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    png[24] = 8; /* bit depth; the rest (colour type, CRC) no reader here checks */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(png, 1, sizeof png, f), sizeof png);
    fclose(f);
}

static void test_image_pixels(void **state) {
    (void)state;
    char dir[] = "/tmp/gl-limits-XXXXXX", path[128], md_path[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/small.png", dir);
    write_png(path, 100, 100);
    snprintf(path, sizeof path, "%s/huge.png", dir);
    write_png(path, 100000, 100000); /* 10 gigapixels, 33 bytes */
    snprintf(md_path, sizeof md_path, "%s/doc.md", dir);
    run r;
    run_init(&r);
    const char *md = "![small](small.png)\n\n![huge](huge.png)\n";
    assert_int_equal(read_as(&r, "markdown", md, strlen(md)), GL_OK);
    r.opt.source_path = md_path;
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_write(gl_writer_by_name("epub"), r.doc, &sink, &r.opt, &err), GL_OK);
    const char *w = gl_buf_cstr(&r.warnings);
    assert_non_null(strstr(w, "'huge.png' cannot be embedded (larger than the image limit in "
                              "pixels (max_image_pixels))"));
    assert_null(strstr(w, "small.png"));
    zip_t *z = tk_zip_open(out.data, out.len);
    assert_true(zip_name_locate(z, "EPUB/img1.png", 0) >= 0);
    assert_true(zip_name_locate(z, "EPUB/img2.png", 0) < 0);
    zip_close(z);
    gl_buf_free(&out);
    run_free(&r);
    snprintf(path, sizeof path, "%s/small.png", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/huge.png", dir);
    unlink(path);
    rmdir(dir);
}

/* Issue 14: libxml2's memory counts against max_memory while a page is
 * read. 40,000 small paragraphs (3.6 MB) make a DOM of about 50 MB, which
 * a 16 MiB limit stops with the limit's message; before libxml2 was
 * counted, the page was read whatever max_memory said. */
static void test_max_memory_html(void **state) {
    (void)state;
    run r;
    run_init(&r);
    size_t len;
    char *html =
        repeat("<div class=\"c\"><p id=\"p\">Word <b>bold</b> <a href=\"/x\">link</a></p></div>\n",
               40000, "", &len);
    r.opt.max_memory = (size_t)16 << 20;
    assert_limit(&r, read_as(&r, "html", html, len), "max_memory");
    assert_non_null(strstr(r.err.message, "document too large for the memory limit"));
    r.opt.max_memory = (size_t)768 << 20;
    assert_int_equal(read_as(&r, "html", html, len), GL_OK);
    free(html);
    run_free(&r);
}

/* The counted allocations (util/alloc.h) give back what they took, count
 * nothing with no budget watched, refuse past the limit, and free a block
 * made before the budget was watched without counting it below zero. */
static void test_counted_allocations(void **state) {
    (void)state;
    char *early = gl_counted_malloc(1000);
    gl_budget b;
    gl_budget_init(&b, NULL, 1 << 20);
    assert_null(gl_budget_watch(&b));
    char *p = gl_counted_malloc(100);
    assert_non_null(p);
    assert_true(b.used >= 100 + sizeof(size_t));
    p = gl_counted_realloc(p, 5000);
    assert_non_null(p);
    assert_true(b.used >= 5000);
    char *s = gl_counted_strdup("galley");
    assert_string_equal(s, "galley");
    gl_counted_free(s);
    gl_counted_free(p);
    assert_int_equal(b.used, 0);
    assert_true(b.peak >= 5000);
    assert_null(gl_counted_malloc(2 << 20));
    assert_true(b.exceeded);
    gl_counted_free(early);
    assert_int_equal(b.used, 0);
    assert_ptr_equal(gl_budget_watch(NULL), &b);
    p = gl_counted_malloc(10);
    gl_counted_free(p);
    assert_int_equal(b.used, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_max_input),       cmocka_unit_test(test_max_depth),
        cmocka_unit_test(test_max_nodes),       cmocka_unit_test(test_table_columns),
        cmocka_unit_test(test_open_images),     cmocka_unit_test(test_image_pixels),
        cmocka_unit_test(test_max_memory_html), cmocka_unit_test(test_counted_allocations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
