/* E-book covers (issue 18): the generated SVG (well-formed, the texts set
 * and escaped, long titles shrunk then cut, the same bytes each time), and
 * the EPUB's cover: generated or the user's PNG/JPEG, named cover-image in
 * the manifest, first in the spine; a file that cannot be the cover fails
 * the book. Also the EPUB's code blocks, which wrap. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>
#include "galley/galley.h"
#include "layout/linebreak.h"
#include "util/buf.h"
#include "util/sink.h"
#include "writers/cover.h"
#include "writers/writers.h"
#include "../tools/testkit.h"
#include "../tools/zipkit.h"

static char *svg_of(const gl_cover_text *t) {
    gl_buf b;
    gl_buf_init(&b, NULL, 0);
    assert_int_equal(gl_cover_svg(&b, t, NULL), GL_OK);
    size_t len;
    return gl_buf_detach(&b, &len);
}

/* The svg parsed, with no network and no entity loading. */
static xmlDocPtr parse(const char *svg) {
    xmlDocPtr x = xmlReadMemory(svg, (int)strlen(svg), "cover.svg", "utf-8", XML_PARSE_NONET);
    assert_non_null(x);
    assert_string_equal((const char *)xmlDocGetRootElement(x)->name, "svg");
    return x;
}

/* The <text> elements' font sizes and their <tspan> lines. */
typedef struct block {
    double size;
    size_t lines;
    char last[512]; /* the last line's text */
} block;

static size_t blocks(xmlDocPtr x, block *out, size_t max) {
    size_t n = 0;
    for (xmlNodePtr t = xmlDocGetRootElement(x)->children; t && n < max; t = t->next) {
        if (t->type != XML_ELEMENT_NODE || strcmp((const char *)t->name, "text") != 0)
            continue;
        xmlChar *size = xmlGetProp(t, BAD_CAST "font-size");
        out[n] = (block){atof((const char *)size), 0, ""};
        xmlFree(size);
        for (xmlNodePtr s = t->children; s; s = s->next) {
            xmlChar *c = xmlNodeGetContent(s);
            snprintf(out[n].last, sizeof out[n].last, "%s", (const char *)c);
            /* Every line fits the 960 units of the measure as estimated. */
            assert_true((double)gl_display_width((const char *)c, strlen((const char *)c)) *
                            out[n].size * 0.56 <=
                        960 * 1.08);
            xmlFree(c);
            out[n].lines++;
        }
        n++;
    }
    return n;
}

static void test_svg_texts(void **state) {
    (void)state;
    gl_cover_text t = {"Tom & Jerry <live>", "Ann Lee", "Caf\xC3\xA9 & Co", "November 12, 2014",
                       "en-GB"};
    char *svg = svg_of(&t);
    assert_non_null(strstr(svg, "<title>Tom &amp; Jerry &lt;live&gt;</title>"));
    assert_non_null(strstr(svg, "xml:lang=\"en-GB\""));
    assert_non_null(strstr(svg, "viewBox=\"0 0 1200 1800\""));
    assert_null(strstr(svg, "script"));
    assert_null(strstr(svg, "href"));
    xmlDocPtr x = parse(svg);
    block b[8];
    assert_int_equal(blocks(x, b, 8), 4); /* site, title, byline, date */
    assert_string_equal(b[0].last, "Caf\xC3\xA9 & Co");
    assert_true(b[1].size == 120); /* a short title takes the largest type */
    assert_string_equal(b[2].last, "Ann Lee");
    assert_string_equal(b[3].last, "November 12, 2014");
    xmlFreeDoc(x);
    /* The same texts, the same bytes; another title, maybe another colour,
     * never another layout. */
    char *again = svg_of(&t);
    assert_string_equal(svg, again);
    free(again);
    free(svg);
}

static void test_svg_long_and_missing_texts(void **state) {
    (void)state;
    char title[40 * 36 + 1] = ""; /* 40 times the 36 bytes below */
    for (int i = 0; i < 40; i++)
        strcat(title, "Extraordinarily long headline words ");
    gl_cover_text t = {title, NULL, NULL, NULL, NULL};
    char *svg = svg_of(&t);
    xmlDocPtr x = parse(svg);
    block b[8];
    assert_int_equal(blocks(x, b, 8), 1);
    assert_true(b[0].size == 54); /* the smallest type, cut after six lines */
    assert_int_equal(b[0].lines, 6);
    size_t n = strlen(b[0].last);
    assert_string_equal(b[0].last + n - 3, "\xE2\x80\xA6");
    xmlFreeDoc(x);
    free(svg);
    /* No title at all; a title of one unbreakable word; a CJK title. */
    gl_cover_text none = {NULL, NULL, NULL, NULL, "xx-not a tag"};
    svg = svg_of(&none);
    assert_non_null(strstr(svg, "<title>Untitled</title>"));
    assert_null(strstr(svg, "xml:lang"));
    free(svg);
    gl_cover_text word = {"Pneumonoultramicroscopicsilicovolcanoconiosisandmorestill", NULL, NULL,
                          NULL, NULL};
    svg = svg_of(&word);
    x = parse(svg);
    assert_int_equal(blocks(x, b, 8), 1);
    xmlFreeDoc(x);
    free(svg);
    gl_cover_text cjk = {"\xE6\x9C\x88\xE7\x90\x83\xE6\x8E\xA2\xE6\xB5\x8B\xE5\x99\xA8\xE5\x9C\xA8"
                         "\xE5\x8D\x97\xE6\x9E\x81\xE9\x99\x84\xE8\xBF\x91\xE7\x9D\x80\xE9\x99\x86"
                         "\xE6\x88\x90\xE5\x8A\x9F",
                         NULL, NULL, NULL, "zh"};
    svg = svg_of(&cjk);
    x = parse(svg);
    assert_int_equal(blocks(x, b, 8), 1);
    assert_true(b[0].lines >= 2);
    xmlFreeDoc(x);
    free(svg);
}

static gl_doc *article(void) {
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "A Cover Story");
    tk_set_meta(doc, GL_META_DATE, "2014-11-12");
    tk_set_meta(doc, GL_META_DATE_TEXT, "November 12, 2014");
    tk_set_meta(doc, GL_META_SITE, "The Daily");
    tk_set_meta(doc, GL_META_LANG, "en");
    assert_int_equal(gl_doc_add_author(doc, "Ann Lee", 7, "test"), GL_OK);
    tk_add_text(doc, tk_root(doc), GL_NODE_PARAGRAPH, "Hello.");
    gl_node *cb = tk_add(doc, tk_root(doc), GL_NODE_CODE_BLOCK);
    gl_node_set_text(doc, cb, "x = 1;", 6);
    return doc;
}

static gl_status write_book(gl_buf *out, const gl_doc *doc, const char *cover, gl_error *err) {
    gl_options opt;
    gl_options_init(&opt);
    opt.source_date_epoch = 1700000000;
    opt.cover = cover;
    gl_buf_init(out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, out};
    gl_error_init(err, NULL);
    return gl_write_epub(doc, &sink, &opt, err);
}

static void test_epub_generated_cover(void **state) {
    (void)state;
    gl_doc *doc = article();
    gl_buf out;
    gl_error err;
    assert_int_equal(write_book(&out, doc, NULL, &err), GL_OK);
    zip_t *z = tk_zip_open(out.data, out.len);
    char *opf = tk_zip_entry(z, "EPUB/package.opf");
    assert_non_null(strstr(opf, "<meta name=\"cover\" content=\"cover-image\"/>"));
    assert_non_null(strstr(opf, "<item id=\"cover-image\" href=\"cover.svg\""
                                " media-type=\"image/svg+xml\" properties=\"cover-image\"/>"));
    assert_non_null(strstr(opf, "<spine toc=\"ncx\">\n<itemref idref=\"cover\"/>\n"));
    char *svg = tk_zip_entry(z, "EPUB/cover.svg");
    assert_non_null(strstr(svg, ">A Cover Story</tspan>"));
    assert_non_null(strstr(svg, ">Ann Lee</tspan>"));
    assert_non_null(strstr(svg, ">The Daily</tspan>"));
    assert_non_null(strstr(svg, ">November 12, 2014</tspan>"));
    char *page = tk_zip_entry(z, "EPUB/cover.xhtml");
    assert_non_null(strstr(page, "<body epub:type=\"cover\">"));
    assert_non_null(strstr(page, "<img src=\"cover.svg\" alt=\"A Cover Story\"/>"));
    char *css = tk_zip_entry(z, "EPUB/style.css");
    assert_non_null(strstr(css, "pre{overflow-x:visible;white-space:pre-wrap"));
    free(opf);
    free(svg);
    free(page);
    free(css);
    zip_close(z);
    gl_buf_free(&out);
    gl_doc_free(doc);
}

static void test_epub_user_cover(void **state) {
    (void)state;
    gl_doc *doc = article();
    gl_buf out;
    gl_error err;
    const char *path = GL_SOURCE_DIR "/tests/data/images/photo.jpg";
    assert_int_equal(write_book(&out, doc, path, &err), GL_OK);
    zip_t *z = tk_zip_open(out.data, out.len);
    char *opf = tk_zip_entry(z, "EPUB/package.opf");
    assert_non_null(strstr(opf, "<item id=\"cover-image\" href=\"cover.jpg\""
                                " media-type=\"image/jpeg\" properties=\"cover-image\"/>"));
    assert_true(zip_name_locate(z, "EPUB/cover.svg", 0) < 0);
    zip_stat_t st;
    assert_int_equal(zip_stat(z, "EPUB/cover.jpg", 0, &st), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    assert_int_equal((long)st.size, ftell(f));
    fclose(f);
    free(opf);
    zip_close(z);
    gl_buf_free(&out);
    gl_doc_free(doc);
}

static void test_epub_bad_cover(void **state) {
    (void)state;
    gl_doc *doc = article();
    gl_buf out;
    gl_error err;
    assert_int_equal(write_book(&out, doc, "/nonexistent/cover.png", &err), GL_EIO);
    assert_non_null(strstr(err.message, "cover /nonexistent/cover.png: "));
    gl_buf_free(&out);
    assert_int_equal(write_book(&out, doc, GL_SOURCE_DIR "/tests/data/images/figures.md", &err),
                     GL_EFORMAT);
    assert_non_null(strstr(err.message, "not a PNG or JPEG image"));
    gl_buf_free(&out);
    char gif[] = "/tmp/galley-cover-XXXXXX";
    int fd = mkstemp(gif);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fputs("GIF89a\x01\x00\x01\x00\x00\x00\x00;", f);
    fclose(f);
    assert_int_equal(write_book(&out, doc, gif, &err), GL_EFORMAT);
    remove(gif);
    gl_buf_free(&out);
    gl_doc_free(doc);
}

/* A book of several articles: its title, the number of articles, the site
 * they share, the newest date. */
static void test_anthology_cover(void **state) {
    (void)state;
    gl_options opt;
    gl_options_init(&opt);
    opt.source_date_epoch = 1700000000;
    gl_book *book;
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(
        gl_book_new(&book, gl_writer_by_name("epub"), "Two Stories", GL_BOOK_BY_DATE, &opt, &err),
        GL_OK);
    gl_doc *a = article(), *b = article();
    tk_set_meta(b, GL_META_DATE, "2015-01-02");
    tk_set_meta(b, GL_META_DATE_TEXT, "January 2, 2015");
    assert_int_equal(gl_book_add(book, &a, NULL, &err), GL_OK);
    assert_int_equal(gl_book_add(book, &b, NULL, &err), GL_OK);
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    assert_int_equal(gl_book_finish(book, &sink, &err), GL_OK);
    zip_t *z = tk_zip_open(out.data, out.len);
    char *svg = tk_zip_entry(z, "EPUB/cover.svg");
    assert_non_null(strstr(svg, "<title>Two Stories</title>"));
    assert_non_null(strstr(svg, ">2 articles</tspan>"));
    assert_non_null(strstr(svg, ">The Daily</tspan>"));
    assert_non_null(strstr(svg, ">January 2, 2015</tspan>"));
    free(svg);
    zip_close(z);
    gl_buf_free(&out);
    gl_book_free(book);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_texts),
        cmocka_unit_test(test_svg_long_and_missing_texts),
        cmocka_unit_test(test_epub_generated_cover),
        cmocka_unit_test(test_epub_user_cover),
        cmocka_unit_test(test_epub_bad_cover),
        cmocka_unit_test(test_anthology_cover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
