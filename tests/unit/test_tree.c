/* The tree: arena, containment, iterator, metadata, validator, URL resolution. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "tree/graft.h"
#include "tree/text.h"
#include "util/buf.h"
#include "util/sink.h"
#include "../tools/testkit.h"

static void test_containment(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = gl_doc_root_mut(doc);
    gl_node *para = tk_add(doc, root, GL_NODE_PARAGRAPH);
    gl_node *list = gl_node_new(doc, GL_NODE_LIST);
    assert_int_equal(gl_node_append(para, list), GL_EINVAL); /* block in inline container */
    gl_node *text = gl_node_new(doc, GL_NODE_TEXT);
    assert_int_equal(gl_node_append(list, text), GL_EINVAL); /* list holds items only */
    assert_int_equal(gl_node_append(root, text), GL_EINVAL); /* inline at block level */
    gl_node *link = tk_add(doc, para, GL_NODE_LINK);
    assert_int_equal(gl_node_append(link, gl_node_new(doc, GL_NODE_LINK)), GL_EINVAL);
    assert_true(gl_node_can_contain(GL_NODE_TABLE_ROW, GL_NODE_TABLE_CELL));
    assert_false(gl_node_can_contain(GL_NODE_DOCUMENT, GL_NODE_ITEM));
    gl_doc_free(doc);
}

static void test_text_joins(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *para = tk_add(doc, gl_doc_root_mut(doc), GL_NODE_PARAGRAPH);
    assert_int_equal(gl_node_append_text(doc, para, "Hello, ", 7), GL_OK);
    assert_int_equal(gl_node_append_text(doc, para, "world", 5), GL_OK);
    assert_ptr_equal(para->first_child, para->last_child);
    assert_string_equal(para->first_child->text, "Hello, world");
    assert_int_equal(para->first_child->text_len, 12);
    gl_doc_free(doc);
}

static void test_iterator_order_and_skip(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = gl_doc_root_mut(doc);
    gl_node *h = tk_add(doc, root, GL_NODE_HEADING);
    gl_node_append_text(doc, h, "T", 1);
    gl_node *q = tk_add(doc, root, GL_NODE_BLOCKQUOTE);
    gl_node *p = tk_add(doc, q, GL_NODE_PARAGRAPH);
    gl_node *em = tk_add(doc, p, GL_NODE_EMPH);
    gl_node_append_text(doc, em, "x", 1);
    tk_add(doc, root, GL_NODE_THEMATIC_BREAK);
    char seq[128] = "";
    gl_iter it;
    gl_iter_init(&it, root);
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        strcat(seq, ev == GL_EVENT_ENTER ? "+" : "-");
        strncat(seq, gl_node_type_name(it.node->type), 2);
    }
    assert_string_equal(seq, "+do+he+te-he+bl+pa+em+te-em-pa-bl+th-do");
    /* skipping the quote's children goes straight to its EXIT */
    seq[0] = '\0';
    gl_iter_init(&it, root);
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        strcat(seq, ev == GL_EVENT_ENTER ? "+" : "-");
        strncat(seq, gl_node_type_name(it.node->type), 2);
        if (ev == GL_EVENT_ENTER && it.node->type == GL_NODE_BLOCKQUOTE)
            gl_iter_skip_children(&it);
    }
    assert_string_equal(seq, "+do+he+te-he+bl-bl+th-do");
    gl_doc_free(doc);
}

static void test_deep_tree_no_recursion(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *parent = gl_doc_root_mut(doc);
    for (int i = 0; i < 100000; i++)
        parent = tk_add(doc, parent, GL_NODE_BLOCKQUOTE);
    size_t events = 0;
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        events++;
    assert_int_equal(events, 2 * 100001);
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_doc_validate(doc, &err), GL_OK);
    gl_doc_free(doc);
}

static void test_metadata_and_authors(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    assert_null(gl_doc_meta(doc, GL_META_TITLE));
    assert_int_equal(gl_doc_set_meta(doc, GL_META_TITLE, "Title", 5, "front matter"), GL_OK);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "Title");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_TITLE), "front matter");
    assert_int_equal(gl_doc_set_meta(doc, GL_META_SITE, "\xff", 1, "x"), GL_EINVAL);
    gl_doc_add_author(doc, "Ann Lee", 7, "byline");
    gl_doc_add_author(doc, "Bo Chen", 7, "byline");
    assert_int_equal(gl_doc_author_count(doc), 2);
    assert_string_equal(gl_doc_meta(doc, GL_META_BYLINE), "Ann Lee, Bo Chen");
    gl_doc_set_meta(doc, GL_META_BYLINE, "Solo", 4, "meta author");
    assert_int_equal(gl_doc_author_count(doc), 1);
    assert_string_equal(gl_doc_author(doc, 0), "Solo");
    assert_string_equal(gl_meta_field_name(GL_META_DATE_TEXT), "date_text");
    gl_doc_free(doc);
}

static void test_validator_catches_bad_text(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *p = tk_add(doc, gl_doc_root_mut(doc), GL_NODE_PARAGRAPH);
    gl_node *t = tk_add(doc, p, GL_NODE_TEXT);
    gl_node_set_text(doc, t, "ok\xc3", 3);
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_doc_validate(doc, &err), GL_EINVAL);
    assert_non_null(strstr(err.message, "UTF-8"));
    gl_doc_free(doc);
}

static void test_resolve_urls(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *p = tk_add(doc, gl_doc_root_mut(doc), GL_NODE_PARAGRAPH);
    const char *urls[] = {"img/a.png", "#top", "mailto:a@b.c", "/root", "https://x.org/"};
    gl_node *links[5];
    for (int i = 0; i < 5; i++) {
        links[i] = tk_add(doc, p, GL_NODE_LINK);
        gl_node_set_url(doc, links[i], urls[i], strlen(urls[i]));
    }
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_doc_resolve_urls(doc, "https://example.com/news/story.html", &err), GL_OK);
    assert_string_equal(links[0]->url, "https://example.com/news/img/a.png");
    assert_string_equal(links[1]->url, "#top");
    assert_string_equal(links[2]->url, "mailto:a@b.c");
    assert_string_equal(links[3]->url, "https://example.com/root");
    assert_string_equal(links[4]->url, "https://x.org/");
    gl_doc_free(doc);
}

static void test_node_limit(void **state) {
    (void)state;
    gl_options opt;
    gl_options_init(&opt);
    opt.max_nodes = 3;
    gl_doc *doc = NULL;
    assert_int_equal(gl_doc_new(&doc, &opt, NULL), GL_OK);
    assert_non_null(gl_node_new(doc, GL_NODE_PARAGRAPH));
    assert_non_null(gl_node_new(doc, GL_NODE_PARAGRAPH));
    assert_null(gl_node_new(doc, GL_NODE_PARAGRAPH));
    assert_int_equal(gl_doc_last_status(doc), GL_ELIMIT);
    gl_doc_free(doc);
}

/* Fails the Nth allocation: gl_doc_new must fail cleanly, never crash. */
static void test_allocation_failure(void **state) {
    (void)state;
    tk_failing f = {{tk_failing_malloc, tk_failing_realloc, tk_failing_free, NULL}, 0, 0};
    f.allocator.ctx = &f;
    gl_options opt;
    gl_options_init(&opt);
    opt.allocator = &f.allocator;
    for (f.fail_at = 1; f.fail_at <= 3; f.fail_at++) {
        f.calls = 0;
        gl_doc *doc = NULL;
        gl_error err;
        gl_error_init(&err, NULL);
        gl_status st = gl_doc_new(&doc, &opt, &err);
        if (st == GL_OK) {
            gl_node *p = gl_node_new(doc, GL_NODE_PARAGRAPH);
            (void)p;
            gl_doc_free(doc);
        } else {
            assert_int_equal(st, GL_ENOMEM);
            assert_null(doc);
        }
    }
}

static void test_dump(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_doc_set_meta(doc, GL_META_TITLE, "T", 1, "test");
    gl_node *h = tk_add(doc, gl_doc_root_mut(doc), GL_NODE_HEADING);
    h->level = 2;
    gl_node_append_text(doc, h, "Hi \"there\"", 10);
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    assert_int_equal(gl_doc_dump(doc, &sink, NULL), GL_OK);
    assert_string_equal(
        gl_buf_cstr(&out),
        "title: \"T\" (test)\ndocument\n  heading level=2\n    text \"Hi \\\"there\\\"\"\n");
    gl_buf_free(&out);
    gl_doc_free(doc);
}

/* A heading's words as one line (tree/text.c): runs of HTML's white space,
 * form feed included, across text and code nodes and the emphasis between
 * them become one space; none at either end; an image's alt is no text. */
static void test_text_collapsed(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *h = tk_add(doc, gl_doc_root_mut(doc), GL_NODE_HEADING);
    tk_append_text(doc, h, " \tForm\ffeed ");
    assert_int_equal(gl_node_set_text(doc, tk_add(doc, h, GL_NODE_CODE), "\r\ncode\n", 7), GL_OK);
    tk_append_text(doc, tk_add(doc, h, GL_NODE_EMPH), "  and\t");
    assert_int_equal(gl_node_set_text(doc, tk_add(doc, h, GL_NODE_IMAGE), "alt", 3), GL_OK);
    tk_append_text(doc, h, "end  ");
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_buf_puts(&out, "[");
    assert_int_equal(gl_node_text_collapsed(h, &out), GL_OK);
    assert_string_equal(gl_buf_cstr(&out), "[Form feed code and end");
    gl_text_walk w;
    gl_text_walk_init(&w, tk_add(doc, gl_doc_root_mut(doc), GL_NODE_HEADING));
    assert_int_equal(gl_text_walk_next(&w), -1);
    gl_buf_free(&out);
    gl_doc_free(doc);
}

/* gl_node_graft moves a document's blocks with their strings; the source is
 * freed and its memory lives on in the destination (ASan and the leak
 * checker see both ends). */
static void test_graft_moves_blocks(void **state) {
    (void)state;
    gl_doc *dst = tk_doc_new(), *src = tk_doc_new();
    gl_node *holder = tk_add(dst, gl_doc_root_mut(dst), GL_NODE_BLOCKQUOTE);
    tk_add_text(dst, holder, GL_NODE_HEADING, "Chapter");
    tk_add_text(src, gl_doc_root_mut(src), GL_NODE_PARAGRAPH, "first");
    gl_node *list = tk_add(src, gl_doc_root_mut(src), GL_NODE_LIST);
    tk_add_text(src, tk_add(src, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "item");
    gl_doc_set_meta(src, GL_META_TITLE, "T", 1, "test");
    size_t before = gl_doc_node_count(dst), moved = gl_doc_node_count(src) - 1;
    assert_int_equal(gl_node_graft(dst, holder, &src), GL_OK);
    assert_null(src);
    assert_int_equal(gl_doc_node_count(dst), before + moved);
    const gl_node *p = holder->first_child->next;
    assert_int_equal(p->type, GL_NODE_PARAGRAPH);
    assert_ptr_equal(p->parent, holder);
    assert_string_equal(p->first_child->text, "first");
    assert_int_equal(p->next->type, GL_NODE_LIST);
    assert_ptr_equal(holder->last_child, p->next);
    assert_string_equal(p->next->first_child->first_child->first_child->text, "item");
    /* The destination still allocates from its own newest chunk. */
    tk_add_text(dst, holder, GL_NODE_PARAGRAPH, "after");
    assert_string_equal(holder->last_child->first_child->text, "after");
    assert_int_equal(gl_doc_validate(dst, NULL), GL_OK);
    gl_doc_free(dst);
}

/* A graft that cannot be done moves nothing and leaves the source whole. */
static void test_graft_refused(void **state) {
    (void)state;
    gl_doc *dst = tk_doc_new(), *src = tk_doc_new();
    tk_add_text(src, gl_doc_root_mut(src), GL_NODE_PARAGRAPH, "x");
    gl_node *para = tk_add(dst, gl_doc_root_mut(dst), GL_NODE_PARAGRAPH);
    assert_int_equal(gl_node_graft(dst, para, &src), GL_EINVAL); /* a block in a paragraph */
    assert_non_null(src);
    assert_int_equal(gl_node_graft(dst, gl_doc_root_mut(dst), &dst), GL_EINVAL);

    gl_options opt;
    gl_options_init(&opt);
    opt.max_nodes = 2; /* its root and one more: src brings two */
    gl_doc *small = NULL;
    assert_int_equal(gl_doc_new(&small, &opt, NULL), GL_OK);
    assert_int_equal(gl_node_graft(small, gl_doc_root_mut(small), &src), GL_ELIMIT);
    assert_non_null(src);
    assert_null(gl_doc_root(small)->first_child);

    tk_failing f = {{tk_failing_malloc, tk_failing_realloc, tk_failing_free, NULL}, 0, 0};
    f.allocator.ctx = &f;
    gl_options other;
    gl_options_init(&other);
    other.allocator = &f.allocator;
    gl_doc *foreign = NULL;
    assert_int_equal(gl_doc_new(&foreign, &other, NULL), GL_OK);
    assert_int_equal(gl_node_graft(foreign, gl_doc_root_mut(foreign), &src), GL_EINVAL);
    assert_non_null(src);
    assert_string_equal(gl_doc_root(src)->first_child->first_child->text, "x");
    gl_doc_free(foreign);
    gl_doc_free(small);
    gl_doc_free(src);
    gl_doc_free(dst);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_containment),
        cmocka_unit_test(test_text_joins),
        cmocka_unit_test(test_iterator_order_and_skip),
        cmocka_unit_test(test_deep_tree_no_recursion),
        cmocka_unit_test(test_metadata_and_authors),
        cmocka_unit_test(test_validator_catches_bad_text),
        cmocka_unit_test(test_resolve_urls),
        cmocka_unit_test(test_node_limit),
        cmocka_unit_test(test_allocation_failure),
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_text_collapsed),
        cmocka_unit_test(test_graft_moves_blocks),
        cmocka_unit_test(test_graft_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
