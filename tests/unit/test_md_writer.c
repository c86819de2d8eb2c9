/* The Markdown writer on hand-built trees: exact output for each escape and
 * each construct, and the round trip through galley's Markdown reader (the
 * tree read back equals the tree written; writing it again gives the same
 * bytes). */
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
#include "writers/writers.h"
#include "../tools/testkit.h"
#include "unit_kit.h"

/* Renders `doc` with `opt`; the caller frees the result with free(). */
static char *render_opt(const gl_doc *doc, const gl_options *opt) {
    return uk_render(gl_write_markdown, doc, opt, NULL);
}

static char *render(const gl_doc *doc) { return render_opt(doc, NULL); }

static gl_doc *read_md(const char *md) {
    gl_input in = {"test.md", NULL, md, strlen(md)};
    gl_error err;
    gl_error_init(&err, "test.md");
    gl_doc *doc = NULL;
    assert_int_equal(gl_read(&doc, &in, gl_reader_by_name("markdown"), NULL, &err), GL_OK);
    return doc;
}

/* The JSON writer's "body" part: the tree, for comparing two documents. */
static char *body_json(const gl_doc *doc) {
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    gl_error err;
    gl_error_init(&err, "test");
    assert_int_equal(gl_write_json(doc, &sink, NULL, &err), GL_OK);
    const char *body = strstr(gl_buf_cstr(&out), "\"body\":");
    assert_non_null(body);
    char *copy = strdup(body);
    gl_buf_free(&out);
    return copy;
}

/* Writes `doc`, reads the Markdown back and checks that the tree and the
 * metadata are the same and that writing the copy gives the same bytes.
 * Returns the Markdown (free it). */
static char *round_trip(const gl_doc *doc) {
    char *md = render(doc);
    gl_doc *back = read_md(md);
    char *a = body_json(doc), *b = body_json(back);
    if (strcmp(a, b) != 0)
        print_error("written:\n%s\nread back:\n%s\nas:\n%s\n", md, b, a);
    assert_string_equal(a, b);
    for (int f = 0; f < GL_META_COUNT; f++) {
        const char *x = gl_doc_meta(doc, (gl_meta_field)f),
                   *y = gl_doc_meta(back, (gl_meta_field)f);
        if (f == GL_META_DATE_TEXT && !x)
            continue; /* the front matter's date is also its text */
        assert_true((x == NULL) == (y == NULL));
        if (x)
            assert_string_equal(x, y);
    }
    char *again = render(back);
    assert_string_equal(md, again);
    free(again);
    free(a);
    free(b);
    gl_doc_free(back);
    return md;
}

/* A document of one paragraph holding `text`. */
static gl_doc *paragraph_doc(const char *text) {
    gl_doc *doc = tk_doc_new();
    tk_add_text(doc, tk_root(doc), GL_NODE_PARAGRAPH, text);
    return doc;
}

static void expect_paragraph(const char *text, const char *expected) {
    gl_doc *doc = paragraph_doc(text);
    char *md = round_trip(doc);
    assert_string_equal(md, expected);
    free(md);
    gl_doc_free(doc);
}

static void test_block_starts_escaped(void **state) {
    (void)state;
    expect_paragraph("# not a heading #", "\\# not a heading #\n");
    expect_paragraph("> not a quote", "\\> not a quote\n");
    expect_paragraph("- not an item", "\\- not an item\n");
    expect_paragraph("+ not an item", "\\+ not an item\n");
    expect_paragraph("=== not an underline", "\\=== not an underline\n");
    expect_paragraph("1. not an item", "1\\. not an item\n");
    expect_paragraph("2014) not one", "2014\\) not one\n");
    expect_paragraph("1234567890. too long for one", "1234567890. too long for one\n");
    expect_paragraph("  two blanks before, one after ",
                     "&#32; two blanks before, one after&#32;\n");
    expect_paragraph("\tA tab", "&#9;A tab\n");
    expect_paragraph("a\nb\rc", "a&#10;b&#13;c\n");
}

static void test_inlines_escaped(void **state) {
    (void)state;
    expect_paragraph("*a* _b_ snake_case `c` [d] <e> |f| ~g~ \\h!",
                     "\\*a\\* \\_b\\_ snake_case \\`c\\` \\[d\\] \\<e> \\|f\\| \\~g\\~ \\\\h\\!\n");
    expect_paragraph("AT&T &amp; &#169; &x", "AT&T \\&amp; \\&#169; &x\n");
    expect_paragraph("www.example.com, http://example.com and a@example.com",
                     "www\\.example.com, http\\://example.com and a<!---->@example.com\n");
    expect_paragraph("a @ b, end@", "a @ b, end@\n");
    /* Controls go, as the text writer drops them. */
    gl_doc *doc = paragraph_doc("a\x01"
                                "b\x7F"
                                "c\xC2\x85");
    gl_node *code = tk_add(doc, tk_root(doc)->first_child, GL_NODE_CODE); /* nothing to show */
    gl_node_set_text(doc, code, "\x01\x02", 2);
    code = tk_add(doc, tk_root(doc)->first_child, GL_NODE_CODE);
    gl_node_set_text(doc, code, "\x01`\x02", 3);
    char *md = render(doc);
    assert_string_equal(md, "abc`` ` ``\n");
    free(md);
    gl_doc_free(doc);
}

/* What smart punctuation (cmark --smart, pandoc's default) would turn into
 * typographic characters stays as typed. */
static void test_smart_punctuation_escaped(void **state) {
    (void)state;
    expect_paragraph("\"q\" it's", "\\\"q\\\" it\\'s\n");
    expect_paragraph("a--b --- c... ....", "a-\\-b -\\-\\- c.\\.\\. .\\.\\.\\.\n");
    expect_paragraph("\xE2\x80\x9C"
                     "curly"
                     "\xE2\x80\x9D \xE2\x80\x94 \xE2\x80\xA6",
                     "\xE2\x80\x9C"
                     "curly"
                     "\xE2\x80\x9D \xE2\x80\x94 \xE2\x80\xA6\n");
}

static void test_emphasis(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *p = tk_add(doc, tk_root(doc), GL_NODE_PARAGRAPH);
    tk_add_text(doc, p, GL_NODE_EMPH, "word");
    tk_append_text(doc, p, " ");
    tk_add_text(doc, p, GL_NODE_STRONG, "two words");
    tk_append_text(doc, p, " ");
    tk_add_text(doc, p, GL_NODE_STRIKE, "gone");
    tk_append_text(doc, p, " in");
    tk_add_text(doc, p, GL_NODE_EMPH, "side");
    tk_append_text(doc, p, " ");
    tk_add_text(doc, p, GL_NODE_EMPH, " spaced");
    tk_append_text(doc, p, " ");
    tk_add_text(doc, p, GL_NODE_STRONG, "(punct)");
    tk_append_text(doc, p, " ");
    gl_node *outer = tk_add(doc, p, GL_NODE_STRONG);
    tk_add_text(doc, outer, GL_NODE_EMPH, "nested");
    tk_append_text(doc, p, " ");
    tk_add_text(doc, p, GL_NODE_EMPH, "a");
    tk_add_text(doc, p, GL_NODE_STRONG, "b");
    tk_append_text(doc, p, " x");
    tk_add_text(doc, p, GL_NODE_SUPERSCRIPT, "2");
    tk_append_text(doc, p, " H");
    tk_add_text(doc, p, GL_NODE_SUBSCRIPT, "2");
    tk_append_text(doc, p, "O ");
    tk_add(doc, p, GL_NODE_EMPH); /* empty */
    char *md = round_trip(doc);
    assert_string_equal(md, "*word* **two words** ~~gone~~ in*side* <em> spaced</em> "
                            "<strong>(punct)</strong> <strong>*nested*</strong> "
                            "<em>a</em>**b** x<sup>2</sup> H<sub>2</sub>O <em></em>\n");
    free(md);
    gl_doc_free(doc);
}

static void test_code_spans(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *p = tk_add(doc, tk_root(doc), GL_NODE_PARAGRAPH);
    const char *codes[] = {"plain", "a `tick`", "`edge", " both ", "  ", "a|b"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        gl_node *c = tk_add(doc, p, GL_NODE_CODE);
        gl_node_set_text(doc, c, codes[i], strlen(codes[i]));
        tk_append_text(doc, p, ",");
    }
    char *md = round_trip(doc);
    assert_string_equal(md, "`plain`,`` a `tick` ``,`` `edge ``,`  both  `,`  `,`a|b`,\n");
    free(md);
    gl_doc_free(doc);
}

static void test_links_and_images(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *p = tk_add(doc, tk_root(doc), GL_NODE_PARAGRAPH);
    struct {
        const char *text, *url, *title;
    } links[] = {
        {"plain", "https://x.org/a", NULL},
        {"titled", "https://x.org/b", "A \"title\" \\ &amp;"},
        {"parens", "https://x.org/a(b)c", NULL},
        {"spaced", "https://x.org/a b", NULL},
        {"entity", "https://x.org/?a=1&copy;=2", NULL},
        {"https://x.org/auto", "https://x.org/auto", NULL},
        {"mail@x.org", "mailto:mail@x.org", NULL},
        {"relative", "../up.html#frag", NULL},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        gl_node *a = tk_add_text(doc, p, GL_NODE_LINK, links[i].text);
        gl_node_set_url(doc, a, links[i].url, strlen(links[i].url));
        if (links[i].title)
            gl_node_set_title(doc, a, links[i].title, strlen(links[i].title));
        tk_append_text(doc, p, " ");
    }
    tk_append_text(doc, p, "Wow!");
    gl_node *a = tk_add_text(doc, p, GL_NODE_LINK, "after a bang");
    gl_node_set_url(doc, a, "https://x.org/", 14);
    tk_append_text(doc, p, " ");
    gl_node *img = tk_add(doc, p, GL_NODE_IMAGE);
    gl_node_set_url(doc, img, "img/a.png", 9);
    gl_node_set_text(doc, img, "alt *text*", 10);
    gl_node_set_title(doc, img, "T", 1);
    char *md = round_trip(doc);
    assert_string_equal(md, "[plain](https://x.org/a) "
                            "[titled](https://x.org/b \"A \\\"title\\\" \\\\ &amp;amp;\") "
                            "[parens](<https://x.org/a(b)c>) [spaced](<https://x.org/a b>) "
                            "[entity](https://x.org/?a=1&amp;copy;=2) <https://x.org/auto> "
                            "<mail@x.org> [relative](../up.html#frag) "
                            "Wow\\![after a bang](https://x.org/) "
                            "![alt \\*text\\*](img/a.png \"T\")\n");
    free(md);
    gl_doc_free(doc);
}

/* Links and images outside the allowlist keep their text only. */
static void test_unsafe_and_nested_links(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *p = tk_add(doc, tk_root(doc), GL_NODE_PARAGRAPH);
    gl_node *a = tk_add_text(doc, p, GL_NODE_LINK, "evil");
    gl_node_set_url(doc, a, "javascript:alert(1)", 19);
    gl_node *img = tk_add(doc, p, GL_NODE_IMAGE);
    gl_node_set_url(doc, img, "data:text/html,x", 16);
    gl_node_set_text(doc, img, " bad image", 10);
    char *md = render(doc);
    assert_string_equal(md, "evil bad image\n");
    free(md);
    gl_doc_free(doc);
}

static void test_line_breaks(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *p = tk_add_text(doc, tk_root(doc), GL_NODE_PARAGRAPH, "a");
    tk_add(doc, p, GL_NODE_LINE_BREAK);
    tk_append_text(doc, p, "- b");
    tk_add(doc, p, GL_NODE_LINE_BREAK);
    gl_node *h = tk_add_text(doc, tk_root(doc), GL_NODE_HEADING, "c");
    tk_add(doc, h, GL_NODE_LINE_BREAK);
    tk_append_text(doc, h, "d #");
    assert_int_equal(gl_doc_assign_ids(doc, NULL), GL_OK); /* as a reader gives them */
    char *md = round_trip(doc);
    assert_string_equal(md, "a\\\n\\- b<br>\n\n# c<br>d \\#\n");
    free(md);
    gl_doc_free(doc);
}

static void test_code_blocks(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *cb = tk_add(doc, tk_root(doc), GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "```\nfence inside\n", 17);
    gl_node_set_info(doc, cb, "md", 2);
    cb = tk_add(doc, tk_root(doc), GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "x", 1);
    gl_node_set_info(doc, cb, "a`b", 3);
    cb = tk_add(doc, tk_root(doc), GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "", 0);
    gl_node *q = tk_add(doc, tk_root(doc), GL_NODE_BLOCKQUOTE);
    cb = tk_add(doc, q, GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "one\n\n\ttwo", 9);
    char *md = round_trip(doc);
    assert_string_equal(md, "````md\n```\nfence inside\n\n````\n\n"
                            "~~~a`b\nx\n~~~\n\n"
                            "```\n```\n\n"
                            "> ```\n> one\n>\n> \ttwo\n> ```\n");
    free(md);
    gl_doc_free(doc);
    /* CR LF lines read back as LF ones, so they are written so. */
    doc = tk_doc_new();
    cb = tk_add(doc, tk_root(doc), GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "a\r\nb\rc\x01", 8);
    md = render(doc);
    assert_string_equal(md, "```\na\nb\nc\n```\n");
    free(md);
    gl_doc_free(doc);
}

static gl_node *add_list(gl_doc *doc, gl_node *parent, bool ordered, long start, bool tight) {
    gl_node *list = tk_add(doc, parent, GL_NODE_LIST);
    list->ordered = ordered;
    list->start = start;
    list->tight = tight;
    return list;
}

static void test_lists(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = tk_root(doc);
    gl_node *list = add_list(doc, root, false, 1, true);
    tk_add_text(doc, tk_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "- dash");
    gl_node *item = tk_add(doc, list, GL_NODE_ITEM);
    item->task = GL_TASK_DONE;
    tk_add_text(doc, item, GL_NODE_PARAGRAPH, "done");
    item = tk_add(doc, list, GL_NODE_ITEM);
    gl_node *nested = add_list(doc, item, false, 1, true);
    tk_add(doc, add_list(doc, tk_add(doc, nested, GL_NODE_ITEM), false, 1, true), GL_NODE_ITEM);
    list = add_list(doc, root, false, 1, true); /* right after: the other marker */
    tk_add_text(doc, tk_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "second");
    list = add_list(doc, root, true, 9, false);
    item = tk_add(doc, list, GL_NODE_ITEM);
    tk_add_text(doc, item, GL_NODE_PARAGRAPH, "nine");
    tk_add_text(doc, item, GL_NODE_PARAGRAPH, "more");
    tk_add_text(doc, tk_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "ten");
    list = add_list(doc, root, true, 1, true);
    tk_add_text(doc, tk_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "1. again");
    char *md = round_trip(doc);
    assert_string_equal(md, "- \\- dash\n"
                            "- [x] done\n"
                            "-\n"
                            "  -\n"
                            "    -\n\n"
                            "* second\n\n"
                            "9. nine\n\n"
                            "   more\n\n"
                            "10. ten\n\n"
                            "1) 1\\. again\n");
    free(md);
    gl_doc_free(doc);
}

/* A tight list whose item needs a blank line between two blocks (a list
 * then a paragraph, which would otherwise continue the list's last line) is
 * written loose: that is what it reads back as. */
static void test_tight_list_that_cannot_stay_tight(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *list = add_list(doc, tk_root(doc), true, 1, true);
    gl_node *item = tk_add(doc, list, GL_NODE_ITEM);
    tk_add_text(doc, item, GL_NODE_PARAGRAPH, "a");
    tk_add_text(doc, tk_add(doc, add_list(doc, item, false, 1, true), GL_NODE_ITEM),
                GL_NODE_PARAGRAPH, "b");
    tk_add_text(doc, item, GL_NODE_PARAGRAPH, "c");
    tk_add_text(doc, tk_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "d");
    char *md = render(doc);
    assert_string_equal(md, "1. a\n\n   - b\n\n   c\n\n2. d\n");
    gl_doc *back = read_md(md);
    assert_false(gl_doc_root(back)->first_child->tight);
    char *again = render(back);
    assert_string_equal(md, again);
    free(again);
    gl_doc_free(back);
    free(md);
    gl_doc_free(doc);
}

static void test_quotes_and_breaks(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *q = tk_add(doc, tk_root(doc), GL_NODE_BLOCKQUOTE);
    tk_add_text(doc, q, GL_NODE_PARAGRAPH, "one");
    tk_add_text(doc, tk_add(doc, q, GL_NODE_BLOCKQUOTE), GL_NODE_PARAGRAPH, "# two");
    tk_add(doc, tk_root(doc), GL_NODE_THEMATIC_BREAK);
    tk_add(doc, tk_root(doc), GL_NODE_BLOCKQUOTE); /* empty */
    char *md = round_trip(doc);
    assert_string_equal(md, "> one\n>\n> > \\# two\n\n* * *\n\n>\n");
    free(md);
    gl_doc_free(doc);
}

static void test_tables(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *t = tk_add(doc, tk_root(doc), GL_NODE_TABLE);
    static const gl_align aligns[] = {GL_ALIGN_NONE, GL_ALIGN_LEFT, GL_ALIGN_CENTER,
                                      GL_ALIGN_RIGHT};
    const char *cells[3][4] = {{"| a", "b", "c", "d"}, {" e ", "1. f", "g", "h"}, {0}};
    for (int r = 0; r < 2; r++) {
        gl_node *row = tk_add(doc, t, GL_NODE_TABLE_ROW);
        for (int c = 0; c < 4; c++) {
            gl_node *cell = tk_add_text(doc, row, GL_NODE_TABLE_CELL, cells[r][c]);
            cell->header = r == 0;
            cell->align = aligns[c];
        }
    }
    gl_node *row = tk_add(doc, t, GL_NODE_TABLE_ROW);
    gl_node *cell = tk_add(doc, row, GL_NODE_TABLE_CELL);
    gl_node *code = tk_add(doc, cell, GL_NODE_CODE);
    gl_node_set_text(doc, code, "x|y", 3);
    tk_add(doc, cell, GL_NODE_LINE_BREAK);
    gl_node *a = tk_add_text(doc, cell, GL_NODE_LINK, "l");
    gl_node_set_url(doc, a, "https://x.org/a|b", 17);
    char *md = render(doc);
    assert_string_equal(md, "| \\| a | b | c | d |\n"
                            "| --- | :-- | :-: | --: |\n"
                            "| &#32;e&#32; | 1. f | g | h |\n"
                            "| `x\\|y`<br>[l](https://x.org/a\\|b) |  |  |  |\n");
    gl_doc *back = read_md(md);
    const gl_node *last = gl_doc_root(back)->first_child->last_child;
    assert_int_equal(last->first_child->first_child->type, GL_NODE_CODE);
    assert_string_equal(last->first_child->first_child->text, "x|y");
    assert_string_equal(last->first_child->last_child->url, "https://x.org/a|b");
    gl_node *first = gl_doc_root(back)->first_child->first_child->next->first_child;
    assert_string_equal(first->first_child->text, " e ");
    gl_doc_free(back);
    free(md);
    gl_doc_free(doc);
}

static void test_footnotes(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = tk_root(doc);
    gl_node *p = tk_add_text(doc, root, GL_NODE_PARAGRAPH, "x");
    gl_node *r = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "b", 1);
    tk_append_text(doc, p, ": y");
    r = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "a", 1);
    r = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "missing", 7);
    gl_node *def = tk_add(doc, root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, def, "a", 1);
    tk_add_text(doc, def, GL_NODE_PARAGRAPH, "note a");
    tk_add_text(doc, def, GL_NODE_PARAGRAPH, "more of a");
    def = tk_add(doc, root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, def, "unused", 6);
    tk_add_text(doc, def, GL_NODE_PARAGRAPH, "never referenced");
    def = tk_add(doc, root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, def, "b", 1);
    tk_add_text(doc, def, GL_NODE_PARAGRAPH, "note b");
    char *md = render(doc);
    assert_string_equal(md, "x[^1]\\: y[^2]\\[^missing\\]\n\n"
                            "[^1]: note b\n\n"
                            "[^2]: note a\n\n"
                            "    more of a\n\n"
                            "[^3]: never referenced\n");
    free(md);
    gl_doc_free(doc);
}

static void test_front_matter(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "A \"quoted\" \\ title\nover\xE2\x80\xA8lines");
    gl_doc_add_author(doc, "Ann Lee", 7, "byline");
    gl_doc_add_author(doc, "Bo, Chen", 8, "byline");
    tk_set_meta(doc, GL_META_DATE, "2014-11-12");
    tk_set_meta(doc, GL_META_DATE_TEXT, "November 12, 2014");
    tk_set_meta(doc, GL_META_SITE, "Caf\xC3\xA9 & Co");
    tk_set_meta(doc, GL_META_LANG, "en-GB");
    tk_set_meta(doc, GL_META_URL, "https://example.com/a?b=1&c=2");
    tk_set_meta(doc, GL_META_DESCRIPTION, "--- not a fence");
    tk_add_text(doc, tk_root(doc), GL_NODE_PARAGRAPH, "Body.");
    char *md = round_trip(doc);
    assert_string_equal(md, "---\n"
                            "title: \"A \\\"quoted\\\" \\\\ title\\nover\\u2028lines\"\n"
                            "author:\n"
                            "  - \"Ann Lee\"\n"
                            "  - \"Bo, Chen\"\n"
                            "date: \"November 12, 2014\"\n"
                            "site: \"Caf\xC3\xA9 & Co\"\n"
                            "lang: \"en-GB\"\n"
                            "url: \"https://example.com/a?b=1&c=2\"\n"
                            "description: \"--- not a fence\"\n"
                            "---\n\n"
                            "Body.\n");
    free(md);
    /* A date whose words are not the same date: the ISO date. */
    tk_set_meta(doc, GL_META_DATE_TEXT, "Updated yesterday");
    md = render(doc);
    assert_non_null(strstr(md, "\ndate: \"2014-11-12\"\n"));
    free(md);
    gl_doc_free(doc);
}

static void test_empty_document(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    char *md = render(doc);
    assert_string_equal(md, "");
    free(md);
    gl_doc_free(doc);
}

/* Every construct at once, through the reader and back, twice. */
static void test_rich_document(void **state) {
    (void)state;
    gl_doc *doc = uk_rich_doc();
    char *md = render(doc);
    assert_null(strstr(md, "script:"));
    assert_null(strstr(md, "data:text"));
    gl_doc *back = read_md(md);
    char *again = round_trip(back);
    free(again);
    gl_doc_free(back);
    free(md);
    gl_doc_free(doc);
}

static void test_deep_nesting(void **state) {
    (void)state;
    gl_doc *doc = uk_deep_doc(GL_NODE_STRONG, false);
    char *md = render(doc);
    size_t quotes = 0;
    for (const char *s = md; (s = strstr(s, "> ")); s += 2)
        quotes++;
    assert_int_equal(quotes, 10000);
    assert_non_null(strstr(md, "> <strong>"));
    assert_non_null(strstr(md, "**deep**</strong>"));
    free(md);
    gl_doc_free(doc);
}

static void test_output_limit(void **state) {
    (void)state;
    gl_doc *doc = paragraph_doc("Forty characters of text, longer than 16.");
    gl_options opt;
    gl_options_init(&opt);
    opt.max_input = 1; /* the output may be 16 times that */
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    gl_error err;
    gl_error_init(&err, "test");
    assert_int_equal(gl_write_markdown(doc, &sink, &opt, &err), GL_ELIMIT);
    assert_non_null(strstr(err.message, "limit"));
    gl_buf_free(&out);
    gl_doc_free(doc);
}

/* A refusing sink and each allocation failing in turn (unit_kit.c). */
static void test_failures(void **state) {
    (void)state;
    uk_check_writer_failures(gl_write_markdown, 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_starts_escaped),
        cmocka_unit_test(test_inlines_escaped),
        cmocka_unit_test(test_smart_punctuation_escaped),
        cmocka_unit_test(test_emphasis),
        cmocka_unit_test(test_code_spans),
        cmocka_unit_test(test_links_and_images),
        cmocka_unit_test(test_unsafe_and_nested_links),
        cmocka_unit_test(test_line_breaks),
        cmocka_unit_test(test_code_blocks),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_tight_list_that_cannot_stay_tight),
        cmocka_unit_test(test_quotes_and_breaks),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_footnotes),
        cmocka_unit_test(test_front_matter),
        cmocka_unit_test(test_empty_document),
        cmocka_unit_test(test_rich_document),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_output_limit),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
