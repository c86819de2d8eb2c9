/* The HTML writer (-t html) on hand-built trees: the text/html syntax (no XML
 * declaration, namespaces, EPUB attributes or self-closing tags), the style
 * sheet, the heading outline, URLs, and the same document as the XHTML
 * writer's (both parsed with libxml2, their text compared). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/sink.h"
#include "writers/writers.h"
#include "../tools/testkit.h"
#include "unit_kit.h"

static char *render_with(gl_write_doc_fn write, const gl_doc *doc) {
    return uk_render(write, doc, NULL, NULL);
}

static char *render(const gl_doc *doc) { return render_with(gl_write_html, doc); }

/* The output from <body> on. */
static const char *body_of(const char *out) {
    const char *body = strstr(out, "<body>\n");
    assert_non_null(body);
    return body;
}

static void test_page_head(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "A & B");
    gl_doc_add_author(doc, "Ann Lee", 7, "byline");
    tk_set_meta(doc, GL_META_LANG, "en-GB");
    tk_set_meta(doc, GL_META_DESCRIPTION, "About \"things\".");
    tk_add_text(doc, tk_root(doc), GL_NODE_PARAGRAPH, "Text.");
    char *out = render(doc);
    const char *head = "<!DOCTYPE html>\n"
                       "<html lang=\"en-GB\">\n"
                       "<head>\n"
                       "<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>A &amp; B</title>\n"
                       "<meta name=\"author\" content=\"Ann Lee\">\n"
                       "<meta name=\"description\" content=\"About &quot;things&quot;.\">\n"
                       "<style>";
    assert_memory_equal(out, head, strlen(head));
    /* The style sheet: a measure, leading, dark colours, wrapping code. */
    const char *style = out + strlen(head);
    const char *style_end = strstr(style, "</style>");
    assert_non_null(style_end);
    const char *wanted[] = {"max-width:33em",       "/1.5 ",       "prefers-color-scheme:dark",
                            "white-space:pre-wrap", "figcaption{", "@media print"};
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        const char *at = strstr(style, wanted[i]);
        assert_true(at && at < style_end);
    }
    assert_string_equal(body_of(out), "<body>\n<article>\n<header>\n<h1>A &amp; B</h1>\n"
                                      "<p class=\"byline\">Ann Lee</p>\n</header>\n"
                                      "<p>Text.</p>\n</article>\n</body>\n</html>\n");
    free(out);
    gl_doc_free(doc);
}

/* No XML: no declaration, namespace, xml:lang, epub:type or "/>". */
static void test_html_syntax(void **state) {
    (void)state;
    gl_doc *doc = uk_rich_doc();
    char *out = render(doc);
    assert_null(strstr(out, "<?xml"));
    assert_null(strstr(out, "xmlns"));
    assert_null(strstr(out, "xml:lang"));
    assert_null(strstr(out, "epub:"));
    assert_null(strstr(out, "/>"));
    assert_non_null(strstr(out, "<hr>\n"));
    assert_non_null(strstr(out, "<br>\n"));
    assert_non_null(strstr(out, "role=\"doc-noteref\""));
    assert_non_null(strstr(out, "<section class=\"footnotes\" role=\"doc-endnotes\">"));
    free(out);
    gl_doc_free(doc);
}

static void add_heading(gl_doc *doc, int level, const char *text) {
    gl_node *h = tk_add_text(doc, tk_root(doc), GL_NODE_HEADING, text);
    h->level = level;
}

/* Levels follow the outline, below the title: none is skipped. */
static void test_heading_outline(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "T");
    add_heading(doc, 2, "a");
    add_heading(doc, 4, "b");
    add_heading(doc, 4, "c");
    add_heading(doc, 3, "d");
    add_heading(doc, 1, "e");
    add_heading(doc, 6, "f");
    char *out = render(doc);
    const char *want[] = {"<h2 id=\"a\">a</h2>", "<h3 id=\"b\">b</h3>", "<h3 id=\"c\">c</h3>",
                          "<h3 id=\"d\">d</h3>", "<h2 id=\"e\">e</h2>", "<h3 id=\"f\">f</h3>"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_non_null(strstr(out, want[i]));
    free(out);
    gl_doc_free(doc);
    /* Without a title the first heading is the page's h1. */
    doc = tk_doc_new();
    add_heading(doc, 3, "x");
    add_heading(doc, 5, "y");
    out = render(doc);
    assert_non_null(strstr(out, "<h1 id=\"x\">x</h1>\n<h2 id=\"y\">y</h2>"));
    free(out);
    gl_doc_free(doc);
}

/* URLs as the URL Standard writes them, which validators expect. */
static void test_urls_encoded(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    gl_node *p = tk_add(doc, tk_root(doc), GL_NODE_PARAGRAPH);
    gl_node *a = tk_add_text(doc, p, GL_NODE_LINK, "l");
    gl_node_set_url(doc, a, "https://x.org/a b?q=\"1\"&r=\\|", 28);
    char *out = render(doc);
    assert_non_null(strstr(out, "<a href=\"https://x.org/a%20b?q=%221%22&amp;r=%5C%7C\">l</a>"));
    free(out);
    gl_doc_free(doc);
}

/* The text of the <body> of a parsed page. */
static char *body_text(xmlDocPtr x) {
    assert_non_null(x);
    xmlNodePtr n = xmlDocGetRootElement(x);
    for (n = n ? n->children : NULL; n && !(n->name && strcmp((const char *)n->name, "body") == 0);
         n = n->next)
        ;
    assert_non_null(n);
    xmlChar *t = xmlNodeGetContent(n);
    char *copy = strdup((const char *)t);
    xmlFree(t);
    return copy;
}

/* libxml2's HTML parser reads the page back to the same text as its XML
 * parser reads the XHTML writer's document. */
static void test_same_document_as_xhtml(void **state) {
    (void)state;
    gl_doc *doc = uk_rich_doc();
    char *html = render(doc), *xhtml = render_with(gl_write_xhtml, doc);
    xmlDocPtr h = htmlReadMemory(html, (int)strlen(html), "page.html", "utf-8",
                                 HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    xmlDocPtr x = xmlReadMemory(xhtml, (int)strlen(xhtml), "page.xhtml", "utf-8", XML_PARSE_NONET);
    char *a = body_text(h), *b = body_text(x);
    assert_true(strlen(a) > 100);
    assert_string_equal(a, b);
    free(a);
    free(b);
    xmlFreeDoc(h);
    xmlFreeDoc(x);
    free(html);
    free(xhtml);
    gl_doc_free(doc);
}

/* A refusing sink and each allocation failing in turn (unit_kit.c). */
static void test_failures(void **state) {
    (void)state;
    uk_check_writer_failures(gl_write_html, 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_head),
        cmocka_unit_test(test_html_syntax),
        cmocka_unit_test(test_heading_outline),
        cmocka_unit_test(test_urls_encoded),
        cmocka_unit_test(test_same_document_as_xhtml),
        cmocka_unit_test(test_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
