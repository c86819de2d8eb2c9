/* The XHTML writer on hand-built trees: exact output, escaping, ids,
 * footnotes, tables, task items, unsafe links, depth, failures. Every output
 * is also parsed with libxml2 and its ids and fragment links checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/sink.h"
#include "writers/writers.h"
#include "../tools/testkit.h"
#include "unit_kit.h"

/* Checks what epubcheck would: well-formed, every id a unique NCName, every
 * fragment link pointing at an id. Skipped past libxml2's depth limit. */
static void check_xml(const char *out, size_t len) {
    xmlDocPtr x = xmlReadMemory(out, (int)len, "out.xhtml", "utf-8", XML_PARSE_NONET);
    assert_non_null(x);
    xmlXPathContextPtr ctx = xmlXPathNewContext(x);
    xmlXPathObjectPtr ids = xmlXPathEvalExpression(BAD_CAST "//@id", ctx);
    xmlXPathObjectPtr hrefs = xmlXPathEvalExpression(BAD_CAST "//@href", ctx);
    assert_non_null(ids);
    assert_non_null(hrefs);
    int nids = ids->nodesetval ? ids->nodesetval->nodeNr : 0;
    int nhrefs = hrefs->nodesetval ? hrefs->nodesetval->nodeNr : 0;
    for (int i = 0; i < nids; i++) {
        xmlChar *a = xmlNodeGetContent(ids->nodesetval->nodeTab[i]);
        assert_int_equal(xmlValidateNCName(a, 0), 0);
        for (int j = 0; j < i; j++) {
            xmlChar *b = xmlNodeGetContent(ids->nodesetval->nodeTab[j]);
            assert_string_not_equal((char *)a, (char *)b);
            xmlFree(b);
        }
        xmlFree(a);
    }
    for (int i = 0; i < nhrefs; i++) {
        xmlChar *h = xmlNodeGetContent(hrefs->nodesetval->nodeTab[i]);
        if (h[0] == '#') {
            bool found = false;
            for (int j = 0; j < nids && !found; j++) {
                xmlChar *b = xmlNodeGetContent(ids->nodesetval->nodeTab[j]);
                found = strcmp((char *)b, (char *)h + 1) == 0;
                xmlFree(b);
            }
            assert_true(found);
        }
        xmlFree(h);
    }
    xmlXPathFreeObject(ids);
    xmlXPathFreeObject(hrefs);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(x);
}

/* Renders `doc`; the caller frees the result with free(). */
static char *render_opt(const gl_doc *doc, const gl_options *opt, bool check) {
    size_t len;
    char *out = uk_render(gl_write_xhtml, doc, opt, &len);
    assert_true(len > 0 && out[len - 1] == '\n');
    if (check)
        check_xml(out, len);
    return out;
}

static char *render(const gl_doc *doc) { return render_opt(doc, NULL, true); }

/* The part of the output between <article> and </article>, exclusive. */
static char *article(const char *out) {
    const char *s = strstr(out, "<article>\n");
    const char *e = strstr(out, "</article>");
    assert_non_null(s);
    assert_non_null(e);
    s += strlen("<article>\n");
    char *r = malloc((size_t)(e - s) + 1);
    memcpy(r, s, (size_t)(e - s));
    r[e - s] = '\0';
    return r;
}

static void assert_article(const gl_doc *doc, const char *expected) {
    char *out = render(doc);
    char *body = article(out);
    assert_string_equal(body, expected);
    free(body);
    free(out);
}

static const char head_prefix[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                  "<!DOCTYPE html>\n"
                                  "<html xmlns=\"http://www.w3.org/1999/xhtml\""
                                  " xmlns:epub=\"http://www.idpf.org/2007/ops\"";

static void test_small_document_exact(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "A Title");
    gl_doc_add_author(doc, "Ann Lee", 7, "byline");
    gl_doc_add_author(doc, "Bo Chen", 7, "byline");
    tk_set_meta(doc, GL_META_DATE, "2014-11-12");
    tk_set_meta(doc, GL_META_DATE_TEXT, "November 12, 2014");
    tk_set_meta(doc, GL_META_LANG, "en");
    tk_set_meta(doc, GL_META_SITE, "The Site");
    tk_set_meta(doc, GL_META_URL, "https://example.com/story");
    tk_set_meta(doc, GL_META_DESCRIPTION, "About things.");
    gl_node *h = tk_add_text(doc, tk_root(doc), GL_NODE_HEADING, "Hello World");
    h->level = 2;
    gl_node *p = tk_add_text(doc, tk_root(doc), GL_NODE_PARAGRAPH, "Some ");
    tk_add_text(doc, p, GL_NODE_EMPH, "words");
    gl_node_append_text(doc, p, " and a ", 7);
    gl_node *a = tk_add_text(doc, p, GL_NODE_LINK, "link");
    gl_node_set_url(doc, a, "https://x.org/", 14);
    gl_node *list = tk_add(doc, tk_root(doc), GL_NODE_LIST);
    list->tight = true;
    tk_add_text(doc, tk_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "one");
    tk_add_text(doc, tk_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "two");
    gl_node *cb = tk_add(doc, tk_root(doc), GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "x = 1;\n", 7);
    gl_node_set_info(doc, cb, "c", 1);
    tk_add(doc, tk_root(doc), GL_NODE_THEMATIC_BREAK);
    char *out = render(doc);
    char *expected = NULL;
    const char *style = strstr(out, "<style>");
    assert_non_null(style);
    const char *style_end = strstr(style, "</style>\n");
    assert_non_null(style_end);
    size_t n = strlen(head_prefix);
    assert_memory_equal(out, head_prefix, n);
    expected = " lang=\"en\" xml:lang=\"en\">\n"
               "<head>\n"
               "<meta charset=\"utf-8\"/>\n"
               "<title>A Title</title>\n"
               "<meta name=\"author\" content=\"Ann Lee, Bo Chen\"/>\n"
               "<meta name=\"description\" content=\"About things.\"/>\n";
    assert_memory_equal(out + n, expected, strlen(expected));
    assert_ptr_equal(out + n + strlen(expected), style);
    expected = "</style>\n</head>\n<body>\n<article>\n"
               "<header>\n"
               "<h1>A Title</h1>\n"
               "<p class=\"byline\">Ann Lee, Bo Chen</p>\n"
               "<p class=\"date\"><time datetime=\"2014-11-12\">November 12, 2014</time></p>\n"
               "<p class=\"site\">The Site</p>\n"
               "<p class=\"source\"><a href=\"https://example.com/story\">"
               "https://example.com/story</a></p>\n"
               "</header>\n"
               "<h2 id=\"hello-world\">Hello World</h2>\n"
               "<p>Some <em>words</em> and a <a href=\"https://x.org/\">link</a></p>\n"
               "<ul>\n"
               "<li>one</li>\n"
               "<li>two</li>\n"
               "</ul>\n"
               "<pre><code class=\"language-c\">x = 1;\n</code></pre>\n"
               "<hr/>\n"
               "</article>\n"
               "</body>\n"
               "</html>\n";
    assert_string_equal(style_end, expected);
    /* the same document gives the same bytes */
    char *again = render(doc);
    assert_string_equal(out, again);
    free(again);
    free(out);
    gl_doc_free(doc);
}

static void test_no_metadata(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    char *out = render(doc);
    size_t n = strlen(head_prefix);
    assert_memory_equal(out, head_prefix, n);
    assert_memory_equal(
        out + n, ">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Untitled</title>\n<style>",
        strlen(">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Untitled</title>\n<style>"));
    assert_null(strstr(out, "<header>"));
    assert_null(strstr(out, "<meta name="));
    assert_null(strstr(out, "lang="));
    assert_non_null(strstr(out, "<body>\n<article>\n</article>\n</body>\n</html>\n"));
    free(out);
    /* a language that is no BCP 47 tag is left out; a date that is no HTML
     * datetime is shown without <time> */
    tk_set_meta(doc, GL_META_LANG, "en_US\"x");
    tk_set_meta(doc, GL_META_DATE, "2014-13-01");
    out = render(doc);
    assert_null(strstr(out, "lang="));
    assert_non_null(strstr(out, "<p class=\"date\">2014-13-01</p>\n"));
    free(out);
    tk_set_meta(doc, GL_META_DATE, "2014-11-12T10:00:00.123Z");
    out = render(doc);
    assert_non_null(strstr(out, "<time datetime=\"2014-11-12T10:00:00.123Z\">"));
    free(out);
    gl_doc_free(doc);
}

static void test_escaping(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "A & B <c> \"d\"\x01\x1F\x7F");
    tk_set_meta(doc, GL_META_DESCRIPTION, "x\"y\n\tz\r<&>");
    gl_doc_add_author(doc, "O'Neil & \"Sons\"", 15, "byline");
    const char text[] = "1 < 2 & 3 > 0 \"q\" \x02\x0B\x0C ok\r\n\xEF\xBF\xBE\xEF\xBF\xBF"
                        "\xF0\x9F\x98\x80\xE2\x80\xA8";
    gl_node *p = tk_add(doc, tk_root(doc), GL_NODE_PARAGRAPH);
    gl_node_append_text(doc, p, text, strlen(text));
    gl_node *a = tk_add_text(doc, p, GL_NODE_LINK, "l");
    gl_node_set_url(doc, a, "/q?a=1&b=\"2\"<>", 14);
    gl_node_set_title(doc, a, "t\"\x03", 3);
    gl_node *img = tk_add(doc, p, GL_NODE_IMAGE);
    gl_node_set_url(doc, img, "i.png", 5);
    gl_node_set_text(doc, img, "<alt & \"x\">", 11);
    char *out = render(doc);
    assert_non_null(strstr(out, "<title>A &amp; B &lt;c&gt; \"d\"</title>"));
    assert_non_null(strstr(out, "<h1>A &amp; B &lt;c&gt; \"d\"</h1>"));
    assert_non_null(strstr(out, "content=\"x&quot;y&#10;&#9;z&#13;&lt;&amp;&gt;\""));
    assert_non_null(strstr(out, "content=\"O'Neil &amp; &quot;Sons&quot;\""));
    assert_non_null(strstr(out, "<p>1 &lt; 2 &amp; 3 &gt; 0 \"q\"  ok&#13;\n"
                                "\xF0\x9F\x98\x80\xE2\x80\xA8<a href=\"/q?a=1&amp;b=&quot;2&quot;"
                                "&lt;&gt;\" title=\"t&quot;\">l</a><img src=\"i.png\""
                                " alt=\"&lt;alt &amp; &quot;x&quot;&gt;\"/></p>\n"));
    free(out);
    gl_doc_free(doc);
}

static void test_heading_ids(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = tk_root(doc);
    /* Given ids are claimed first, so "intro" and "intro-2" go to X and Y. */
    tk_add_text(doc, root, GL_NODE_HEADING, "Intro");
    tk_add_text(doc, root, GL_NODE_HEADING, "Intro");
    gl_node *h = tk_add_text(doc, root, GL_NODE_HEADING, "X"); /* the given id wins */
    gl_node_set_info(doc, h, "intro", 5);
    h = tk_add_text(doc, root, GL_NODE_HEADING, "Y"); /* a given duplicate */
    gl_node_set_info(doc, h, "intro", 5);
    h->level = 2;
    h = tk_add_text(doc, root, GL_NODE_HEADING, "Z");
    gl_node_set_info(doc, h, "has space & colon:x", 19);
    h = tk_add_text(doc, root, GL_NODE_HEADING, "W");
    gl_node_set_info(doc, h, "", 0); /* empty: generated from the text */
    tk_add_text(doc, root, GL_NODE_HEADING, "3 Little Pigs!")->level = 7; /* clamped */
    tk_add_text(doc, root, GL_NODE_HEADING, "!!!");
    tk_add(doc, root, GL_NODE_HEADING)->level = 0; /* clamped */
    tk_add_text(doc, root, GL_NODE_HEADING,
                "\xC3\x9C"
                "ber \xE2\x80\x94 Stra\xC3\x9F"
                "e");
    h = tk_add_text(doc, root, GL_NODE_HEADING, "intro-2"); /* a generated id's twin */
    gl_node_set_info(doc, h, "-intro-2", 8);
    gl_node *hc = tk_add(doc, root, GL_NODE_HEADING);
    gl_node *code = tk_add(doc, hc, GL_NODE_CODE);
    gl_node_set_text(doc, code, "gl_doc_new()", 12);
    char long_text[300];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    tk_add_text(doc, root, GL_NODE_HEADING, long_text);
    char *out = render(doc);
    char *body = article(out);
    char expected[2048];
    snprintf(expected, sizeof expected,
             "<h1 id=\"intro-3\">Intro</h1>\n"
             "<h1 id=\"intro-4\">Intro</h1>\n"
             "<h1 id=\"intro\">X</h1>\n"
             "<h2 id=\"intro-2\">Y</h2>\n"
             "<h1 id=\"has-space-colon-x\">Z</h1>\n"
             "<h1 id=\"w\">W</h1>\n"
             "<h6 id=\"h-3-little-pigs\">3 Little Pigs!</h6>\n"
             "<h1 id=\"section\">!!!</h1>\n"
             "<h1 id=\"section-2\"></h1>\n"
             "<h1 id=\"\xC3\xBC"
             "ber-stra\xC3\x9F"
             "e\">\xC3\x9C"
             "ber \xE2\x80\x94 Stra\xC3\x9F"
             "e</h1>\n"
             "<h1 id=\"h--intro-2\">intro-2</h1>\n"
             "<h1 id=\"gl_doc_new\"><code>gl_doc_new()</code></h1>\n"
             "<h1 id=\"%.64s\">%s</h1>\n",
             long_text, long_text);
    assert_string_equal(body, expected);
    free(body);
    free(out);
    gl_doc_free(doc);
}

static void test_footnotes(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = tk_root(doc);
    /* Definitions first, in the opposite order of the references: numbers
     * follow the first reference; an unreferenced note comes last. */
    gl_node *d = tk_add(doc, root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, d, "b", 1);
    tk_add_text(doc, d, GL_NODE_PARAGRAPH, "Note b.");
    d = tk_add(doc, root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, d, "a note", 6);
    tk_add_text(doc, d, GL_NODE_PARAGRAPH, "Note a.");
    tk_add(doc, d, GL_NODE_THEMATIC_BREAK);
    d = tk_add(doc, root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, d, "unused", 6);
    tk_add_text(doc, d, GL_NODE_PARAGRAPH, "Never cited.");
    gl_node *p = tk_add_text(doc, root, GL_NODE_PARAGRAPH, "Text");
    gl_node *r = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "a note", 6);
    r = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "b", 1);
    r = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "a note", 6);
    r = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "<nowhere>", 9);
    gl_node *a = tk_add(doc, p, GL_NODE_LINK); /* no <a> inside <a>: the id goes on <sup> */
    gl_node_set_url(doc, a, "#fn-b", 5);
    r = tk_add(doc, a, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "b", 1);
    assert_article(
        doc, "<p>Text"
             "<sup><a href=\"#fn-a-note\" id=\"fnref-a-note\" epub:type=\"noteref\">1</a></sup>"
             "<sup><a href=\"#fn-b\" id=\"fnref-b\" epub:type=\"noteref\">2</a></sup>"
             "<sup><a href=\"#fn-a-note\" id=\"fnref-a-note-2\" epub:type=\"noteref\">1</a>"
             "</sup><sup>[&lt;nowhere&gt;]</sup><a href=\"#fn-b\"><sup "
             "id=\"fnref-b-2\">2</sup></a></p>\n"
             "<section class=\"footnotes\" epub:type=\"endnotes\">\n"
             "<ol>\n"
             "<li id=\"fn-a-note\" epub:type=\"endnote\">\n"
             "<p>Note a.</p>\n"
             "<hr/>\n"
             "<p> <a href=\"#fnref-a-note\" class=\"footnote-back\">\xE2\x86\xA9</a></p>\n"
             "</li>\n"
             "<li id=\"fn-b\" epub:type=\"endnote\">\n"
             "<p>Note b. <a href=\"#fnref-b\" class=\"footnote-back\">\xE2\x86\xA9</a></p>\n"
             "</li>\n"
             "<li id=\"fn-unused\" epub:type=\"endnote\">\n"
             "<p>Never cited.</p>\n"
             "</li>\n"
             "</ol>\n"
             "</section>\n");
    gl_doc_free(doc);
}

static void test_footnote_id_clashes(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *root = tk_root(doc);
    gl_node *h = tk_add_text(doc, root, GL_NODE_HEADING, "H");
    gl_node_set_info(doc, h, "fn-1", 4); /* takes the note's natural id */
    gl_node *p = tk_add_text(doc, root, GL_NODE_PARAGRAPH, "x");
    gl_node *r = tk_add(doc, p, GL_NODE_FOOTNOTE_REF);
    gl_node_set_info(doc, r, "1", 1);
    gl_node *d = tk_add(doc, root, GL_NODE_FOOTNOTE_DEF);
    gl_node_set_info(doc, d, "1", 1);
    gl_node *inner = tk_add(doc, d, GL_NODE_FOOTNOTE_DEF); /* nested: its own entry */
    gl_node_set_info(doc, inner, "!", 1);
    gl_node *ip = tk_add_text(doc, inner, GL_NODE_PARAGRAPH, "inner");
    r = tk_add(doc, ip, GL_NODE_FOOTNOTE_REF); /* a note citing itself */
    gl_node_set_info(doc, r, "!", 1);
    d = tk_add(doc, root, GL_NODE_FOOTNOTE_DEF); /* the same label again */
    gl_node_set_info(doc, d, "1", 1);
    tk_add_text(doc, d, GL_NODE_PARAGRAPH, "dup");
    char *out = render(doc); /* check_xml: ids unique, links resolve */
    assert_non_null(strstr(out, "<h1 id=\"fn-1\">H</h1>"));
    assert_non_null(
        strstr(out, "<p>x<sup><a href=\"#fn-1-2\" id=\"fnref-1-2\" epub:type=\"noteref\">1</a>"
                    "</sup></p>\n"));
    assert_non_null(strstr(out,
                           "<li id=\"fn-note\" epub:type=\"endnote\">\n<p>inner<sup>"
                           "<a href=\"#fn-note\" id=\"fnref-note\" epub:type=\"noteref\">2</a>"));
    assert_non_null(strstr(out, "<li id=\"fn-1-3\" epub:type=\"endnote\">\n<p>dup</p>\n</li>"));
    free(out);
    gl_doc_free(doc);
}

static void test_tables(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *t = tk_add(doc, tk_root(doc), GL_NODE_TABLE);
    for (int r = 0; r < 3; r++) {
        gl_node *row = tk_add(doc, t, GL_NODE_TABLE_ROW);
        for (int c = 0; c < 2; c++) {
            gl_node *cell = tk_add(doc, row, GL_NODE_TABLE_CELL);
            cell->header = r == 0 || (r == 2 && c == 0);
            cell->align = c == 0 ? GL_ALIGN_NONE : GL_ALIGN_RIGHT;
            char s[3] = {(char)('a' + c), (char)('0' + r), 0};
            gl_node_append_text(doc, cell, s, 2);
        }
    }
    gl_node *t2 = tk_add(doc, tk_root(doc), GL_NODE_TABLE); /* no header row */
    tk_add_text(doc, tk_add(doc, t2, GL_NODE_TABLE_ROW), GL_NODE_TABLE_CELL, "x")->align =
        GL_ALIGN_CENTER;
    tk_add(doc, tk_root(doc), GL_NODE_TABLE); /* empty */
    assert_article(doc,
                   "<table>\n<thead>\n<tr>\n<th>a0</th>\n"
                   "<th style=\"text-align:right\">b0</th>\n</tr>\n</thead>\n"
                   "<tbody>\n<tr>\n<td>a1</td>\n<td style=\"text-align:right\">b1</td>\n</tr>\n"
                   "<tr>\n<th>a2</th>\n<td style=\"text-align:right\">b2</td>\n</tr>\n"
                   "</tbody>\n</table>\n"
                   "<table>\n<tbody>\n<tr>\n<td style=\"text-align:center\">x</td>\n</tr>\n"
                   "</tbody>\n</table>\n"
                   "<table>\n</table>\n");
    gl_doc_free(doc);
}

static void test_task_items(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *list = tk_add(doc, tk_root(doc), GL_NODE_LIST);
    list->tight = true;
    gl_node *it = tk_add(doc, list, GL_NODE_ITEM);
    it->task = GL_TASK_DONE;
    tk_add_text(doc, it, GL_NODE_PARAGRAPH, "done");
    it = tk_add(doc, list, GL_NODE_ITEM);
    it->task = GL_TASK_OPEN;
    tk_add_text(doc, it, GL_NODE_PARAGRAPH, "open");
    tk_add_text(doc, it, GL_NODE_PARAGRAPH, "more");
    tk_add_text(doc, tk_add(doc, list, GL_NODE_ITEM), GL_NODE_PARAGRAPH, "plain");
    gl_node *loose = tk_add(doc, tk_root(doc), GL_NODE_LIST);
    loose->ordered = true;
    loose->start = 0;
    it = tk_add(doc, loose, GL_NODE_ITEM);
    it->task = GL_TASK_OPEN;
    tk_add_text(doc, it, GL_NODE_PARAGRAPH, "loose");
    it = tk_add(doc, loose, GL_NODE_ITEM);
    it->task = GL_TASK_DONE;
    tk_add(doc, it, GL_NODE_BLOCKQUOTE);
    assert_article(doc, "<ul>\n"
                        "<li>\xE2\x98\x91 done</li>\n"
                        "<li>\xE2\x98\x90 open\nmore</li>\n"
                        "<li>plain</li>\n"
                        "</ul>\n"
                        "<ol start=\"0\">\n"
                        "<li>\n<p>\xE2\x98\x90 loose</p>\n</li>\n"
                        "<li>\xE2\x98\x91 \n<blockquote>\n</blockquote>\n</li>\n"
                        "</ol>\n");
    gl_doc_free(doc);
}

static void test_unsafe_links(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_URL, "javascript:alert(1)");
    gl_node *p = tk_add(doc, tk_root(doc), GL_NODE_PARAGRAPH);
    static const char *const bad[] = {"javascript:alert(1)",
                                      "JAVASCRIPT:x",
                                      " \x01java\nscript:x",
                                      "vbscript:msgbox",
                                      "data:text/html;base64,PHNjcmlwdD4=",
                                      "DATA:image/png;base64,AAAA"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        gl_node *a = tk_add_text(doc, p, GL_NODE_LINK, "t");
        gl_node_set_url(doc, a, bad[i], strlen(bad[i]));
    }
    gl_node *ok = tk_add_text(doc, p, GL_NODE_LINK, "ok");
    gl_node_set_url(doc, ok, "javascript.html", 15); /* a relative path, no scheme */
    gl_node *img = tk_add(doc, p, GL_NODE_IMAGE);
    gl_node_set_url(doc, img, "data:image/png;base64,AAAA", 26);
    gl_node_set_text(doc, img, "dot", 3);
    img = tk_add(doc, p, GL_NODE_IMAGE);
    gl_node_set_url(doc, img, "javascript:x", 12);
    gl_node_set_text(doc, img, "<bad>", 5);
    gl_node *fig = tk_add(doc, tk_root(doc), GL_NODE_FIGURE);
    gl_node_set_url(doc, fig, "data:text/html,x", 16);
    char *out = render(doc);
    assert_non_null(strstr(out, "<p class=\"source\">javascript:alert(1)</p>"));
    assert_non_null(strstr(out,
                           "<p>tttttt<a href=\"javascript.html\">ok</a>"
                           "<img src=\"data:image/png;base64,AAAA\" alt=\"dot\"/>&lt;bad&gt;</p>\n"
                           "<figure>\n</figure>\n"));
    assert_null(strstr(out, "\"javascript:"));
    assert_null(strstr(out, "script:x"));
    assert_null(strstr(out, "vbscript"));
    assert_null(strstr(out, "data:text"));
    free(out);
    gl_doc_free(doc);
}

static void test_deep_nesting(void **state) {
    (void)state;
    gl_doc *doc = uk_deep_doc(GL_NODE_STRONG, false); /* deep inlines too */
    char *out = render_opt(doc, NULL, false);         /* past libxml2's own depth limit */
    size_t opens = 0, closes = 0;
    for (const char *s = out; (s = strstr(s, "<blockquote>\n")); s++)
        opens++;
    for (const char *s = out; (s = strstr(s, "</blockquote>\n")); s++)
        closes++;
    assert_int_equal(opens, 10000);
    assert_int_equal(closes, 10000);
    assert_non_null(strstr(out, "<blockquote>\n<p><strong><strong>"));
    assert_non_null(strstr(out, "<strong>deep</strong>"));
    assert_non_null(strstr(out, "</strong></strong></p>\n</blockquote>\n"));
    free(out);
    gl_doc_free(doc);
}

static void test_rich_document(void **state) {
    (void)state;
    gl_doc *doc = uk_rich_doc();
    char *out = render(doc);
    assert_null(strstr(out, "script:"));
    assert_null(strstr(out, "data:text"));
    assert_non_null(strstr(out, "<h6 id=\"h-2024-\xC3\xA9t\xC3\xA9\">2024 \xC3\x89t\xC3\xA9</h6>"));
    free(out);
    gl_doc_free(doc);
}

/* A refusing sink and each allocation failing in turn (unit_kit.c). */
static void test_failures(void **state) {
    (void)state;
    uk_check_writer_failures(gl_write_xhtml, 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_document_exact),
        cmocka_unit_test(test_no_metadata),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_heading_ids),
        cmocka_unit_test(test_footnotes),
        cmocka_unit_test(test_footnote_id_clashes),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_task_items),
        cmocka_unit_test(test_unsafe_links),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_rich_document),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
