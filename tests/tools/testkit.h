/* What several unit tests need: building trees by hand, a sink that refuses, and running a
 * conversion with each allocation failing in turn (curl's VERIFY.md, SQLite's test_malloc.c).
 * Include after <cmocka.h>. */
#ifndef GL_TESTS_TESTKIT_H
#define GL_TESTS_TESTKIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/sink.h"

/* Tree building for writer and tree tests: each step asserts that it worked. */
static inline gl_doc *tk_doc_new(void) {
    gl_doc *doc = NULL;
    gl_error err;
    gl_error_init(&err, "test");
    assert_int_equal(gl_doc_new(&doc, NULL, &err), GL_OK);
    return doc;
}

static inline gl_node *tk_root(gl_doc *doc) { return gl_doc_root_mut(doc); }

static inline gl_node *tk_add(gl_doc *doc, gl_node *parent, gl_node_type type) {
    gl_node *n = gl_node_new(doc, type);
    assert_non_null(n);
    assert_int_equal(gl_node_append(parent, n), GL_OK);
    return n;
}

static inline void tk_append_text(gl_doc *doc, gl_node *parent, const char *s) {
    assert_int_equal(gl_node_append_text(doc, parent, s, strlen(s)), GL_OK);
}

/* A node of `type` holding the text `s`. */
static inline gl_node *tk_add_text(gl_doc *doc, gl_node *parent, gl_node_type type, const char *s) {
    gl_node *n = tk_add(doc, parent, type);
    tk_append_text(doc, n, s);
    return n;
}

static inline void tk_set_meta_from(gl_doc *doc, gl_meta_field f, const char *v,
                                    const char *source) {
    assert_int_equal(gl_doc_set_meta(doc, f, v, strlen(v), source), GL_OK);
}

static inline void tk_set_meta(gl_doc *doc, gl_meta_field f, const char *v) {
    tk_set_meta_from(doc, f, v, "test");
}

/* How many nodes of `type` the document holds. */
static inline size_t tk_count_type(const gl_doc *doc, gl_node_type type) {
    size_t n = 0;
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        n += it.event == GL_EVENT_ENTER && it.node->type == type;
    return n;
}

/* Warnings gathered as "file:line: message" lines into a caller's fixed
 * buffer, which opt.warn_userdata points at; what does not fit is cut. */
typedef struct tk_warning_text {
    char *text;
    size_t size;
} tk_warning_text;

static inline void tk_collect_warning(void *userdata, const char *file, unsigned long line,
                                      const char *message) {
    tk_warning_text *w = userdata;
    size_t used = strlen(w->text);
    snprintf(w->text + used, w->size - used, "%s:%lu: %s\n", file ? file : "", line, message);
}

/* Default options whose warnings go into `w`, emptied first. */
static inline gl_options tk_options_collecting(tk_warning_text *w) {
    gl_options opt;
    gl_options_init(&opt);
    opt.warn = tk_collect_warning;
    opt.warn_userdata = w;
    w->text[0] = '\0';
    return opt;
}

/* A sink that refuses every byte, as a full disk would. */
static inline gl_status tk_refusing_sink(void *userdata, const char *bytes, size_t len) {
    (void)userdata, (void)bytes, (void)len;
    return GL_EIO;
}

/* An allocator whose allocation number `fail_at` (1-based) fails. */
typedef struct tk_failing {
    gl_allocator allocator;
    long fail_at, calls;
} tk_failing;

static inline void *tk_failing_malloc(void *ctx, size_t n) {
    tk_failing *f = ctx;
    return ++f->calls == f->fail_at ? NULL : malloc(n);
}

static inline void *tk_failing_realloc(void *ctx, void *p, size_t n) {
    tk_failing *f = ctx;
    return ++f->calls == f->fail_at ? NULL : realloc(p, n);
}

static inline void tk_failing_free(void *ctx, void *p) {
    (void)ctx;
    free(p);
}

/* `base` (NULL: the defaults) with `f` as its allocator, counting from 0. */
static inline gl_options tk_failing_options(tk_failing *f, const gl_options *base) {
    *f = (tk_failing){{tk_failing_malloc, tk_failing_realloc, tk_failing_free, f}, 0, 0};
    gl_options opt;
    if (base)
        opt = *base;
    else
        gl_options_init(&opt);
    opt.allocator = &f->allocator;
    return opt;
}

/* Runs `write` on `doc` with allocation 1, 2, ... failing until a run
 * succeeds. Each failed run must report GL_ENOMEM (the sanitizer build checks
 * that it leaks nothing). Returns the number of allocations the successful
 * run made. */
static inline long tk_fail_each_allocation(gl_write_doc_fn write, const gl_doc *doc,
                                           const gl_options *base) {
    tk_failing f;
    gl_options opt = tk_failing_options(&f, base);
    for (f.fail_at = 1; f.fail_at < 100000; f.fail_at++) {
        f.calls = 0;
        gl_buf out;
        gl_buf_init(&out, NULL, 0);
        gl_sink sink = {gl_sink_buf_write, &out};
        gl_error err;
        gl_error_init(&err, "test");
        gl_status st = write(doc, &sink, &opt, &err);
        gl_buf_free(&out);
        if (st == GL_OK)
            return f.fail_at - 1;
        assert_int_equal(st, GL_ENOMEM);
        assert_int_equal(err.status, GL_ENOMEM);
    }
    fail_msg("a run still failed after %d allocations", 100000);
    return -1;
}

#endif
