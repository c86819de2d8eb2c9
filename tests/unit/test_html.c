/* The HTML reader: mapping, sanitising, metadata, limits, fragments. */
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
#include "html_shape.h"
#include "../tools/testkit.h"
#include "unit_kit.h"

static char warnings[2048];
static tk_warning_text warning_text = {warnings, sizeof warnings};

static gl_options options(void) { return tk_options_collecting(&warning_text); }

static void check_valid(const gl_doc *doc) {
    gl_error err;
    gl_error_init(&err, NULL);
    if (gl_doc_validate(doc, &err) != GL_OK)
        fail_msg("invalid tree: %s", err.message);
}

/* Reads `html` with gl_read_html; the document is valid or the test fails. */
static gl_doc *read_opt(const char *html, size_t len, const gl_options *opt) {
    gl_input in = {"test.html", NULL, html, len};
    gl_error err;
    gl_error_init(&err, "test.html");
    gl_doc *doc = NULL;
    if (gl_read_html(&doc, &in, opt, &err) != GL_OK)
        fail_msg("gl_read_html: %s", err.message);
    check_valid(doc);
    return doc;
}

static gl_doc *read(const char *html) {
    gl_options opt = options();
    return read_opt(html, strlen(html), &opt);
}

/* Reads `html` and compares the tree's shape with `expected`. */
static void expect(const char *html, const char *expected) {
    gl_doc *doc = read(html);
    const char *got = shape(doc);
    if (strcmp(got, expected) != 0)
        fail_msg("for %s\n  expected %s\n  got      %s", html, expected, got);
    gl_doc_free(doc);
}

static void test_headings_and_ids(void **state) {
    (void)state;
    expect("<h1>Hello, World!</h1><h2 id=\"own\">Own id</h2><h3>Hello, world</h3>"
           "<h4>Ça  va?</h4><h5><code>x_y</code> Section</h5><h6>!!</h6><h2></h2>",
           "h1#hello-world[\"Hello, World!\"] h2#own[\"Own id\"] h3#hello-world-2[\"Hello, "
           "world\"] h4#ça-va[\"Ça va?\"] h5#x_y-section[code\"x_y\" \" Section\"] "
           "h6#section[\"!!\"]");
}

static void test_paragraphs_and_whitespace(void **state) {
    (void)state;
    expect("<p>  Hello \n\t <em>big</em>  world  </p><p></p><p> a<br>b <br> </p>",
           "p[\"Hello \" em[\"big\"] \" world\"] p[\"a\" br \"b\"]");
    /* bare text at block level is wrapped; entities decoded */
    expect("<body>text &amp; more<div>inner</div>tail&nbsp;x</body>",
           "p[\"text & more\"] p[\"inner\"] p[\"tail\xC2\xA0x\"]");
    expect("<div><span>one</span> <b>two</b></div>", "p[\"one \" b[\"two\"]]");
}

static void test_inline_formats(void **state) {
    (void)state;
    expect("<p><em>e</em><i>i</i><strong>s</strong><b>b</b><s>x</s><del>d</del>"
           "<strike>k</strike><sup>2</sup><sub>n</sub></p>",
           "p[em[\"e\"] em[\"i\"] b[\"s\"] b[\"b\"] s[\"x\"] s[\"d\"] s[\"k\"] sup[\"2\"] "
           "sub[\"n\"]]");
    expect("<p>Use <code> a  b </code>, <kbd>Ctrl</kbd>, <samp>out</samp>, <tt>tt</tt>.</p>",
           "p[\"Use \" code\"a b\" \" , \" code\"Ctrl\" \", \" code\"out\" \", \" code\"tt\" "
           "\".\"]");
    expect("<p><code><a href=\"#f\">f</a>()</code></p>", "p[a(#f)[code\"f\"] code\"()\"]");
    expect("<p><a href=\"https://x.org/\" title=\"T\">link <b>bold</b></a></p>",
           "p[a(https://x.org/|T)[\"link \" b[\"bold\"]]]");
}

static void test_lists(void **state) {
    (void)state;
    expect("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>",
           "ul[li[p[\"a\"]] li[p[\"b\"] ul[li[p[\"c\"]]]]]");
    expect("<ol start=\"3\" reversed><li>x</li></ol><ol start=\"-2\"><li>y</li></ol><ol "
           "start=\"z\"><li>z</li></ol>",
           "ol3[li[p[\"x\"]]] ol-2[li[p[\"y\"]]] ol1[li[p[\"z\"]]]");
    /* a list nested straight in a list belongs to the item before it */
    expect("<ul><li>a</li><ul><li>b</li></ul></ul>", "ul[li[p[\"a\"] ul[li[p[\"b\"]]]]]");
    expect("<ul class=\"contains-task-list\"><li><input type=\"checkbox\" disabled> open</li>"
           "<li><input type=\"checkbox\" checked disabled> done</li></ul>",
           "ul[li-[p[\"open\"]] li+[p[\"done\"]]]");
    gl_doc *doc = read("<ul><li><p>a</p></li></ul><ul><li>b</li></ul>");
    const gl_node *list = gl_doc_root(doc)->first_child;
    assert_false(list->tight);
    assert_true(list->next->tight);
    assert_false(list->ordered);
    gl_doc_free(doc);
}

static void test_blockquote_pre_hr(void **state) {
    (void)state;
    expect("<blockquote><p>q</p>bare</blockquote><hr><blockquote> </blockquote>",
           "bq[p[\"q\"] p[\"bare\"]] hr");
    expect("<pre class=\"language-c\">\nint  x;\n\n  y &lt; 2;\n</pre>",
           "pre:c\"int  x;\n\n  y < 2;\n\"");
    expect("<pre><code class=\"lang-py\">a<b>b</b><br>c</code></pre>", "pre:py\"ab\nc\"");
    expect("<pre></pre>", "");
}

static void test_tables(void **state) {
    (void)state;
    expect("<table><thead><tr><th>A</th><th align=\"right\">B</th></tr></thead>"
           "<tbody><tr><td style=\"text-align: center\">1</td><td><p>x</p><p>y</p></td></tr>"
           "<tr></tr></tbody></table>",
           "table[tr[th[\"A\"] th>[\"B\"]] tr[td^[\"1\"] td[\"x y\"]]]");
    expect("<table><td>no row</td><td></td></table>", "table[tr[td[\"no row\"] td]]");
    /* a table holding headings lays out a page: its cells are plain blocks */
    expect("<table><tr><td><h1>T</h1><p>body</p></td></tr></table>", "h1#t[\"T\"] p[\"body\"]");
}

static void test_figures_and_images(void **state) {
    (void)state;
    expect("<figure><img src=\"a.png\" alt=\"A\"><figcaption>The <em>cap</em></figcaption>"
           "</figure>",
           "fig(a.png|A)[\"The \" em[\"cap\"]]");
    expect("<figure><figcaption>first</figcaption><a href=\"big.png\"><img src=\"s.png\">"
           "</a></figure>",
           "fig(s.png)[\"first\"]");
    expect("<figure><blockquote>q</blockquote><figcaption>who</figcaption></figure>",
           "bq[p[\"q\"]] p[\"who\"]");
    expect("<div><img src=\"solo.jpg\" alt=\"x\"></div><p>in <img src=\"i.png\" alt=\"I\" "
           "title=\"T\"> line</p>",
           "fig(solo.jpg|x) p[\"in \" img(i.png|I|T) \" line\"]");
    expect("<img src=\"data:image/gif;base64,R0lGOD\" data-src=\"real.jpg\">"
           "<img srcset=\"s1.jpg 1x, s2.jpg 2x\"><img src=\"placeholder.png\">"
           "<img src=\"data:image/png;base64,iVBOR\">",
           "fig(real.jpg) fig(s1.jpg) fig(placeholder.png) fig(data:image/png;base64,iVBOR)");
    /* each lazy-loading script names its attribute: the real image, not the
     * stand-in's alt text as a paragraph (issue 16) */
    expect("<p><img src=\"data:image/svg+xml,%3Csvg%3E\" alt=\"Jam\" "
           "data-lazy-src=\"jam.jpg\"></p><img src=\"data:image/gif;base64,R0l\" "
           "data-original-src=\"data:image/gif;base64,R0l\" data-lazy-srcset=\"s3.jpg 1x\">",
           "p[img(jam.jpg|Jam)] fig(s3.jpg)");
    expect("<p><img src=\"javascript:alert(1)\" alt=\"bad\"> <img src=\"data:image/svg+xml,"
           "<svg/>\" alt=\"svg\"> <img alt=\"none\"></p>",
           "p[\"bad svg none\"]");
    expect("<p><a href=\"/x\"><img src=\"i.png\"></a></p>", "p[a(/x)[img(i.png)]]");
}

static void test_links_sanitised(void **state) {
    (void)state;
    expect("<p><a href=\"javascript:alert(1)\">js</a> <a href=\" JaVa\tScript:x\">js2</a> "
           "<a href=\"vbscript:x\">vb</a> <a href=\"data:text/html,x\">data</a> <a name=\"n\">"
           "anchor</a> <a href=\"mailto:a@b.c\">mail</a> <a href=\"#top\">top</a> "
           "<a href=\"rel/x\" onclick=\"evil()\">rel</a></p>",
           "p[\"js js2 vb data anchor \" a(mailto:a@b.c)[\"mail\"] \" \" a(#top)[\"top\"] \" \" "
           "a(rel/x)[\"rel\"]]");
    /* a link inside a link keeps its text only; a block inside a link splits it and
     * is reopened in each block */
    expect("<p><a href=\"/a\">x<span><a href=\"/b\">y</a></span></a></p>", "p[a(/a)[\"xy\"]]");
    expect("<a href=\"/card\"><div><h3>Title</h3><p>desc</p></div></a>",
           "h3#title[a(/card)[\"Title\"]] p[a(/card)[\"desc\"]]");
}

static void test_left_out(void **state) {
    (void)state;
    expect("<p>a<script>alert(1)</script><style>p{}</style><noscript>ns</noscript>"
           "<template>t</template><iframe src=\"x\">if</iframe><object>o</object>"
           "<embed src=\"e\"><svg><text>s</text></svg><canvas>c</canvas><audio>au</audio>"
           "<video>v</video>b<!-- comment --></p>",
           "p[\"ab\"]");
    expect("<form><input value=\"i\"><button>btn</button><select><option>o</option></select>"
           "<textarea>ta</textarea>label</form><p>kept</p>",
           "p[\"kept\"]");
    expect("<p>1<span hidden>h</span><span aria-hidden=\"true\">a</span>"
           "<span style=\"color:red; DISPLAY : none !important\">d</span>"
           "<span style=\"visibility:hidden\">v</span><span aria-hidden=\"false\">2</span></p>",
           "p[\"12\"]");
    /* a form wrapping the page (ASP.NET) keeps its prose */
    expect("<form><h1>T</h1><p>x</p><input name=\"q\"></form>", "h1#t[\"T\"] p[\"x\"]");
}

static void test_metadata(void **state) {
    (void)state;
    gl_doc *doc = read(
        "<html lang=\"pt-BR\"><head><title>\n  The   Title \n</title>"
        "<meta name=\"author\" content=\"Ann Lee and Bo Chen, Cy Dee\">"
        "<meta property=\"article:published_time\" content=\"2014-11-12T08:30:00+01:00\">"
        "<link rel=\"Canonical\" href=\"https://ex.org/story\">"
        "<meta property=\"og:url\" content=\"https://ex.org/og\">"
        "<meta property=\"og:description\" content=\"og desc\">"
        "<meta name=\"description\" content=\"Plain  desc\">"
        "<meta property=\"og:site_name\" content=\"Ex\">"
        "<meta property=\"og:title\" content=\"OG Title\"></head><body><p>x</p></body></html>");
    /* og:title wins over <title>, as in Readability (metadata.c) */
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "OG Title");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_TITLE), "og:title");
    assert_int_equal(gl_doc_author_count(doc), 3);
    assert_string_equal(gl_doc_author(doc, 1), "Bo Chen");
    assert_string_equal(gl_doc_meta(doc, GL_META_BYLINE), "Ann Lee, Bo Chen, Cy Dee");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_BYLINE), "meta author");
    assert_string_equal(gl_doc_meta(doc, GL_META_DATE), "2014-11-12T08:30:00+01:00");
    assert_string_equal(gl_doc_meta(doc, GL_META_DATE_TEXT), "2014-11-12T08:30:00+01:00");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_DATE), "article:published_time");
    assert_string_equal(gl_doc_meta(doc, GL_META_LANG), "pt-BR");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_LANG), "html lang");
    assert_string_equal(gl_doc_meta(doc, GL_META_URL), "https://ex.org/story");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_URL), "link canonical");
    assert_string_equal(gl_doc_meta(doc, GL_META_DESCRIPTION), "Plain desc");
    assert_string_equal(gl_doc_meta(doc, GL_META_SITE), "Ex");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_SITE), "og:site_name");
    gl_doc_free(doc);

    doc = read("<html xml:lang=\"fr\"><head><meta property=\"og:title\" content=\"OG\">"
               "<meta property=\"og:url\" content=\"https://ex.org/og\">"
               "<meta property=\"og:description\" content=\"og desc\">"
               "<meta property=\"article:published_time\" content=\"last Tuesday\">"
               "</head><body></body></html>");
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "OG");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_TITLE), "og:title");
    assert_string_equal(gl_doc_meta(doc, GL_META_LANG), "fr");
    assert_string_equal(gl_doc_meta(doc, GL_META_URL), "https://ex.org/og");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_URL), "og:url");
    assert_string_equal(gl_doc_meta(doc, GL_META_DESCRIPTION), "og desc");
    assert_null(gl_doc_meta(doc, GL_META_DATE));
    assert_string_equal(gl_doc_meta(doc, GL_META_DATE_TEXT), "last Tuesday");
    assert_null(gl_doc_meta(doc, GL_META_BYLINE));
    assert_string_equal(shape(doc), "");
    gl_doc_free(doc);

    doc = read("<head><meta http-equiv=\"Content-Language\" content=\"de, en\"></head>x");
    assert_string_equal(gl_doc_meta(doc, GL_META_LANG), "de");
    assert_string_equal(gl_doc_meta_source(doc, GL_META_LANG), "meta content-language");
    gl_doc_free(doc);
}

/* Through gl_read, which resolves links against the page's URL. */
static gl_doc *read_resolved(const char *html, const char *base_url) {
    gl_options opt = options();
    opt.base_url = base_url;
    gl_input in = {"test.html", "test.html", html, strlen(html)};
    gl_error err;
    gl_error_init(&err, "test.html");
    gl_doc *doc = NULL;
    if (gl_read(&doc, &in, NULL, &opt, &err) != GL_OK)
        fail_msg("gl_read: %s", err.message);
    check_valid(doc);
    return doc;
}

static void test_base_href(void **state) {
    (void)state;
    const char *page = "<html><head><base href=\"https://cdn.ex.org/a/\">"
                       "<link rel=\"canonical\" href=\"https://ex.org/story\"></head><body>"
                       "<p><a href=\"x.html\">x</a> <a href=\"#f\">f</a> <img src=\"i.png\"></p>"
                       "</body></html>";
    gl_doc *doc = read_resolved(page, NULL);
    assert_string_equal(shape(doc), "p[a(https://cdn.ex.org/a/x.html)[\"x\"] \" \" a(#f)[\"f\"] "
                                    "\" \" img(https://cdn.ex.org/a/i.png)]");
    gl_doc_free(doc);
    /* without <base>, the canonical URL is the base */
    doc = read_resolved("<html><head><link rel=\"canonical\" href=\"https://ex.org/s/t\">"
                        "</head><body><a href=\"x\">x</a></body></html>",
                        NULL);
    assert_string_equal(shape(doc), "p[a(https://ex.org/s/x)[\"x\"]]");
    gl_doc_free(doc);
    /* a relative <base> is resolved against the page's address first */
    doc = read_resolved("<head><base href=\"/sub/\"></head><a href=\"x\">x</a>",
                        "https://ex.org/dir/page.html");
    assert_string_equal(shape(doc), "p[a(https://ex.org/sub/x)[\"x\"]]");
    gl_doc_free(doc);
}

static void test_deep_nesting(void **state) {
    (void)state;
    size_t n = 100000;
    char *html = malloc(n * 5 + 16);
    for (size_t i = 0; i < n; i++)
        memcpy(html + i * 5, "<div>", 5);
    strcpy(html + n * 5, "deep");
    gl_options opt = options();
    gl_input in = {"deep.html", NULL, html, strlen(html)};
    gl_error err;
    gl_error_init(&err, "deep.html");
    gl_doc *doc = NULL;
    clock_t t = clock();
    assert_int_equal(gl_read_html(&doc, &in, &opt, &err), GL_ELIMIT);
    assert_true((double)(clock() - t) / CLOCKS_PER_SEC < 2.0);
    assert_null(doc);
    assert_non_null(strstr(err.message, "max_depth"));
    /* with the limit lifted the walk still uses no recursion */
    opt.max_depth = n + 10;
    gl_error_init(&err, "deep.html");
    doc = read_opt(html, strlen(html), &opt);
    assert_string_equal(shape(doc), "p[\"deep\"]");
    gl_doc_free(doc);
    /* deep inline nesting too */
    for (size_t i = 0; i < n / 2; i++)
        memcpy(html + i * 3, "<b>", 3);
    strcpy(html + n / 2 * 3, "x");
    doc = read_opt(html, strlen(html), &opt);
    check_valid(doc);
    gl_doc_free(doc);
    free(html);
}

static void test_node_limit(void **state) {
    (void)state;
    gl_options opt = options();
    opt.max_nodes = 10;
    gl_input in = {"t.html", NULL, "<p>1</p><p>2</p><p>3</p><p>4</p><p>5</p><p>6</p>", 48};
    gl_error err;
    gl_error_init(&err, "t.html");
    gl_doc *doc = NULL;
    assert_int_equal(gl_read_html(&doc, &in, &opt, &err), GL_ELIMIT);
    assert_non_null(strstr(err.message, "max_nodes"));
    assert_null(doc);
}

static void test_malformed(void **state) {
    (void)state;
    expect("<p>one<p>two</p></p><div><b>bold<i>both</b>it</i></div><ul><li>a<li>b</ul>",
           "p[\"one\"] p[\"two\"] p[b[\"bold\" em[\"both\"]] \"it\"] ul[li[p[\"a\"]] "
           "li[p[\"b\"]]]");
    expect("<table><tr><td>a<tr><td>b</table>", "table[tr[td[\"a\"]] tr[td[\"b\"]]]");
    expect("<em>a<div>b</div>c</em>", "p[em[\"a\"]] p[em[\"b\"]] p[em[\"c\"]]");
    expect("<html><body></body></html>", "");
    expect("   \n  ", "");
    expect("<h2>a<div>b</div><ul><li>c</li></ul></h2>", "h2#a-b-c[\"a b c\"]");
}

static void test_binary_junk(void **state) {
    (void)state;
    unsigned char junk[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    for (int round = 0; round < 4; round++) {
        if (round == 1)
            junk[0] = '<'; /* start as a tag */
        if (round == 2)
            memcpy(junk, "\xFF\xFE", 2); /* a UTF-16 BOM over junk */
        if (round == 3)
            memcpy(junk, "<table><tr><td><ul><li><pre>", 28);
        gl_options opt = options();
        gl_input in = {"junk", NULL, (const char *)junk, sizeof junk};
        gl_error err;
        gl_error_init(&err, "junk");
        gl_doc *doc = NULL;
        gl_status st = gl_read_html(&doc, &in, &opt, &err);
        if (st == GL_OK) {
            check_valid(doc);
            gl_doc_free(doc);
        } else {
            assert_null(doc);
            assert_true(err.message[0] != '\0');
        }
    }
}

static void test_fragment(void **state) {
    (void)state;
    gl_options opt = options();
    gl_doc *doc = NULL;
    gl_error err;
    gl_error_init(&err, "f.md");
    assert_int_equal(gl_doc_new(&doc, &opt, &err), GL_OK);
    gl_node *root = gl_doc_root_mut(doc);
    gl_input in = {"f.md", NULL, "", 0};
    const char *block = "<div><p>para <b>b</b></p><script>x()</script>\n"
                        "<a href=\"javascript:x\">t</a></div>";
    assert_int_equal(gl_html_map_fragment(doc, root, block, strlen(block), &in, 10, &opt, &err),
                     GL_OK);
    assert_string_equal(shape(doc), "p[\"para \" b[\"b\"]] p[\"t\"]");
    assert_non_null(strstr(warnings, "f.md:10: dropped <script> element"));
    /* under an inline container only inline content is kept */
    gl_node *p = gl_node_new(doc, GL_NODE_PARAGRAPH);
    gl_node_append(root, p);
    gl_node_append_text(doc, p, "before", 6);
    const char *inl = " <em>x</em><p>para</p><ul><li>li</li></ul><img src=\"i.png\">";
    assert_int_equal(gl_html_map_fragment(doc, p, inl, strlen(inl), &in, 1, &opt, &err), GL_OK);
    assert_string_equal(shape(doc), "p[\"para \" b[\"b\"]] p[\"t\"] p[\"before\" em[\"x\"] "
                                    "\" para li \" img(i.png)]");
    /* a fragment under a link keeps no nested link */
    gl_node *a = gl_node_new(doc, GL_NODE_LINK);
    gl_node_set_url(doc, a, "/out", 4);
    gl_node_append(p, a);
    const char *nested = "<a href=\"/in\">in</a>";
    assert_int_equal(gl_html_map_fragment(doc, a, nested, strlen(nested), &in, 1, &opt, &err),
                     GL_OK);
    const char *s = shape(doc);
    assert_non_null(strstr(s, "a(/out)[\"in\"]"));
    /* the fragment's script at the start lands in libxml2's <head>: dropped, said */
    warnings[0] = '\0';
    const char *head = "<script>evil()</script><p>after</p>";
    assert_int_equal(gl_html_map_fragment(doc, root, head, strlen(head), &in, 5, &opt, &err),
                     GL_OK);
    assert_non_null(strstr(warnings, "dropped <script>"));
    check_valid(doc);
    gl_doc_free(doc);
}

/* Each allocation failing in turn: GL_ENOMEM every time, never a crash or
 * a leak (unit_kit.c). */
static void test_allocation_failure(void **state) {
    (void)state;
    const char *html = "<html lang=en><head><title>T</title><meta name=author content=\"A and B\">"
                       "</head><body><h1>Head</h1><h1>Head</h1><p>x <em>y</em> <code>c</code>"
                       "</p><ul><li>i</li></ul><table><tr><td>1</td></tr></table>"
                       "<pre>p</pre><img src=a.png></body></html>";
    gl_options opt = options();
    gl_input in = {"t.html", NULL, html, strlen(html)};
    assert_true(uk_fail_each_read(gl_read_html, &in, &opt) > 4);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headings_and_ids),   cmocka_unit_test(test_paragraphs_and_whitespace),
        cmocka_unit_test(test_inline_formats),     cmocka_unit_test(test_lists),
        cmocka_unit_test(test_blockquote_pre_hr),  cmocka_unit_test(test_tables),
        cmocka_unit_test(test_figures_and_images), cmocka_unit_test(test_links_sanitised),
        cmocka_unit_test(test_left_out),           cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_base_href),          cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_node_limit),         cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_binary_junk),        cmocka_unit_test(test_fragment),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
