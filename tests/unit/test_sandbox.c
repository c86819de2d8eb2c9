/* Nothing leaks out of a conversion (issue 8): no entity or DTD is loaded,
 * only allowlisted URLs survive either reader, no base turns a relative link
 * into a local file's URL, XHTML and EPUB carry no active content, and the
 * EPUB writer embeds no file outside the input's folder (absolute paths,
 * "../", symlinks). */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <zip.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/sink.h"
#include "util/url.h"
#include "../tools/zipkit.h"

static void on_warn(void *userdata, const char *file, unsigned long line, const char *message) {
    (void)file;
    gl_buf_printf(userdata, "%lu: %s\n", line, message);
}

static gl_doc *read_doc(const char *format, const char *text, gl_options *opt) {
    gl_input in = {"hostile", NULL, text, strlen(text)};
    gl_error err;
    gl_error_init(&err, "hostile");
    gl_doc *doc = NULL;
    if (gl_read(&doc, &in, gl_reader_by_name(format), opt, &err) != GL_OK)
        fail_msg("read failed: %s", err.message);
    gl_error verr;
    gl_error_init(&verr, NULL);
    if (gl_doc_validate(doc, &verr) != GL_OK)
        fail_msg("invalid tree: %s", verr.message);
    return doc;
}

/* The writer's output, malloc'd and NUL-terminated. */
static char *render(const gl_doc *doc, const char *writer, const gl_options *opt, size_t *len) {
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    gl_error err;
    gl_error_init(&err, NULL);
    if (gl_write(gl_writer_by_name(writer), doc, &sink, opt, &err) != GL_OK)
        fail_msg("%s writer failed: %s", writer, err.message);
    size_t n;
    char *s = gl_buf_detach(&out, &n);
    if (len)
        *len = n;
    return s ? s : strdup("");
}

static void assert_lacks(const char *hay, const char *needle) {
    if (strstr(hay, needle))
        fail_msg("'%s' leaked into:\n%s", needle, hay);
}

/* Every link and image URL in the tree, one a line. */
static void collect_urls(const gl_doc *doc, gl_buf *b) {
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (it.event == GL_EVENT_ENTER && n->url)
            gl_buf_printf(b, "%s %s\n", gl_node_type_name(n->type), n->url);
    }
}

static void test_no_entities_or_dtd(void **state) {
    (void)state;
    static const char *const pages[] = {
        "<!DOCTYPE html [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        "<html><body><p>a&xxe;b</p></body></html>",
        "<!DOCTYPE html SYSTEM \"file:///etc/passwd\"><html><body><p>a&xxe;b</p></body></html>",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"http://127.0.0.1:9/x.dtd\">"
        "<p>a&nbsp;b</p>",
        "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY a \"&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY b \"&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY c \"lol\">]><p>&a;</p>",
        "<p><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\" "
        "parse=\"text\"/></p>",
    };
    gl_options opt;
    gl_options_init(&opt);
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        gl_doc *doc = read_doc("html", pages[i], &opt);
        char *text = render(doc, "text", &opt, NULL);
        assert_lacks(text, "root:");
        assert_lacks(text, "lollol");
        free(text);
        gl_doc_free(doc);
        /* the same as raw HTML inside Markdown */
        size_t n = strlen(pages[i]) + 8;
        char *md = malloc(n);
        snprintf(md, n, "x\n\n%s\n", pages[i]);
        doc = read_doc("markdown", md, &opt);
        text = render(doc, "text", &opt, NULL);
        assert_lacks(text, "root:");
        free(text);
        free(md);
        gl_doc_free(doc);
    }
}

/* A DOCTYPE's internal subset shows nothing (issue 14 item 8): libxml2 2.9
 * ends the DOCTYPE at the first '>' and would print the rest as text. */
static void test_doctype_subset_shows_nothing(void **state) {
    (void)state;
    static const char *const pages[][2] = {
        {"<!DOCTYPE html [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n<p>Body</p>", "Body"},
        {"<!DOCTYPE html PUBLIC \"-//x//EN\" [\n<!ENTITY a \"x]>y\">\n<!-- ]> -->\n%p;\n]>\n"
         "<p>Body</p>",
         "Body"},
        {"<!doctype html [<!ENTITY x \"y\"> <p>Body</p>", "Body"},
        {"<p>Body</p><!DOCTYPE x [<!ENTITY y SYSTEM \"/etc/passwd\">]><p>More</p>", "Body\n\nMore"},
    };
    gl_options opt;
    gl_options_init(&opt);
    opt.whole_page = true;
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        gl_doc *doc = read_doc("html", pages[i][0], &opt);
        char *text = render(doc, "text", &opt, NULL);
        size_t n = strlen(text);
        if (n != strlen(pages[i][1]) + 1 || strncmp(text, pages[i][1], n - 1) != 0)
            fail_msg("page %zu gives:\n%s", i, text);
        free(text);
        if (i == 1) /* the subset's newlines stay: <p> is on line 6 */
            assert_int_equal(gl_doc_root(doc)->first_child->line, 6);
        gl_doc_free(doc);
    }
    gl_doc *doc =
        read_doc("markdown",
                 "x\n\n<!DOCTYPE html [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n", &opt);
    char *text = render(doc, "text", &opt, NULL);
    assert_string_equal(text, "x\n");
    free(text);
    gl_doc_free(doc);
}

/* The first link's URL in the tree. */
static const char *first_url(const gl_doc *doc) {
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE)
        if (it.event == GL_EVENT_ENTER && it.node->type == GL_NODE_LINK)
            return it.node->url;
    return NULL;
}

/* HTML5 named references are decoded as browsers decode them, where
 * libxml2 2.9 would not (issue 14 item 8): names it lacks, the legacy
 * names without ';' (not before '=' or an alphanumeric in an attribute),
 * &lang; and &rang; as HTML5 has them; &amp;colon; stays "&colon;". */
static void test_html5_references(void **state) {
    (void)state;
    gl_options opt;
    gl_options_init(&opt);
    opt.whole_page = true;
    const char *page =
        "<html><head><title>A &colon; B</title></head><body><p>a&colon;b &Tab;c&lpar;d&rpar; "
        "&sol;&period;&comma; &copy 2020 &amp;colon; &notit; &notin; &ampx &lang;&rang; "
        "&NotEqualTilde; &AMP;&LT;b&GT; &fjlig;&#x3A;</p>"
        "<p><a href=\"http://x.example/?a=1&copy=2&not_x&lang;&ampy&NewLine;\">l</a></p></body>"
        "</html>";
    gl_doc *doc = read_doc("html", page, &opt);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "A : B");
    char *text = render(doc, "text", &opt, NULL);
    assert_non_null(strstr(text, "a:b c(d) /., \xC2\xA9 2020 &colon; \xC2\xACit; \xE2\x88\x89 &x "
                                 "\xE2\x9F\xA8\xE2\x9F\xA9 \xE2\x89\x82\xCC\xB8 &<b> fj:\n"));
    free(text);
    /* the URL is trimmed as browsers trim it: the decoded &NewLine; goes */
    assert_string_equal(first_url(doc), "http://x.example/?a=1&copy=2\xC2\xAC_x\xE2\x9F\xA8&ampy");
    gl_doc_free(doc);
    /* Markdown's raw <a href> decodes the same way, numeric references
     * without ';' too */
    doc = read_doc(
        "markdown",
        "<a href=\"http://x.example/?a=1&copy=2&not_x&lang;&#x41&#66;&#0000067;\">l</a>\n", &opt);
    assert_string_equal(first_url(doc), "http://x.example/?a=1&copy=2\xC2\xAC_x\xE2\x9F\xA8"
                                        "ABC");
    gl_doc_free(doc);
}

/* Numeric references as a browser reads them (HTML §13.2.5.80): the C1
 * controls 0x80-0x9F that windows-1252 gives a character are that
 * character ("you&#146;re" was "youre": libxml2 2.9 gives U+0092, a
 * control no output shows), decimal or hex, with or without ';', in text
 * and attributes; 0, a surrogate and a value past U+10FFFF are U+FFFD; the
 * five controls windows-1252 leaves undefined stay. */
static void test_numeric_references(void **state) {
    (void)state;
    gl_options opt;
    gl_options_init(&opt);
    opt.whole_page = true;
    const char *page = "<html><head><title>It&#146;s</title></head><body><p>you&#146;re "
                       "&#x93;q&#x94; &#150 &#128; &#x9f; &#0; &#xD800; &#x110000; &#129; "
                       "&#8217;</p></body></html>";
    gl_doc *doc = read_doc("html", page, &opt);
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "It\xE2\x80\x99s");
    char *text = render(doc, "text", &opt, NULL);
    assert_non_null(strstr(text, "you\xE2\x80\x99re \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x93 "
                                 "\xE2\x82\xAC \xC5\xB8 \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD"));
    assert_non_null(strstr(text, "\xE2\x80\x99\n"));
    free(text);
    gl_doc_free(doc);
}

static const char *const refused[] = {
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "vbscript:msgbox(1)",  "file:///etc/passwd",  "FILE:/etc/passwd",     "data:text/html,<b>x</b>",
    "ftp://example.com/x", "chrome://settings",   "about:blank",
};
static const char *const kept[] = {
    "http://example.com/a",
    "https://example.com/b",
    "mailto:a@example.com",
    "rel/c.html",
    "#frag",
    "/root/d",
    "//example.com/e",
};

static void test_url_allowlist(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_false(gl_url_allowed(refused[i], strlen(refused[i]), false));
        assert_false(gl_url_allowed(refused[i], strlen(refused[i]), true));
    }
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        assert_true(gl_url_allowed(kept[i], strlen(kept[i]), false));
    assert_true(gl_url_allowed("data:image/png;base64,AA", 24, true));
    assert_true(gl_url_allowed("DATA:image/JPEG;base64,AA", 25, true));
    assert_false(gl_url_allowed("data:image/png;base64,AA", 24, false));
    assert_false(gl_url_allowed("data:image/svg+xml,<svg/>", 25, true));
    assert_false(gl_url_allowed("mailto:a@b", 10, true));
}

/* Each refused URL as a link and an image, in both readers: none survives
 * into the tree, each link's text does; each kept URL stays. */
static void test_readers_drop_unsafe_urls(void **state) {
    (void)state;
    gl_options opt;
    gl_options_init(&opt);
    gl_buf md, html, urls;
    gl_buf_init(&md, NULL, 0);
    gl_buf_init(&html, NULL, 0);
    gl_buf_init(&urls, NULL, 0);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        gl_buf_printf(&md, "[bad%zu](<%s>) ![badimg%zu](<%s>) <a href=\"%s\">raw%zu</a>\n\n", i,
                      refused[i], i, refused[i], refused[i], i);
        gl_buf_printf(&html, "<p><a href=\"%s\">bad%zu</a> <img src=\"%s\" alt=\"badimg%zu\"></p>",
                      refused[i], i, refused[i], i);
    }
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        gl_buf_printf(&md, "[ok%zu](<%s>)\n\n", i, kept[i]);
        gl_buf_printf(&html, "<p><a href=\"%s\">ok%zu</a></p>", kept[i], i);
    }
    gl_buf_puts(&md, "![png](data:image/png;base64,iVBORw0KGgo=)\n");
    gl_buf_puts(&html, "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"png\"></p>");
    const char *formats[] = {"markdown", "html"};
    const gl_buf *inputs[] = {&md, &html};
    for (int f = 0; f < 2; f++) {
        gl_doc *doc = read_doc(formats[f], gl_buf_cstr(inputs[f]), &opt);
        gl_buf_clear(&urls);
        collect_urls(doc, &urls);
        const char *u = gl_buf_cstr(&urls);
        char *lower = strdup(u);
        for (char *c = lower; *c; c++)
            *c = *c >= 'A' && *c <= 'Z' ? (char)(*c + 32) : *c;
        static const char *const schemes[] = {"script", "file:",   "data:text",
                                              "ftp:",   "chrome:", "about:"};
        for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
            assert_lacks(lower, schemes[i]);
        free(lower);
        for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
            if (!strstr(u, kept[i]))
                fail_msg("%s: '%s' was dropped:\n%s", formats[f], kept[i], u);
        assert_non_null(strstr(u, "data:image/png;base64"));
        char *text = render(doc, "text", &opt, NULL);
        assert_non_null(strstr(text, "bad3"));
        assert_lacks(text, "javascript:");
        assert_lacks(text, "file:");
        free(text);
        gl_doc_free(doc);
    }
    gl_buf_free(&md);
    gl_buf_free(&html);
    gl_buf_free(&urls);
}

/* A base (<base href>, a canonical URL, front matter's url) that is not a
 * web address resolves nothing. */
static void test_base_never_makes_local_urls(void **state) {
    (void)state;
    gl_options opt;
    gl_options_init(&opt);
    const char *pages[][2] = {
        {"html", "<html><head><base href=\"file:///etc/\"></head><body><p><a href=\"passwd\">p</a> "
                 "<img src=\"shadow\" alt=\"s\"></p></body></html>"},
        {"html", "<html><head><link rel=\"canonical\" href=\"javascript:alert(1)//\"></head><body>"
                 "<p><a href=\"x\">p</a></p></body></html>"},
        {"markdown", "---\nurl: file:///etc/\n---\n[p](passwd) ![s](shadow)\n"},
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        gl_doc *doc = read_doc(pages[i][0], pages[i][1], &opt);
        gl_buf urls;
        gl_buf_init(&urls, NULL, 0);
        collect_urls(doc, &urls);
        assert_lacks(gl_buf_cstr(&urls), "file:");
        assert_lacks(gl_buf_cstr(&urls), "javascript:");
        gl_buf_free(&urls);
        gl_doc_free(doc);
    }
    /* a caller's file: base is ignored as well */
    opt.base_url = "file:///etc/";
    gl_doc *doc = read_doc("markdown", "[p](passwd)\n", &opt);
    assert_string_equal(gl_doc_root(doc)->first_child->first_child->url, "passwd");
    gl_doc_free(doc);
}

static const char active_html[] =
    "<html><body><p onclick=\"steal()\" style=\"x\">text <a href=\"http://a.example/\" "
    "onmouseover=\"steal()\">link</a> <img src=\"http://a.example/i.png\" onerror=\"steal()\" "
    "alt=\"img\"></p><script>steal()</script><iframe src=\"http://evil.example/\"></iframe>"
    "<object data=\"x.swf\"></object><embed src=\"x.swf\"><form action=\"http://evil.example/\">"
    "<input name=\"q\"><button formaction=\"javascript:steal()\">go</button></form>"
    "<svg><script>steal()</script></svg><math><mi xlink:href=\"javascript:steal()\">x</mi></math>"
    "<noscript><p>ns</p></noscript><style>p{}</style><meta http-equiv=\"refresh\" "
    "content=\"0;url=javascript:steal()\"><p><a href=\"javascript:steal()\">js</a></p>"
    "</body></html>";

static void assert_inert(const char *out) {
    static const char *const banned[] = {
        "<script", "onclick", "onerror", "onmouseover", "<iframe",     "<object",          "<embed",
        "<form",   "<input",  "<button", "steal()",     "javascript:", "<meta http-equiv", "<svg"};
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        assert_lacks(out, banned[i]);
}

static void test_outputs_inert(void **state) {
    (void)state;
    gl_options opt;
    gl_options_init(&opt);
    const char *md = "text <span onclick=\"steal()\">x</span> <script>steal()</script>\n\n"
                     "<iframe src=\"http://evil.example/\"></iframe>\n\n"
                     "<form action=\"x\"><input></form>\n\n[js](javascript:steal%28%29)\n";
    const char *inputs[][2] = {{"html", active_html}, {"markdown", md}};
    for (size_t i = 0; i < 2; i++) {
        gl_doc *doc = read_doc(inputs[i][0], inputs[i][1], &opt);
        char *x = render(doc, "xhtml", &opt, NULL);
        assert_inert(x);
        free(x);
        size_t len;
        char *epub = render(doc, "epub", &opt, &len);
        zip_t *z = tk_zip_open(epub, len);
        for (zip_int64_t k = 0; k < zip_get_num_entries(z, 0); k++) {
            char *data = tk_zip_entry_at(z, (zip_uint64_t)k);
            /* The cover galley draws is an SVG of its own (writers/cover.c):
             * past its root element it must hold nothing active either. */
            const char *root = NULL;
            if (strcmp(zip_get_name(z, (zip_uint64_t)k, 0), "EPUB/cover.svg") == 0)
                root = strstr(data, "<svg");
            assert_inert(root ? root + 4 : data);
            free(data);
        }
        zip_close(z);
        free(epub);
        gl_doc_free(doc);
    }
}

/* ---- local files and the EPUB writer ---- */

static void write_file(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_epub_local_files_contained(void **state) {
    (void)state;
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0,   0, 0, 13,
                                        'I',  'H', 'D', 'R', 0,    0,    0,    1,    0,   0, 0, 1,
                                        8,    2,   0,   0,   0,    0x90, 0x77, 0x53, 0xDE};
    char dir[] = "/tmp/gl-sandbox-XXXXXX", p[256], in_dir[200], doc_path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(in_dir, sizeof in_dir, "%s/in", dir);
    assert_int_equal(mkdir(in_dir, 0700), 0);
    snprintf(p, sizeof p, "%s/secret.png", dir); /* outside the input's folder */
    write_file(p, png, sizeof png);
    snprintf(p, sizeof p, "%s/ok.png", in_dir);
    write_file(p, png, sizeof png);
    snprintf(p, sizeof p, "%s/link.png", in_dir); /* inside, pointing outside */
    assert_int_equal(symlink("../secret.png", p), 0);
    snprintf(p, sizeof p, "%s/passwd.png", in_dir);
    assert_int_equal(symlink("/etc/passwd", p), 0);
    snprintf(doc_path, sizeof doc_path, "%s/doc.md", in_dir);
    const char *md = "![ok](ok.png) ![abs](/etc/passwd) ![up](../secret.png) "
                     "![upup](../../../../../../etc/passwd) ![enc](%2e%2e/secret.png) "
                     "![link](link.png) ![pw](passwd.png) ![file](file:///etc/passwd) "
                     "![absdir](/tmp)\n";
    gl_options opt;
    gl_options_init(&opt);
    gl_buf warnings;
    gl_buf_init(&warnings, NULL, 0);
    opt.warn = on_warn;
    opt.warn_userdata = &warnings;
    gl_doc *doc = read_doc("markdown", md, &opt);
    opt.source_path = doc_path;
    size_t len;
    char *epub = render(doc, "epub", &opt, &len);
    zip_t *z = tk_zip_open(epub, len);
    /* one image only: ok.png; nothing else from the disk */
    zip_int64_t images = 0;
    for (zip_int64_t k = 0; k < zip_get_num_entries(z, 0); k++) {
        const char *name = zip_get_name(z, (zip_uint64_t)k, 0);
        images += strncmp(name, "EPUB/img", 8) == 0;
        char *data = tk_zip_entry_at(z, (zip_uint64_t)k);
        assert_lacks(data, "root:");
        free(data);
    }
    assert_int_equal(images, 1);
    zip_close(z);
    const char *w = gl_buf_cstr(&warnings);
    assert_non_null(strstr(w, "'../secret.png' is outside the input's folder"));
    assert_non_null(strstr(w, "'%2e%2e/secret.png' is outside the input's folder"));
    assert_non_null(strstr(w, "'link.png' is outside the input's folder"));
    assert_non_null(strstr(w, "'passwd.png' is outside the input's folder"));
    assert_non_null(strstr(w, "'../../../../../../etc/passwd' is outside the input's folder"));
    assert_lacks(w, "root:");
    free(epub);
    gl_doc_free(doc);
    gl_buf_free(&warnings);
    const char *names[] = {"in/ok.png", "in/link.png", "in/passwd.png", "secret.png", "in", ""};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        if (remove(p) != 0)
            fail_msg("cannot remove %s", p);
    }
}

/* Without the input's folder (standard input, a tree built in memory) the
 * XHTML and JSON writers keep a local image only when its path stays below
 * wherever the document is: no absolute path, no ".." out, no host
 * (issue 14 item 8). */
static void test_local_images_without_folder(void **state) {
    (void)state;
    gl_options opt;
    gl_options_init(&opt);
    gl_buf warnings;
    gl_buf_init(&warnings, NULL, 0);
    opt.warn = on_warn;
    opt.warn_userdata = &warnings;
    gl_doc *doc =
        read_doc("markdown",
                 "![k1](img/a.png) ![k2](a/../b.png) ![k3](https://x.example/c.png)\n\n"
                 "![d1](../x.png) ![d2](/etc/passwd) ![d3](a/../../x.png) "
                 "![d4](//host/x.png) ![d5](<\\\\host\\x.png>) ![d6](a/%2E%2e/..%2fx.png) "
                 "![d7](<..\\x.png>) ![d8](<\t/etc/passwd>)\n",
                 &opt);
    char *x = render(doc, "xhtml", &opt, NULL);
    char *j = render(doc, "json", &opt, NULL);
    const char *stay[] = {"img/a.png", "a/../b.png", "https://x.example/c.png"};
    for (size_t i = 0; i < 3; i++) {
        char want[64];
        snprintf(want, sizeof want, "src=\"%s\"", stay[i]);
        if (!strstr(x, want))
            fail_msg("'%s' dropped from:\n%s", stay[i], x);
        snprintf(want, sizeof want, "\"url\": \"%s\"", stay[i]);
        if (!strstr(j, want))
            fail_msg("'%s' dropped from:\n%s", stay[i], j);
    }
    for (int i = 1; i <= 8; i++) {
        char alt[8];
        snprintf(alt, sizeof alt, "d%d", i);
        assert_non_null(strstr(x, alt)); /* the alt text stays */
    }
    size_t imgs = 0;
    for (const char *p = x; (p = strstr(p, "<img")) != NULL; p++)
        imgs++;
    assert_int_equal(imgs, 3);
    assert_lacks(j, "passwd");
    assert_lacks(j, "host");
    assert_lacks(j, "x.png\"");
    size_t warned = 0;
    for (const char *p = gl_buf_cstr(&warnings); (p = strstr(p, "outside the input's folder")); p++)
        warned++;
    assert_int_equal(warned, 16); /* eight images, in each of two writers */
    free(x);
    free(j);
    gl_doc_free(doc);
    gl_buf_free(&warnings);
}

/* The header's source URL is a link only when it is a web address. */
static void test_header_url_link_only_when_web(void **state) {
    (void)state;
    static const char *const urls[] = {"/etc/passwd",        "\\\\host\\share", "//host/share",
                                       "file:///etc/passwd", "../x.html",       "javascript:x()"};
    gl_options opt;
    gl_options_init(&opt);
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        gl_doc *doc = read_doc("markdown", "text\n", &opt);
        assert_int_equal(gl_doc_set_meta(doc, GL_META_URL, urls[i], strlen(urls[i]), "test"),
                         GL_OK);
        char *x = render(doc, "xhtml", &opt, NULL);
        assert_non_null(strstr(x, "<p class=\"source\">"));
        assert_lacks(x, "href");
        free(x);
        size_t len;
        char *epub = render(doc, "epub", &opt, &len);
        zip_t *z = tk_zip_open(epub, len);
        char *ch = tk_zip_entry(z, "EPUB/ch001.xhtml");
        assert_non_null(strstr(ch, "<p class=\"source\">"));
        assert_lacks(strstr(ch, "<p class=\"source\">"), "<a ");
        free(ch);
        zip_close(z);
        free(epub);
        gl_doc_free(doc);
    }
    gl_doc *doc = read_doc("markdown", "---\nurl: https://example.com/a\n---\ntext\n", &opt);
    char *x = render(doc, "xhtml", &opt, NULL);
    assert_non_null(strstr(x, "<a href=\"https://example.com/a\">"));
    free(x);
    gl_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_entities_or_dtd),
        cmocka_unit_test(test_doctype_subset_shows_nothing),
        cmocka_unit_test(test_html5_references),
        cmocka_unit_test(test_numeric_references),
        cmocka_unit_test(test_url_allowlist),
        cmocka_unit_test(test_readers_drop_unsafe_urls),
        cmocka_unit_test(test_base_never_makes_local_urls),
        cmocka_unit_test(test_outputs_inert),
        cmocka_unit_test(test_epub_local_files_contained),
        cmocka_unit_test(test_local_images_without_folder),
        cmocka_unit_test(test_header_url_link_only_when_web),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
