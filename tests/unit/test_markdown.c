/* The Markdown reader: every cmark-gfm node mapped, raw HTML, heading ids, the
 * saved-article header shape, invalid input and limits. Every tree built here
 * must pass gl_doc_validate. */
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
#include "readers/readers.h"
#include "util/buf.h"
#include "unit_kit.h"

typedef struct warnings {
    int count;
    unsigned long line;
    char all[2048];
} warnings;

static void on_warn(void *userdata, const char *file, unsigned long line, const char *message) {
    warnings *w = userdata;
    assert_string_equal(file, "test.md");
    if (!w->count)
        w->line = line;
    w->count++;
    size_t used = strlen(w->all);
    snprintf(w->all + used, sizeof w->all - used, "%s\n", message);
}

static gl_status read_opt(const char *text, size_t len, gl_options *opt, gl_doc **doc,
                          gl_error *err) {
    gl_input in = {"test.md", NULL, text, len};
    gl_error_init(err, "test.md");
    gl_status st = gl_read_markdown(doc, &in, opt, err);
    if (st == GL_OK) {
        gl_error verr;
        gl_error_init(&verr, NULL);
        if (gl_doc_validate(*doc, &verr) != GL_OK)
            fail_msg("invalid tree: %s (line %lu)", verr.message, verr.line);
    } else {
        assert_null(*doc);
    }
    return st;
}

/* Reads `text` that must succeed; warnings go to `w` when given. */
static gl_doc *read_md(const char *text, warnings *w) {
    gl_options opt;
    gl_options_init(&opt);
    if (w) {
        memset(w, 0, sizeof *w);
        opt.warn = on_warn;
        opt.warn_userdata = w;
    }
    gl_doc *doc;
    gl_error err;
    if (read_opt(text, strlen(text), &opt, &doc, &err) != GL_OK)
        fail_msg("read failed: %s (line %lu)", err.message, err.line);
    return doc;
}

/* A compact picture of a subtree: "paragraph(text emph(text))". */
static void shape_into(const gl_node *root, char *out, size_t cap) {
    gl_iter it;
    gl_iter_init(&it, root);
    out[0] = '\0';
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        size_t used = strlen(out);
        const gl_node *n = it.node;
        if (n == root || !n->first_child) {
            if (n != root && ev == GL_EVENT_ENTER)
                snprintf(out + used, cap - used, "%s%s", used && out[used - 1] != '(' ? " " : "",
                         gl_node_type_name(n->type));
        } else if (ev == GL_EVENT_ENTER) {
            snprintf(out + used, cap - used, "%s%s(", used && out[used - 1] != '(' ? " " : "",
                     gl_node_type_name(n->type));
        } else {
            snprintf(out + used, cap - used, ")");
        }
    }
}

static const char *shape(const gl_node *root) {
    static char buf[4096];
    shape_into(root, buf, sizeof buf);
    return buf;
}

/* The n-th node (0-based, document order) of `type`, or NULL. */
static const gl_node *nth(const gl_doc *doc, gl_node_type type, int n) {
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        if (it.event == GL_EVENT_ENTER && it.node->type == type && n-- == 0)
            return it.node;
    return NULL;
}

/* The concatenated TEXT of a subtree. */
static const char *text_of(const gl_node *node) {
    static char buf[4096];
    buf[0] = '\0';
    gl_iter it;
    gl_iter_init(&it, node);
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        if (it.event == GL_EVENT_ENTER &&
            (it.node->type == GL_NODE_TEXT || it.node->type == GL_NODE_CODE))
            strncat(buf, it.node->text, sizeof buf - strlen(buf) - 1);
    return buf;
}

static bool tree_has_text(const gl_doc *doc, const char *needle) {
    for (int i = 0;; i++) {
        const gl_node *t = nth(doc, GL_NODE_TEXT, i);
        if (!t)
            return false;
        if (strstr(t->text, needle))
            return true;
    }
}

/* ---- blocks ---- */

static void test_block_nodes(void **state) {
    (void)state;
    gl_doc *doc = read_md("Para\n"
                          "\n"
                          "# One\n"
                          "\n"
                          "> quoted\n"
                          "\n"
                          "3. three\n"
                          "4. four\n"
                          "\n"
                          "- loose\n"
                          "\n"
                          "- list\n"
                          "\n"
                          "* [x] done\n"
                          "* [ ] open\n"
                          "\n"
                          "```python extra words\n"
                          "print(1)\n"
                          "```\n"
                          "\n"
                          "    indented\n"
                          "\n"
                          "***\n"
                          "\n"
                          "###### Six\n",
                          NULL);
    const gl_node *root = gl_doc_root(doc);
    assert_string_equal(shape(root), "paragraph(text) heading(text) blockquote(paragraph(text)) "
                                     "list(item(paragraph(text)) item(paragraph(text))) "
                                     "list(item(paragraph(text)) item(paragraph(text))) "
                                     "list(item(paragraph(text)) item(paragraph(text))) "
                                     "code_block code_block thematic_break heading(text)");
    const gl_node *h1 = nth(doc, GL_NODE_HEADING, 0), *h6 = nth(doc, GL_NODE_HEADING, 1);
    assert_int_equal(h1->level, 1);
    assert_int_equal(h6->level, 6);
    assert_int_equal(h1->line, 3);
    assert_int_equal(h6->line, 25);
    const gl_node *ol = nth(doc, GL_NODE_LIST, 0), *loose = nth(doc, GL_NODE_LIST, 1),
                  *tasks = nth(doc, GL_NODE_LIST, 2);
    assert_true(ol->ordered);
    assert_int_equal(ol->start, 3);
    assert_true(ol->tight);
    assert_false(loose->ordered);
    assert_false(loose->tight);
    assert_int_equal(loose->first_child->task, GL_TASK_NONE);
    assert_int_equal(tasks->first_child->task, GL_TASK_DONE);
    assert_int_equal(tasks->last_child->task, GL_TASK_OPEN);
    assert_string_equal(text_of(tasks->first_child), "done");
    const gl_node *fenced = nth(doc, GL_NODE_CODE_BLOCK, 0),
                  *indented = nth(doc, GL_NODE_CODE_BLOCK, 1);
    assert_string_equal(fenced->info, "python");
    assert_string_equal(fenced->text, "print(1)");
    assert_null(indented->info);
    assert_string_equal(indented->text, "indented");
    assert_int_equal(nth(doc, GL_NODE_BLOCKQUOTE, 0)->line, 5);
    gl_doc_free(doc);
}

static void test_tables(void **state) {
    (void)state;
    gl_doc *doc = read_md("| a | b | c | d |\n"
                          "|:--|:-:|--:|---|\n"
                          "| 1 | **2** | 3 |\n",
                          NULL);
    const gl_node *table = nth(doc, GL_NODE_TABLE, 0);
    assert_non_null(table);
    assert_string_equal(shape(table), "table_row(table_cell(text) table_cell(text) "
                                      "table_cell(text) table_cell(text)) "
                                      "table_row(table_cell(text) table_cell(strong(text)) "
                                      "table_cell(text) table_cell)");
    static const gl_align aligns[] = {GL_ALIGN_LEFT, GL_ALIGN_CENTER, GL_ALIGN_RIGHT,
                                      GL_ALIGN_NONE};
    int i = 0;
    for (const gl_node *c = table->first_child->first_child; c; c = c->next, i++) {
        assert_true(c->header);
        assert_int_equal(c->align, aligns[i]);
    }
    i = 0;
    for (const gl_node *c = table->last_child->first_child; c; c = c->next, i++) {
        assert_false(c->header);
        assert_int_equal(c->align, aligns[i]);
    }
    assert_int_equal(i, 4);
    assert_int_equal(table->last_child->line, 3);
    gl_doc_free(doc);
}

static void test_footnotes(void **state) {
    (void)state;
    gl_doc *doc = read_md("Text[^later] and[^first] again[^later].\n"
                          "\n"
                          "[^first]: First.\n"
                          "[^later]: Later.\n"
                          "[^unused]: Never referenced.\n",
                          NULL);
    const gl_node *root = gl_doc_root(doc);
    assert_string_equal(shape(root), "paragraph(text footnote_ref text footnote_ref text "
                                     "footnote_ref text) footnote_def(paragraph(text)) "
                                     "footnote_def(paragraph(text))");
    /* Each reference's label names the definition it points to. */
    for (int i = 0; i < 3; i++) {
        const gl_node *ref = nth(doc, GL_NODE_FOOTNOTE_REF, i);
        const gl_node *def = NULL;
        for (int k = 0; (def = nth(doc, GL_NODE_FOOTNOTE_DEF, k)) != NULL; k++)
            if (strcmp(def->info, ref->info) == 0)
                break;
        assert_non_null(def);
        assert_string_equal(text_of(def), i == 1 ? "First." : "Later.");
    }
    assert_false(tree_has_text(doc, "Never"));
    gl_doc_free(doc);
}

/* ---- inlines ---- */

static void test_inline_nodes(void **state) {
    (void)state;
    gl_doc *doc = read_md("*em* **strong** ~~strike~~ `code` [link](http://x.org/a \"T\") "
                          "![alt *x*](i.png \"t\") <https://auto.org> www.example.com\n"
                          "soft  \n"
                          "hard\\\n"
                          "end\n",
                          NULL);
    const gl_node *p = gl_doc_root(doc)->first_child;
    assert_string_equal(shape(p), "emph(text) text strong(text) text strike(text) text code text "
                                  "link(text) text image text link(text) text link(text) "
                                  "text line_break text line_break text");
    const gl_node *code = nth(doc, GL_NODE_CODE, 0);
    assert_string_equal(code->text, "code");
    const gl_node *link = nth(doc, GL_NODE_LINK, 0);
    assert_string_equal(link->url, "http://x.org/a");
    assert_string_equal(link->title, "T");
    assert_string_equal(text_of(link), "link");
    const gl_node *img = nth(doc, GL_NODE_IMAGE, 0);
    assert_string_equal(img->url, "i.png");
    assert_string_equal(img->text, "alt x");
    assert_string_equal(img->title, "t");
    assert_string_equal(nth(doc, GL_NODE_LINK, 1)->url, "https://auto.org");
    assert_string_equal(nth(doc, GL_NODE_LINK, 2)->url, "http://www.example.com");
    assert_null(nth(doc, GL_NODE_LINK, 1)->title);
    /* The soft break is one space, joined into the text around it. */
    assert_true(tree_has_text(doc, " soft"));
    /* cmark-gfm dates the text after a backslash break from the line before. */
    const gl_node *hard = nth(doc, GL_NODE_LINE_BREAK, 0)->next;
    assert_string_equal(hard->text, "hard");
    assert_int_equal(hard->line, 3);
    gl_doc_free(doc);
}

static void test_figure(void **state) {
    (void)state;
    gl_doc *doc = read_md("![A *cat*](cat.png \"The cat\")\n"
                          "\n"
                          "![untitled](u.png)\n"
                          "\n"
                          "Text ![inline](i.png)\n",
                          NULL);
    const gl_node *root = gl_doc_root(doc);
    assert_string_equal(shape(root), "figure(text) figure paragraph(text image)");
    const gl_node *fig = root->first_child;
    assert_string_equal(fig->url, "cat.png");
    assert_string_equal(fig->text, "A cat");
    assert_string_equal(fig->first_child->text, "The cat");
    assert_null(fig->next->first_child);
    gl_doc_free(doc);
}

static void test_heading_ids(void **state) {
    (void)state;
    gl_doc *doc = read_md("## Russia and China\n"
                          "## Russia  and *China*\n"
                          "## Russia and China-2\n"
                          "## Russia and China\n"
                          "## Über Straße: 2014's `code`!\n"
                          "## ???\n"
                          "## ???\n",
                          NULL);
    static const char *const ids[] = {
        "russia-and-china",   "russia-and-china-2",     "russia-and-china-2-2",
        "russia-and-china-3", "über-straße-2014s-code", "section",
        "section-2"};
    for (int i = 0; i < 7; i++)
        assert_string_equal(nth(doc, GL_NODE_HEADING, i)->info, ids[i]);
    gl_doc_free(doc);
}

static void test_unsafe_links(void **state) {
    (void)state;
    warnings w;
    gl_doc *doc = read_md("[click](javascript:alert(1)) [ok](https://ok.org) "
                          "[tab](java\tscript:x) ![img](javascript:x) [data](data:text/html,x)\n",
                          &w);
    assert_non_null(nth(doc, GL_NODE_LINK, 0));
    assert_string_equal(nth(doc, GL_NODE_LINK, 0)->url, "https://ok.org");
    assert_null(nth(doc, GL_NODE_LINK, 1));
    assert_null(nth(doc, GL_NODE_IMAGE, 0));
    assert_string_equal(text_of(gl_doc_root(doc)), "click ok [tab](java\tscript:x) img data");
    assert_int_equal(w.count, 1);
    assert_non_null(strstr(w.all, "javascript:"));
    gl_doc_free(doc);
}

/* ---- raw HTML ---- */

static void test_inline_html(void **state) {
    (void)state;
    warnings w;
    gl_doc *doc =
        read_md("E = mc<sup>2</sup>, H<sub>2</sub>O, <em>e</em><i>i</i> "
                "<strong>s</strong><b>b</b> <s>s</s><del>d</del><strike>k</strike> "
                "<code>a*b*c</code> x<br>y<br/>z "
                "<a href=\"https://x.org/?a=1&amp;b=2\" title='T' onclick=\"evil()\">ax</a> "
                "<span class=\"c\">kept</span> <script>hidden()</script> "
                "<iframe src=\"x\"></iframe><img src=x onerror=alert(1)>"
                "<a href=\"javascript:alert(1)\">jstext</a> <!-- comment -->\n",
                &w);
    const gl_node *p = gl_doc_root(doc)->first_child;
    assert_string_equal(shape(p), "text superscript(text) text subscript(text) text emph(text) "
                                  "emph(text) text strong(text) strong(text) text strike(text) "
                                  "strike(text) strike(text) text code text line_break text "
                                  "line_break text link(text) text");
    assert_string_equal(nth(doc, GL_NODE_CODE, 0)->text, "abc");
    const gl_node *a = nth(doc, GL_NODE_LINK, 0);
    assert_string_equal(a->url, "https://x.org/?a=1&b=2");
    assert_string_equal(a->title, "T");
    assert_true(tree_has_text(doc, "kept"));
    assert_true(tree_has_text(doc, "jstext"));
    assert_false(tree_has_text(doc, "hidden"));
    assert_false(tree_has_text(doc, "comment"));
    /* One warning lists the dropped tags; one more for the javascript: link. */
    assert_int_equal(w.count, 2);
    assert_non_null(strstr(w.all, "raw HTML dropped: <span>, <script>, <iframe>, <img>"));
    assert_non_null(strstr(w.all, "javascript:"));
    gl_doc_free(doc);
}

static void test_inline_html_unbalanced(void **state) {
    (void)state;
    warnings w;
    /* An unclosed tag ends with its block; a stray end tag is ignored; a tag
     * crossing Markdown emphasis ends with the emphasis; a script left open
     * hides only the rest of its paragraph; no link inside a link. */
    gl_doc *doc = read_md("a <sup>b\n\n"
                          "c</sup> d\n\n"
                          "*e <b>f* g</b>\n\n"
                          "h <script>i\n\n"
                          "j [k <a href=\"y\">l</a>](x) <a href=\"z\">[m](w)</a>\n\n"
                          "<code>n</code\n",
                          &w);
    const gl_node *root = gl_doc_root(doc);
    assert_string_equal(shape(root), "paragraph(text superscript(text)) paragraph(text) "
                                     "paragraph(emph(text strong(text)) text) paragraph(text) "
                                     "paragraph(text link(text) text link(text)) paragraph(code)");
    assert_string_equal(text_of(root->first_child->next), "c d");
    assert_false(tree_has_text(doc, "i"));
    assert_string_equal(text_of(nth(doc, GL_NODE_LINK, 0)), "k l");
    assert_string_equal(nth(doc, GL_NODE_LINK, 0)->url, "x");
    /* "</code" without '>' is text: the code runs to the end of its paragraph. */
    assert_string_equal(root->last_child->first_child->text, "n</code");
    assert_string_equal(text_of(nth(doc, GL_NODE_LINK, 1)), "m");
    gl_doc_free(doc);
}

/* CHECK AFTER MERGING the HTML reader: block HTML goes through
 * gl_html_map_fragment, which src/readers/html.c implements. Until then the
 * placeholder fails with "not written yet" and this test is skipped. */
static void test_html_block_through_fragment_mapper(void **state) {
    (void)state;
    const char *text = "Before\n\n<div><p>kept</p><script>x</script></div>\n\nAfter\n";
    gl_doc *doc;
    gl_error err;
    gl_status st = read_opt(text, strlen(text), NULL, &doc, &err);
    if (st == GL_EFORMAT && strstr(err.message, "not written yet")) {
        skip();
        return;
    }
    assert_int_equal(st, GL_OK);
    assert_true(tree_has_text(doc, "kept"));
    assert_false(tree_has_text(doc, "x"));
    const gl_node *p = nth(doc, GL_NODE_PARAGRAPH, 1);
    assert_non_null(p);
    assert_string_equal(text_of(p), "kept");
    assert_string_equal(text_of(gl_doc_root(doc)->last_child), "After");
    gl_doc_free(doc);
}

/* ---- the saved-article header ---- */

/* Smart punctuation, on unless no_smart: curly quotes (apostrophes too),
 * en and em dashes from "--" and "---", an ellipsis from "...". Code keeps
 * what was typed. */
static void test_smart_punctuation(void **state) {
    (void)state;
    const char *src = "\"Quoted\" and 'single', Russia's 1990--1995 --- wait... `\"code\" --`\n";
    gl_doc *doc = read_md(src, NULL);
    assert_string_equal(text_of(gl_doc_root(doc)),
                        "\xE2\x80\x9CQuoted\xE2\x80\x9D and \xE2\x80\x98single\xE2\x80\x99, "
                        "Russia\xE2\x80\x99s 1990\xE2\x80\x93"
                        "1995 \xE2\x80\x94 wait\xE2\x80\xA6 "
                        "\"code\" --");
    gl_doc_free(doc);
    gl_options opt;
    gl_options_init(&opt);
    opt.no_smart = true;
    gl_error err;
    assert_int_equal(read_opt(src, strlen(src), &opt, &doc, &err), GL_OK);
    assert_string_equal(text_of(gl_doc_root(doc)),
                        "\"Quoted\" and 'single', Russia's 1990--1995 --- wait... \"code\" --");
    gl_doc_free(doc);
}

static void test_seed_article(void **state) {
    (void)state;
    const char *path = GL_SOURCE_DIR "/../shared/seed/article.md";
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (getenv("CI"))
            fail_msg("%s is missing (CI is set)", path);
        skip();
        return;
    }
    static char data[1 << 16];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    gl_doc *doc;
    gl_error err;
    warnings w = {0};
    gl_options opt;
    gl_options_init(&opt);
    opt.warn = on_warn;
    opt.warn_userdata = &w;
    assert_int_equal(read_opt(data, n, &opt, &doc, &err), GL_OK);
    assert_int_equal(w.count, 0);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE),
                        "Russia and China Planning Cosmonaut Exchange");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_TITLE), "leading h1");
    assert_int_equal(gl_doc_author_count(doc), 1);
    assert_string_equal(gl_doc_meta(doc, GL_META_BYLINE), "Matthew Bodner");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_BYLINE), "by-line paragraph");
    assert_string_equal(gl_doc_meta(doc, GL_META_DATE), "2014-11-12");
    assert_string_equal(gl_doc_meta(doc, GL_META_DATE_TEXT), "November 12, 2014");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_DATE), "date paragraph");
    assert_string_equal(gl_doc_meta(doc, GL_META_SITE), "The Moscow Times");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_SITE), "bold site paragraph");
    assert_string_equal(gl_doc_meta(doc, GL_META_URL),
                        "https://www.themoscowtimes.com/2014/11/12/"
                        "russia-and-china-planning-cosmonaut-exchange-a4128");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_URL), "Original url paragraph");
    const gl_node *root = gl_doc_root(doc);
    assert_string_equal(shape(root), "paragraph(text) paragraph(text) paragraph(text) "
                                     "paragraph(text) paragraph(text) paragraph(text) "
                                     "paragraph(text link(text))");
    assert_int_equal(strncmp(text_of(root->first_child), "Russia and China are negotiating", 32),
                     0);
    assert_int_equal(root->first_child->line, 11);
    assert_non_null(strstr(text_of(nth(doc, GL_NODE_PARAGRAPH, 3)),
                           "ISS program \xE2\x80\x94 the U.S. space agency"));
    assert_non_null(strstr(text_of(nth(doc, GL_NODE_PARAGRAPH, 2)),
                           "\xE2\x80\x9CI do not rule out")); /* curly: smart punctuation */
    assert_string_equal(text_of(root->last_child), "Contact the author at bizreporter@imedia.ru");
    assert_string_equal(nth(doc, GL_NODE_LINK, 0)->url, "mailto:bizreporter@imedia.ru");
    gl_doc_free(doc);
}

static void test_header_shape_variants(void **state) {
    (void)state;
    gl_doc *doc = read_md("# The Title\n\n"
                          "**The  Site**\n\n"
                          "12 Nov. 2014\n\n"
                          "By [Ann Lee](https://a.org), *Bo Chen* and Cy Dow\n\n"
                          "Body.\n\n"
                          "Source: https://example.com/story\n",
                          NULL);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "The Title");
    assert_string_equal(gl_doc_meta(doc, GL_META_SITE), "The Site");
    assert_string_equal(gl_doc_meta(doc, GL_META_DATE), "2014-11-12");
    assert_string_equal(gl_doc_meta(doc, GL_META_DATE_TEXT), "12 Nov. 2014");
    assert_int_equal(gl_doc_author_count(doc), 3);
    assert_string_equal(gl_doc_author(doc, 0), "Ann Lee");
    assert_string_equal(gl_doc_author(doc, 1), "Bo Chen");
    assert_string_equal(gl_doc_author(doc, 2), "Cy Dow");
    assert_string_equal(gl_doc_meta(doc, GL_META_URL), "https://example.com/story");
    assert_string_equal(shape(gl_doc_root(doc)), "paragraph(text)");
    gl_doc_free(doc);

    /* "&", the Oxford comma, a label and URL in two paragraphs, footnotes after. */
    doc = read_md("# T\n\nby Ann Lee & Bo Chen, and Cy Dow\n\nBody[^1].\n\nORIGINAL URL\n\n"
                  "<http://x.org/a>\n\n[^1]: Note.\n",
                  NULL);
    assert_int_equal(gl_doc_author_count(doc), 3);
    assert_string_equal(gl_doc_meta(doc, GL_META_BYLINE), "Ann Lee, Bo Chen, Cy Dow");
    assert_string_equal(gl_doc_meta(doc, GL_META_URL), "http://x.org/a");
    assert_string_equal(shape(gl_doc_root(doc)),
                        "paragraph(text footnote_ref text) footnote_def(paragraph(text))");
    gl_doc_free(doc);
}

static void test_front_matter_wins(void **state) {
    (void)state;
    gl_doc *doc = read_md("---\ntitle: The Title\nauthor: FM Author\ndate: 2020-01-02\n"
                          "url: https://fm.org/\n---\n"
                          "# The  title\n\nBy Someone Else\n\nNovember 12, 2014\n\n**Site**\n\n"
                          "Body\n\nOriginal url: https://other.org/\n",
                          NULL);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "The Title");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_TITLE), "front matter");
    assert_string_equal(gl_doc_meta(doc, GL_META_BYLINE), "FM Author");
    assert_string_equal(gl_doc_meta(doc, GL_META_DATE), "2020-01-02");
    assert_string_equal(gl_doc_meta(doc, GL_META_URL), "https://fm.org/");
    assert_string_equal(gl_doc_meta(doc, GL_META_SITE), "Site");
    /* The header block still leaves the body. */
    assert_string_equal(shape(gl_doc_root(doc)), "paragraph(text)");
    assert_int_equal(gl_doc_root(doc)->first_child->line, 15);
    gl_doc_free(doc);

    /* A front-matter title that differs: the h1 is a section heading and stays. */
    doc = read_md("---\ntitle: Other\n---\n# Chapter 1\n\nBy Ann Lee\n", NULL);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "Other");
    assert_int_equal(gl_doc_author_count(doc), 0);
    assert_string_equal(shape(gl_doc_root(doc)), "heading(text) paragraph(text)");
    gl_doc_free(doc);
}

static void test_header_shape_negative(void **state) {
    (void)state;
    /* No leading h1: no title, the first paragraphs stay. */
    gl_doc *doc = read_md("By Ann Lee\n\nNovember 12, 2014\n\n**Bold**\n\n# Later\n", NULL);
    assert_null(gl_doc_meta(doc, GL_META_TITLE));
    assert_null(gl_doc_meta(doc, GL_META_BYLINE));
    assert_null(gl_doc_meta(doc, GL_META_DATE));
    assert_string_equal(shape(gl_doc_root(doc)),
                        "paragraph(text) paragraph(text) paragraph(strong(text)) heading(text)");
    gl_doc_free(doc);

    /* A level-2 heading is no title. */
    doc = read_md("## Sub\n\nBy Ann Lee\n", NULL);
    assert_null(gl_doc_meta(doc, GL_META_TITLE));
    assert_string_equal(shape(gl_doc_root(doc)), "heading(text) paragraph(text)");
    gl_doc_free(doc);

    /* Prose after the h1 ends the header: it and everything after it stay. */
    doc = read_md("# Title\n\nBy the way, this is prose and not a name.\n\nNovember 12, 2014\n\n"
                  "**Too long to be the name of a site, this bold paragraph goes on and on and on**"
                  "\n\nDate: 2014-11-12\n\nBy Ann Lee 2014\n\nSource: the interview\n",
                  NULL);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "Title");
    assert_null(gl_doc_meta(doc, GL_META_BYLINE));
    assert_null(gl_doc_meta(doc, GL_META_DATE));
    assert_null(gl_doc_meta(doc, GL_META_URL));
    assert_string_equal(shape(gl_doc_root(doc)),
                        "paragraph(text) paragraph(text) paragraph(strong(text)) "
                        "paragraph(text) paragraph(text) paragraph(text)");
    gl_doc_free(doc);

    /* Each kind once: a second date ends the header; bold with text around is no site. */
    doc = read_md("# T\n\nMay 1, 2020\n\nMay 2, 2020\n\n**Bold** words\n", NULL);
    assert_string_equal(gl_doc_meta(doc, GL_META_DATE), "2020-05-01");
    assert_string_equal(shape(gl_doc_root(doc)), "paragraph(text) paragraph(strong(text) text)");
    gl_doc_free(doc);
    doc = read_md("# T\n\n**Bold** words\n\nSee https://x.org/a\n", NULL);
    assert_null(gl_doc_meta(doc, GL_META_SITE));
    assert_null(gl_doc_meta(doc, GL_META_URL));
    assert_string_equal(shape(gl_doc_root(doc)),
                        "paragraph(strong(text) text) paragraph(text link(text))");
    gl_doc_free(doc);
}

/* ---- invalid input and limits ---- */

static void test_invalid_utf8(void **state) {
    (void)state;
    const char text[] = "# Title\n\nok\n\nbad \xff here \xc3 and\n";
    warnings w = {0};
    gl_options opt;
    gl_options_init(&opt);
    opt.warn = on_warn;
    opt.warn_userdata = &w;
    gl_doc *doc;
    gl_error err;
    assert_int_equal(read_opt(text, sizeof text - 1, &opt, &doc, &err), GL_OK);
    assert_int_equal(w.count, 1);
    assert_int_equal(w.line, 5);
    assert_non_null(strstr(w.all, "invalid UTF-8 replaced with U+FFFD"));
    assert_non_null(strstr(w.all, "2"));
    assert_true(tree_has_text(doc, "bad \xEF\xBF\xBD here \xEF\xBF\xBD and"));
    gl_doc_free(doc);

    opt.strict = true;
    assert_int_equal(read_opt(text, sizeof text - 1, &opt, &doc, &err), GL_EPARSE);
    assert_string_equal(err.message, "invalid UTF-8 at line 5");
    assert_int_equal(err.line, 5);

    const char nul[] = "a\n\nb\0c\n";
    opt.strict = false;
    memset(&w, 0, sizeof w);
    assert_int_equal(read_opt(nul, sizeof nul - 1, &opt, &doc, &err), GL_OK);
    assert_int_equal(w.count, 1);
    assert_int_equal(w.line, 3);
    assert_true(tree_has_text(doc, "bc"));
    gl_doc_free(doc);
    opt.strict = true;
    assert_int_equal(read_opt(nul, sizeof nul - 1, &opt, &doc, &err), GL_EPARSE);
    assert_string_equal(err.message, "NUL byte at line 3");
}

static double seconds_since(clock_t start) { return (double)(clock() - start) / CLOCKS_PER_SEC; }

static void test_deep_nesting(void **state) {
    (void)state;
    size_t n = 10000;
    char *text = malloc(2 * n + 8);
    for (size_t i = 0; i < n; i++)
        memcpy(text + 2 * i, "> ", 2);
    strcpy(text + 2 * n, "deep\n");
    gl_doc *doc;
    gl_error err;
    clock_t start = clock();
    assert_int_equal(read_opt(text, strlen(text), NULL, &doc, &err), GL_ELIMIT);
    assert_string_equal(err.message, "nesting deeper than 256 levels (max_depth)");
    assert_int_equal(err.line, 1);
    /* Within the limit, the same input is a valid tree. */
    gl_options opt;
    gl_options_init(&opt);
    opt.max_depth = 20000;
    assert_int_equal(read_opt(text, strlen(text), &opt, &doc, &err), GL_OK);
    gl_doc_free(doc);
    assert_true(seconds_since(start) < 10.0);

    /* Inline HTML counts too. */
    gl_buf b;
    gl_buf_init(&b, NULL, 0);
    for (int i = 0; i < 300; i++)
        gl_buf_puts(&b, "<sup>");
    gl_buf_puts(&b, "x\n");
    assert_int_equal(read_opt(b.data, b.len, NULL, &doc, &err), GL_ELIMIT);
    assert_non_null(strstr(err.message, "max_depth"));
    gl_buf_free(&b);
    free(text);
}

static void test_unmatched_stars(void **state) {
    (void)state;
    size_t n = 50000;
    char *text = malloc(n + 2);
    memset(text, '*', n);
    strcpy(text + n, "\n");
    gl_doc *doc;
    gl_error err;
    clock_t start = clock();
    assert_int_equal(read_opt(text, n + 1, NULL, &doc, &err), GL_OK);
    gl_doc_free(doc);
    for (size_t i = 0; i < n; i += 2)
        memcpy(text + i, "*_", 2);
    assert_int_equal(read_opt(text, n + 1, NULL, &doc, &err), GL_OK);
    gl_doc_free(doc);
    assert_true(seconds_since(start) < 10.0);
    free(text);
}

static void test_node_limit(void **state) {
    (void)state;
    gl_options opt;
    gl_options_init(&opt);
    opt.max_nodes = 10;
    const char *text = "a\n\nb\n\nc\n\nd\n\ne\n\nf\n\ng\n";
    gl_doc *doc;
    gl_error err;
    assert_int_equal(read_opt(text, strlen(text), &opt, &doc, &err), GL_ELIMIT);
    assert_string_equal(err.message, "more than 10 nodes (max_nodes)");
    assert_int_equal(err.line, 9);
}

/* Fails allocation N for N = 1, 2, ... until the read succeeds: each failed run
 * returns GL_ENOMEM (unit_kit.c; ASan checks that nothing leaks). */
static void test_allocation_failures(void **state) {
    (void)state;
    const char *text = "---\ntitle: T\nauthors: [A B, C D]\n---\n# T\n\nBy Ann Lee\n\n"
                       "## Part\n\nx <sup>y</sup> <code>z</code> [a](b) ![c](d)\n\n"
                       "| a |\n|---|\n| b |\n\nSource: https://x.org/\n";
    gl_input in = {"test.md", NULL, text, strlen(text)};
    assert_true(uk_fail_each_read(gl_read_markdown, &in, NULL) > 3);
}

static void test_registry_and_gl_read(void **state) {
    (void)state;
    const gl_reader_entry *md = gl_reader_by_name("markdown");
    assert_non_null(md);
    const char *text = "# Hello\n\nWorld [rel](img/a.png)\n";
    gl_input in = {"test.md", "test.md", text, strlen(text)};
    gl_options opt;
    gl_options_init(&opt);
    opt.base_url = "https://example.com/news/";
    gl_doc *doc;
    gl_error err;
    gl_error_init(&err, "test.md");
    assert_int_equal(gl_read(&doc, &in, NULL, &opt, &err), GL_OK);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "Hello");
    assert_string_equal(nth(doc, GL_NODE_LINK, 0)->url, "https://example.com/news/img/a.png");
    gl_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_nodes),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_footnotes),
        cmocka_unit_test(test_smart_punctuation),
        cmocka_unit_test(test_inline_nodes),
        cmocka_unit_test(test_figure),
        cmocka_unit_test(test_heading_ids),
        cmocka_unit_test(test_unsafe_links),
        cmocka_unit_test(test_inline_html),
        cmocka_unit_test(test_inline_html_unbalanced),
        cmocka_unit_test(test_html_block_through_fragment_mapper),
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_header_shape_variants),
        cmocka_unit_test(test_front_matter_wins),
        cmocka_unit_test(test_header_shape_negative),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_unmatched_stars),
        cmocka_unit_test(test_node_limit),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_registry_and_gl_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
