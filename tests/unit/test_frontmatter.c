/* YAML front matter: keys, author lists, bad YAML, what is not front matter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "readers/frontmatter.h"
#include "readers/readers.h"

typedef struct warnings {
    int count;
    unsigned long line;
    char last[512];
} warnings;

static void on_warn(void *userdata, const char *file, unsigned long line, const char *message) {
    warnings *w = userdata;
    (void)file;
    w->count++;
    w->line = line;
    snprintf(w->last, sizeof w->last, "%s", message);
}

typedef struct fm_result {
    gl_doc *doc;
    size_t body;
    unsigned long lines;
    warnings warn;
} fm_result;

static void read_fm(const char *text, fm_result *r) {
    gl_options opt;
    gl_options_init(&opt);
    memset(r, 0, sizeof *r);
    opt.warn = on_warn;
    opt.warn_userdata = &r->warn;
    gl_input in = {"fm.md", NULL, text, strlen(text)};
    gl_error err;
    gl_error_init(&err, "fm.md");
    assert_int_equal(gl_doc_new(&r->doc, &opt, &err), GL_OK);
    assert_int_equal(
        gl_frontmatter_read(r->doc, text, strlen(text), &in, &opt, &err, &r->body, &r->lines),
        GL_OK);
    assert_int_equal(gl_doc_validate(r->doc, &err), GL_OK);
}

static void test_all_keys(void **state) {
    (void)state;
    const char *text = "---\n"
                       "title: \"A Title\"\n"
                       "author: Ann Lee\n"
                       "date: November 12, 2014\n"
                       "language: pt-BR\n"
                       "source: https://example.com/a\n"
                       "description: >\n"
                       "  Folded\n"
                       "  text\n"
                       "site_name: The Site\n"
                       "tags: [x, y]\n"
                       "---\n"
                       "Body\n";
    fm_result r;
    read_fm(text, &r);
    assert_int_equal(r.lines, 12);
    assert_string_equal(text + r.body, "Body\n");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_TITLE), "A Title");
    assert_string_equal(gl_doc_meta_source(r.doc, GL_META_TITLE), "front matter");
    assert_int_equal(gl_doc_author_count(r.doc), 1);
    assert_string_equal(gl_doc_meta(r.doc, GL_META_BYLINE), "Ann Lee");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_DATE), "2014-11-12");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_DATE_TEXT), "November 12, 2014");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_LANG), "pt-BR");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_URL), "https://example.com/a");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_DESCRIPTION), "Folded text");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_SITE), "The Site");
    assert_int_equal(r.warn.count, 0);
    gl_doc_free(r.doc);
}

static void test_author_lists(void **state) {
    (void)state;
    fm_result r;
    read_fm("---\nauthors:\n  - Ann Lee\n  - name: Bo Chen\n    email: b@c.d\n  - [nested]\n"
            "  - Cy Dow\nlang: en\nurl: https://x.org/\nsite: S\n...\n",
            &r);
    assert_int_equal(gl_doc_author_count(r.doc), 3);
    assert_string_equal(gl_doc_author(r.doc, 1), "Bo Chen");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_BYLINE), "Ann Lee, Bo Chen, Cy Dow");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_LANG), "en");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_URL), "https://x.org/");
    assert_string_equal(gl_doc_meta(r.doc, GL_META_SITE), "S");
    gl_doc_free(r.doc);

    read_fm("---\nauthor: [Ann Lee, Bo Chen]\n---\n", &r);
    assert_int_equal(gl_doc_author_count(r.doc), 2);
    gl_doc_free(r.doc);
}

static void test_bad_yaml_warns_and_is_left_out(void **state) {
    (void)state;
    fm_result r;
    const char *text = "---\ntitle: ok\nauthor: [unclosed\ndate: x\n---\n# Heading\n";
    read_fm(text, &r);
    assert_int_equal(r.warn.count, 1);
    assert_non_null(strstr(r.warn.last, "not valid YAML"));
    assert_true(r.warn.line >= 3 && r.warn.line <= 5);
    assert_string_equal(text + r.body, "# Heading\n");
    assert_int_equal(r.lines, 5);
    assert_null(gl_doc_meta(r.doc, GL_META_TITLE));
    gl_doc_free(r.doc);

    read_fm("---\ntitle: \"a\n\tb: [\n---\n", &r);
    assert_int_equal(r.warn.count, 1);
    gl_doc_free(r.doc);
}

static void test_unreadable_date(void **state) {
    (void)state;
    fm_result r;
    read_fm("---\ndate: last Tuesday\n---\n", &r);
    assert_null(gl_doc_meta(r.doc, GL_META_DATE));
    assert_string_equal(gl_doc_meta(r.doc, GL_META_DATE_TEXT), "last Tuesday");
    assert_int_equal(r.warn.count, 1);
    assert_int_equal(r.warn.line, 2);
    gl_doc_free(r.doc);
}

static void test_not_front_matter(void **state) {
    (void)state;
    static const char *const texts[] = {
        "Title\n---\ntitle: x\n---\n", /* not at the very start */
        "---\ntitle: x\n",             /* never closed */
        "---\nSome words\n---\n",      /* a scalar: a rule and a setext heading */
        "- - -\ntitle: x\n---\n",      /* another thematic break */
        "----\ntitle: x\n----\n",
        "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        fm_result r;
        read_fm(texts[i], &r);
        assert_int_equal(r.body, 0);
        assert_int_equal(r.lines, 0);
        assert_null(gl_doc_meta(r.doc, GL_META_TITLE));
        assert_int_equal(r.warn.count, 0);
        gl_doc_free(r.doc);
    }
}

static void test_empty_crlf_and_odd_values(void **state) {
    (void)state;
    fm_result r;
    read_fm("---\n---\nBody", &r);
    assert_int_equal(r.body, 8);
    assert_int_equal(r.lines, 2);
    gl_doc_free(r.doc);

    read_fm("---\r\ntitle: Windows\r\n---\r\nBody\r\n", &r);
    assert_string_equal(gl_doc_meta(r.doc, GL_META_TITLE), "Windows");
    assert_int_equal(r.lines, 3);
    gl_doc_free(r.doc);

    /* Empty, non-string, NUL-holding and invalid-UTF-8 values are skipped. */
    read_fm("---\ntitle: \"\"\nsite: {a: b}\nlang: \"e\\0n\"\ndescription: \"\\udc00\"\n---\n", &r);
    assert_null(gl_doc_meta(r.doc, GL_META_TITLE));
    assert_null(gl_doc_meta(r.doc, GL_META_SITE));
    assert_null(gl_doc_meta(r.doc, GL_META_LANG));
    assert_null(gl_doc_meta(r.doc, GL_META_DESCRIPTION));
    gl_doc_free(r.doc);

    /* Aliases are not expanded: a "billion laughs" costs nothing. */
    read_fm("---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n"
            "title: *a\n---\n",
            &r);
    assert_null(gl_doc_meta(r.doc, GL_META_TITLE));
    gl_doc_free(r.doc);
}

/* Through the reader: the body keeps its line numbers. */
static void test_body_lines_through_reader(void **state) {
    (void)state;
    const char *text = "---\ntitle: T\n---\n\nFirst\n\nSecond\n";
    gl_input in = {"fm.md", NULL, text, strlen(text)};
    gl_doc *doc;
    gl_error err;
    gl_error_init(&err, "fm.md");
    assert_int_equal(gl_read_markdown(&doc, &in, NULL, &err), GL_OK);
    const gl_node *p = gl_doc_root(doc)->first_child;
    assert_int_equal(p->type, GL_NODE_PARAGRAPH);
    assert_int_equal(p->line, 5);
    assert_int_equal(p->first_child->line, 5);
    assert_int_equal(p->next->line, 7);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "T");
    gl_doc_free(doc);

    /* Bad YAML: a warning, and neither its rules nor its text reach the body. */
    text = "---\ntitle: [x\n---\nBody\n";
    in.data = text;
    in.len = strlen(text);
    warnings w = {0};
    gl_options opt;
    gl_options_init(&opt);
    opt.warn = on_warn;
    opt.warn_userdata = &w;
    assert_int_equal(gl_read_markdown(&doc, &in, &opt, &err), GL_OK);
    assert_int_equal(gl_doc_validate(doc, &err), GL_OK);
    assert_int_equal(w.count, 1);
    const gl_node *root = gl_doc_root(doc);
    assert_ptr_equal(root->first_child, root->last_child);
    assert_string_equal(root->first_child->first_child->text, "Body");
    assert_int_equal(root->first_child->line, 4);
    gl_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_keys),
        cmocka_unit_test(test_author_lists),
        cmocka_unit_test(test_bad_yaml_warns_and_is_left_out),
        cmocka_unit_test(test_unreadable_date),
        cmocka_unit_test(test_not_front_matter),
        cmocka_unit_test(test_empty_crlf_and_odd_values),
        cmocka_unit_test(test_body_lines_through_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
