/* The plain-text writer on trees built by hand, against exact expected text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "writers/writers.h"
#include "../tools/testkit.h"
#include "util/buf.h"
#include "util/sink.h"
#include "util/utf8.h"

static gl_node *para(gl_doc *doc, gl_node *parent, const char *s) {
    gl_node *p = tk_add(doc, parent, GL_NODE_PARAGRAPH);
    tk_append_text(doc, p, s);
    return p;
}

static gl_node *link(gl_doc *doc, gl_node *parent, const char *url, const char *s) {
    gl_node *l = tk_add(doc, parent, GL_NODE_LINK);
    assert_int_equal(gl_node_set_url(doc, l, url, strlen(url)), GL_OK);
    if (s)
        tk_append_text(doc, l, s);
    return l;
}

static gl_node *list(gl_doc *doc, gl_node *parent, bool ordered, long start, bool tight) {
    gl_node *l = tk_add(doc, parent, GL_NODE_LIST);
    l->ordered = ordered;
    l->start = start;
    l->tight = tight;
    return l;
}

static gl_node *item(gl_doc *doc, gl_node *list_node, const char *s) {
    gl_node *it = tk_add(doc, list_node, GL_NODE_ITEM);
    if (s)
        para(doc, it, s);
    return it;
}

/* Checks what every output must be: valid UTF-8, one final newline, no
 * trailing blanks, never two blank lines in a row. */
static void check_shape(const char *s, size_t len) {
    assert_true(gl_utf8_valid(s, len));
    assert_true(len >= 1 && s[len - 1] == '\n');
    if (len >= 2)
        assert_true(s[len - 2] != '\n');
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i + 1] == '\n')
            assert_true(s[i] != ' ' && s[i] != '\t');
        if (i + 2 < len && s[i] == '\n' && s[i + 1] == '\n')
            assert_true(s[i + 2] != '\n');
    }
    assert_true(s[0] != '\n' || len == 1);
}

/* Renders doc with `opt` (NULL: defaults); the caller frees the result. */
static char *render(const gl_doc *doc, const gl_options *opt) {
    gl_buf b;
    gl_buf_init(&b, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &b};
    gl_error err;
    gl_error_init(&err, "test");
    gl_status st = gl_write_text(doc, &sink, opt, &err);
    if (st != GL_OK)
        fail_msg("gl_write_text: %s", err.message);
    check_shape(gl_buf_cstr(&b), b.len);
    size_t len;
    char *s = gl_buf_detach(&b, &len);
    return s;
}

static gl_options opts(unsigned width, gl_links_style links, bool body_only) {
    gl_options o;
    gl_options_init(&o);
    o.width = width;
    o.links = links;
    o.body_only = body_only;
    return o;
}

#define EXPECT(doc, opt, expected)                                                                 \
    do {                                                                                           \
        char *got_ = render(doc, opt);                                                             \
        if (strcmp(got_, expected) != 0)                                                           \
            print_message("got:\n%s--\nexpected:\n%s--\n", got_, expected);                        \
        assert_string_equal(got_, expected);                                                       \
        free(got_);                                                                                \
    } while (0)

static void test_header_block(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "The Title");
    assert_int_equal(gl_doc_add_author(doc, "Ann Lee", 7, "test"), GL_OK);
    assert_int_equal(gl_doc_add_author(doc, "Bo Chen", 7, "test"), GL_OK);
    tk_set_meta(doc, GL_META_DATE, "2014-11-12");
    tk_set_meta(doc, GL_META_DATE_TEXT, "November 12, 2014");
    tk_set_meta(doc, GL_META_SITE, "Example News");
    tk_set_meta(doc, GL_META_URL, "https://example.com/a");
    para(doc, tk_root(doc), "Body.");
    EXPECT(doc, NULL,
           "The Title\n=========\nBy Ann Lee, Bo Chen\nNovember 12, 2014\nExample News\n"
           "https://example.com/a\n\nBody.\n");
    /* without the written date, the ISO one written for people (no language:
     * US English); the body alone without a header */
    gl_doc_clear_meta(doc, GL_META_DATE_TEXT);
    gl_doc_clear_meta(doc, GL_META_BYLINE);
    gl_doc_clear_meta(doc, GL_META_SITE);
    gl_doc_clear_meta(doc, GL_META_URL);
    EXPECT(doc, NULL, "The Title\n=========\nNovember 12, 2014\n\nBody.\n");
    gl_options o = opts(72, GL_LINKS_REFS, true);
    EXPECT(doc, &o, "Body.\n");
    gl_doc_free(doc);
    /* a wide title is underlined to its display width; an empty document is one newline */
    doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "\xe6\x96\xb0\xe9\x97\xbb News");
    EXPECT(doc, NULL, "\xe6\x96\xb0\xe9\x97\xbb News\n=========\n");
    gl_doc_free(doc);
    doc = tk_doc_new();
    EXPECT(doc, NULL, "\n");
    gl_doc_free(doc);
}

static const char *const FOX =
    "The quick brown fox jumps over the lazy dog and keeps running far away, "
    "past the river and the  old\tmill,\nwhere nobody has seen it since.";

static void test_wrapping(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    para(doc, tk_root(doc), FOX);
    gl_options o = opts(20, GL_LINKS_REFS, false);
    EXPECT(doc, &o,
           "The quick brown fox\njumps over the lazy\ndog and keeps\nrunning far away,\n"
           "past the river and\nthe old mill, where\nnobody has seen it\nsince.\n");
    o.width = 72;
    EXPECT(doc, &o,
           "The quick brown fox jumps over the lazy dog and keeps running far away,\n"
           "past the river and the old mill, where nobody has seen it since.\n");
    o.width = 0;
    EXPECT(doc, &o,
           "The quick brown fox jumps over the lazy dog and keeps running far away, past the "
           "river and the old mill, where nobody has seen it since.\n");
    gl_doc_free(doc);

    /* a word longer than the line overflows alone, never hyphenated; a hard
     * break starts a new line, even with width 0 */
    doc = tk_doc_new();
    gl_node *p = para(doc, tk_root(doc), "see https://example.com/a/very/long/path/name now ");
    tk_add(doc, p, GL_NODE_LINE_BREAK);
    tk_append_text(doc, p, " next line");
    o.width = 20;
    EXPECT(doc, &o, "see\nhttps://example.com/a/very/long/path/name\nnow\nnext line\n");
    o.width = 0;
    EXPECT(doc, &o, "see https://example.com/a/very/long/path/name now\nnext line\n");
    gl_doc_free(doc);
}

static void test_blocks(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *r = tk_root(doc);
    gl_node *h = tk_add(doc, r, GL_NODE_HEADING);
    tk_append_text(doc, h, "Title One");
    para(doc, r, "Intro.");
    h = tk_add(doc, r, GL_NODE_HEADING);
    h->level = 2;
    gl_node *em = tk_add(doc, h, GL_NODE_EMPH);
    tk_append_text(doc, em, "Sub");
    tk_append_text(doc, h, " part");
    h = tk_add(doc, r, GL_NODE_HEADING);
    h->level = 3;
    tk_append_text(doc, h, "Deeper");
    gl_node *p = tk_add(doc, r, GL_NODE_PARAGRAPH);
    gl_node *strong = tk_add(doc, p, GL_NODE_STRONG);
    tk_append_text(doc, strong, "Bold");
    tk_append_text(doc, p, " and ");
    gl_node *code = tk_add(doc, p, GL_NODE_CODE);
    assert_int_equal(gl_node_set_text(doc, code, "x  = 1", 6), GL_OK);
    tk_append_text(doc, p, " \x1b[31mred\x7f.");
    tk_add(doc, r, GL_NODE_THEMATIC_BREAK);
    gl_node *cb = tk_add(doc, r, GL_NODE_CODE_BLOCK);
    const char *src = "\n\nint main(void) {\n\treturn 0;   \n\n\n\n}\n\n";
    assert_int_equal(gl_node_set_text(doc, cb, src, strlen(src)), GL_OK);
    para(doc, r, "End.");
    EXPECT(doc, NULL,
           "Title One\n=========\n\nIntro.\n\nSub part\n--------\n\nDeeper\n\n"
           "Bold and x  = 1 [31mred.\n\n* * *\n\n"
           "    int main(void) {\n    \treturn 0;\n\n    }\n\nEnd.\n");
    gl_doc_free(doc);
}

static void test_lists(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *r = tk_root(doc);
    gl_node *l = list(doc, r, false, 0, true);
    item(doc, l, "one");
    gl_node *it = item(doc, l, "two");
    gl_node *inner = list(doc, it, false, 0, true);
    item(doc, inner, "two a");
    item(doc, inner, "two b");
    item(doc, l, "three");
    l = list(doc, r, true, 3, true);
    item(doc, l, "third item with text long enough to wrap");
    item(doc, l, "fourth");
    l = list(doc, r, false, 0, true);
    item(doc, l, "todo")->task = GL_TASK_OPEN;
    item(doc, l, "done")->task = GL_TASK_DONE;
    l = list(doc, r, true, 9, false);
    it = item(doc, l, "loose nine");
    para(doc, it, "second paragraph");
    item(doc, l, "loose ten");
    item(doc, l, NULL);
    gl_options o = opts(24, GL_LINKS_REFS, false);
    EXPECT(doc, &o,
           "- one\n- two\n  - two a\n  - two b\n- three\n\n"
           "3. third item with text\n   long enough to wrap\n4. fourth\n\n"
           "- [ ] todo\n- [x] done\n\n"
           "9. loose nine\n\n   second paragraph\n\n10. loose ten\n\n11.\n");
    gl_doc_free(doc);
}

static void test_quotes(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *r = tk_root(doc);
    para(doc, r, "Before.");
    gl_node *q = tk_add(doc, r, GL_NODE_BLOCKQUOTE);
    para(doc, q, "Quoted text that wraps at twenty.");
    gl_node *q2 = tk_add(doc, q, GL_NODE_BLOCKQUOTE);
    para(doc, q2, "Nested quote.");
    gl_node *l = list(doc, q, false, 0, true);
    item(doc, l, "in a quote");
    para(doc, r, "After.");
    gl_options o = opts(20, GL_LINKS_REFS, false);
    EXPECT(doc, &o,
           "Before.\n\n> Quoted text that\n> wraps at twenty.\n>\n> > Nested quote.\n>\n"
           "> - in a quote\n\nAfter.\n");
    gl_doc_free(doc);
    /* an empty quote at the end of a quote leaves no ">" line behind */
    doc = tk_doc_new();
    q = tk_add(doc, tk_root(doc), GL_NODE_BLOCKQUOTE);
    para(doc, q, "a");
    tk_add(doc, q, GL_NODE_BLOCKQUOTE);
    tk_add(doc, tk_root(doc), GL_NODE_BLOCKQUOTE);
    para(doc, tk_root(doc), "c");
    tk_add(doc, tk_root(doc), GL_NODE_BLOCKQUOTE);
    EXPECT(doc, &o, "> a\n\nc\n");
    gl_doc_free(doc);
}

static void test_table(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *t = tk_add(doc, tk_root(doc), GL_NODE_TABLE);
    static const char *const cells[3][3] = {
        {"Name", "Qty", "Note"},
        {"\xe6\xbc\xa2\xe5\xad\x97", "2", "ok"}, /* 漢字: 4 columns */
        {"apple", "10", "fine"},
    };
    static const gl_align aligns[3] = {GL_ALIGN_LEFT, GL_ALIGN_RIGHT, GL_ALIGN_CENTER};
    for (int i = 0; i < 3; i++) {
        gl_node *row = tk_add(doc, t, GL_NODE_TABLE_ROW);
        for (int j = 0; j < 3; j++) {
            gl_node *c = tk_add(doc, row, GL_NODE_TABLE_CELL);
            c->header = i == 0;
            c->align = aligns[j];
            tk_append_text(doc, c, cells[i][j]);
        }
    }
    /* a short row, and a cell with a hard break flattened */
    gl_node *row = tk_add(doc, t, GL_NODE_TABLE_ROW);
    gl_node *c = tk_add(doc, row, GL_NODE_TABLE_CELL);
    tk_append_text(doc, c, "a");
    tk_add(doc, c, GL_NODE_LINE_BREAK);
    tk_append_text(doc, c, "b");
    /* rows of empty cells make no blank lines */
    for (int i = 0; i < 2; i++)
        tk_add(doc, tk_add(doc, t, GL_NODE_TABLE_ROW), GL_NODE_TABLE_CELL);
    tk_append_text(doc, tk_add(doc, tk_add(doc, t, GL_NODE_TABLE_ROW), GL_NODE_TABLE_CELL), "z");
    EXPECT(doc, NULL,
           "Name   Qty  Note\n-----  ---  ----\n\xe6\xbc\xa2\xe5\xad\x97     2   ok\n"
           "apple   10  fine\na b\nz\n");
    gl_doc_free(doc);
}

static gl_doc *links_doc(void) {
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "Links");
    gl_node *p = tk_add(doc, tk_root(doc), GL_NODE_PARAGRAPH);
    tk_append_text(doc, p, "See ");
    link(doc, p, "https://a.example/", "A");
    tk_append_text(doc, p, ", ");
    gl_node *l = link(doc, p, "https://b.example/", NULL);
    gl_node *em = tk_add(doc, l, GL_NODE_EMPH);
    tk_append_text(doc, em, "B");
    tk_append_text(doc, p, ", ");
    link(doc, p, "https://a.example/", "again");
    tk_append_text(doc, p, ", ");
    link(doc, p, "#top", "top");
    tk_append_text(doc, p, ", ");
    link(doc, p, "https://c.example/", "https://c.example/");
    tk_append_text(doc, p, " and ");
    link(doc, p, "mailto:x@y.example", "x@y.example");
    tk_append_text(doc, p, ".");
    return doc;
}

static void test_links(void **state) {
    (void)state;
    gl_doc *doc = links_doc();
    gl_options o = opts(0, GL_LINKS_REFS, false);
    EXPECT(doc, &o,
           "Links\n=====\n\nSee A [1], B [2], again [1], top, https://c.example/ and "
           "x@y.example.\n\n[1] https://a.example/\n[2] https://b.example/\n");
    o.links = GL_LINKS_INLINE;
    EXPECT(doc, &o,
           "Links\n=====\n\nSee A <https://a.example/>, B <https://b.example/>, again "
           "<https://a.example/>, top, https://c.example/ and x@y.example.\n");
    o.links = GL_LINKS_NONE;
    EXPECT(doc, &o, "Links\n=====\n\nSee A, B, again, top, https://c.example/ and x@y.example.\n");
    o.links = GL_LINKS_REFS;
    o.body_only = true;
    EXPECT(doc, &o, "See A, B, again, top, https://c.example/ and x@y.example.\n");
    /* default width: the reference marker wraps like a word */
    o = opts(30, GL_LINKS_REFS, false);
    EXPECT(doc, &o,
           "Links\n=====\n\nSee A [1], B [2], again [1],\ntop, https://c.example/ and\n"
           "x@y.example.\n\n[1] https://a.example/\n[2] https://b.example/\n");
    gl_doc_free(doc);
}

static void test_images(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *r = tk_root(doc);
    gl_node *p = tk_add(doc, r, GL_NODE_PARAGRAPH);
    tk_append_text(doc, p, "Look:");
    gl_node *img = tk_add(doc, p, GL_NODE_IMAGE);
    assert_int_equal(gl_node_set_url(doc, img, "cat.png", 7), GL_OK);
    assert_int_equal(gl_node_set_text(doc, img, " a cat ", 7), GL_OK);
    tk_append_text(doc, p, " here.");
    gl_node *fig = tk_add(doc, r, GL_NODE_FIGURE);
    assert_int_equal(gl_node_set_url(doc, fig, "dog.png", 7), GL_OK);
    assert_int_equal(gl_node_set_text(doc, fig, "A dog", 5), GL_OK);
    tk_append_text(doc, fig, "The dog, asleep.");
    fig = tk_add(doc, r, GL_NODE_FIGURE);
    assert_int_equal(gl_node_set_url(doc, fig, "owl.png", 7), GL_OK);
    assert_int_equal(gl_node_set_text(doc, fig, "An owl", 6), GL_OK);
    tk_append_text(doc, fig, "An owl");
    fig = tk_add(doc, r, GL_NODE_FIGURE);
    assert_int_equal(gl_node_set_url(doc, fig, "x.png", 5), GL_OK);
    tk_append_text(doc, fig, "No alt.");
    EXPECT(doc, NULL,
           "Look: [Image: a cat] here.\n\n[Image: A dog]\nThe dog, asleep.\n\n[Image: An owl]\n\n"
           "[Image]\nNo alt.\n");
    gl_options o = opts(72, GL_LINKS_REFS, true);
    /* body_only is the running text: no alt texts, no figures or captions */
    EXPECT(doc, &o, "Look: here.\n");
    gl_doc_free(doc);
}

static void test_footnotes(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *r = tk_root(doc);
    gl_node *p = para(doc, r, "Claim");
    gl_node *ref = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    assert_int_equal(gl_node_set_info(doc, ref, "1", 1), GL_OK);
    tk_append_text(doc, p, ".");
    gl_node *def = tk_add(doc, r, GL_NODE_FOOTNOTE_DEF);
    assert_int_equal(gl_node_set_info(doc, def, "1", 1), GL_OK);
    gl_node *dp = para(doc, def, "Source text long enough to wrap at thirty, ");
    link(doc, dp, "https://src.example/", "here");
    tk_append_text(doc, dp, ".");
    para(doc, def, "Second.");
    para(doc, r, "After.");
    def = tk_add(doc, r, GL_NODE_FOOTNOTE_DEF);
    assert_int_equal(gl_node_set_info(doc, def, "note", 4), GL_OK);
    para(doc, def, "Two.");
    gl_options o = opts(30, GL_LINKS_REFS, false);
    EXPECT(doc, &o,
           "Claim[^1].\n\nAfter.\n\n[^1]: Source text long enough\n    to wrap at thirty, here\n"
           "    [1].\n\n    Second.\n\n[^note]: Two.\n\n[1] https://src.example/\n");
    gl_doc_free(doc);
}

static void test_deep_nesting(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *n = tk_root(doc);
    for (int i = 0; i < 10000; i++)
        n = tk_add(doc, n, GL_NODE_BLOCKQUOTE);
    para(doc, n, "deep");
    clock_t t0 = clock();
    char *got = render(doc, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    char expect[64] = "";
    for (int i = 0; i < 16; i++)
        strcat(expect, "> ");
    strcat(expect, "deep\n");
    assert_string_equal(got, expect);
    free(got);
    assert_true(secs < 2.0);
    gl_doc_free(doc);

    /* 10,000 nested list items each with text: output bounded per line */
    doc = tk_doc_new();
    n = tk_root(doc);
    for (int i = 0; i < 10000; i++) {
        gl_node *l = list(doc, n, false, 0, true);
        n = item(doc, l, "x");
    }
    got = render(doc, NULL);
    assert_true(strlen(got) < 10000 * (2 * 16 + 3) + 1);
    assert_string_equal(got + strlen(got) - 3, " x\n");
    assert_int_equal(strncmp(got, "- x\n  - x\n", 10), 0);
    free(got);
    gl_doc_free(doc);
}

static void test_out_of_memory(void **state) {
    (void)state;
    gl_doc *doc = links_doc();
    gl_node *r = tk_root(doc);
    gl_node *t = tk_add(doc, r, GL_NODE_TABLE);
    tk_append_text(doc, tk_add(doc, tk_add(doc, t, GL_NODE_TABLE_ROW), GL_NODE_TABLE_CELL), "cell");
    gl_node *def = tk_add(doc, r, GL_NODE_FOOTNOTE_DEF);
    assert_int_equal(gl_node_set_info(doc, def, "n", 1), GL_OK);
    para(doc, item(doc, list(doc, def, true, 1, true), "item"), "more");
    gl_options o = opts(20, GL_LINKS_REFS, false);
    assert_true(tk_fail_each_allocation(gl_write_text, doc, &o) > 4);
    gl_doc_free(doc);
}

static void test_sink_refusal(void **state) {
    (void)state;
    gl_doc *doc = links_doc();
    gl_sink sink = {tk_refusing_sink, NULL};
    gl_error err;
    gl_error_init(&err, "test");
    assert_int_equal(gl_write_text(doc, &sink, NULL, &err), GL_ESINK);
    assert_int_equal(err.status, GL_ESINK);
    gl_doc_free(doc);
}

static void count_warning(void *userdata, const char *file, unsigned long line,
                          const char *message) {
    (void)file;
    (void)line;
    (void)message;
    (*(int *)userdata)++;
}

/* --ascii: punctuation by the table, accents and ligatures by NFKD, other
 * scripts kept with one warning; wrapping measures the ASCII text. */
static void test_ascii(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "Caf\xC3\xA9 \xE2\x80\x94 na\xC3\xAFve");
    para(doc, tk_root(doc),
         "\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x98it\xE2\x80\x99s\xE2\x80\x99 "
         "\xEF\xAC\x81sh \xC3\x86sir \xC2\xBD\xE2\x80\xA6 \xE2\x82\xAC"
         "5 stra\xC3\x9F"
         "e "
         "\xCE\xB1\xCE\xB2 \xD0\x96");
    gl_node *code = tk_add(doc, tk_root(doc), GL_NODE_CODE_BLOCK);
    assert_int_equal(gl_node_set_text(doc, code, "x \xE2\x86\x92 y", 8), GL_OK);
    gl_options o = opts(72, GL_LINKS_REFS, false);
    int warnings = 0;
    o.ascii = true;
    o.warn = count_warning;
    o.warn_userdata = &warnings;
    EXPECT(doc, &o,
           "Cafe -- naive\n"
           "=============\n"
           "\n"
           "\"Quoted\" 'it's' fish AEsir 1/2... EUR5 strasse \xCE\xB1\xCE\xB2 \xD0\x96\n"
           "\n"
           "    x -> y\n");
    assert_int_equal(warnings, 1);
    gl_doc_free(doc);
}

static void test_crlf(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "T");
    para(doc, tk_root(doc), "One two three four");
    gl_options o = opts(10, GL_LINKS_REFS, false);
    o.crlf = true;
    gl_buf b;
    gl_buf_init(&b, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &b};
    gl_error err;
    gl_error_init(&err, "test");
    assert_int_equal(gl_write_text(doc, &sink, &o, &err), GL_OK);
    assert_string_equal(gl_buf_cstr(&b), "T\r\n=\r\n\r\nOne two\r\nthree four\r\n");
    gl_buf_free(&b);
    gl_doc_free(doc);
}

/* The language: the header's ISO date is the one thing the writer writes
 * in it, so only then is a guess worth making (gl_text_uses_lang); line
 * breaks follow a declared language's tailoring, never a guessed one
 * (German's would break after an English opening quote). */
static void test_language(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_options bo = opts(12, GL_LINKS_REFS, true), full = opts(12, GL_LINKS_REFS, false);
    const gl_writer_entry *text = gl_writer_by_name("text"), *json = gl_writer_by_name("json");
    assert_false(gl_text_uses_lang(doc, &full));
    assert_false(gl_writer_uses_lang(text, doc, NULL));
    assert_true(gl_writer_uses_lang(json, doc, NULL));
    tk_set_meta(doc, GL_META_DATE, "2014-11-12");
    assert_true(gl_text_uses_lang(doc, &full));
    assert_true(gl_writer_uses_lang(text, doc, NULL));
    assert_false(gl_text_uses_lang(doc, &bo));
    tk_set_meta(doc, GL_META_DATE_TEXT, "12. November 2014");
    assert_false(gl_text_uses_lang(doc, &full));
    gl_doc_clear_meta(doc, GL_META_DATE_TEXT);
    tk_set_meta(doc, GL_META_DATE, "2014-13-12"); /* no month: shown as it is */
    assert_false(gl_text_uses_lang(doc, &full));

    para(doc, tk_root(doc), "xxxx \xe2\x80\x9cyyyy\xe2\x80\x9dzzzz wwww");
    assert_int_equal(gl_doc_set_meta(doc, GL_META_LANG, "de", 2, "detected"), GL_OK);
    EXPECT(doc, &bo, "xxxx\n\xe2\x80\x9cyyyy\xe2\x80\x9dzzzz\nwwww\n");
    assert_int_equal(gl_doc_set_meta(doc, GL_META_LANG, "de", 2, "front matter"), GL_OK);
    EXPECT(doc, &bo, "xxxx \xe2\x80\x9c\nyyyy\xe2\x80\x9dzzzz\nwwww\n");
    gl_doc_free(doc);
}

int main(void) {
    gl_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_block),  cmocka_unit_test(test_wrapping),
        cmocka_unit_test(test_blocks),        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_quotes),        cmocka_unit_test(test_table),
        cmocka_unit_test(test_links),         cmocka_unit_test(test_images),
        cmocka_unit_test(test_footnotes),     cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_out_of_memory), cmocka_unit_test(test_sink_refusal),
        cmocka_unit_test(test_ascii),         cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
