/* The EPUB writer on hand-built documents: the archive's layout (read back
 * with libzip), the package metadata, reproducible bytes, images (local,
 * remote, missing, outside the folder, not an image), links that cannot
 * work in a book, the date helper, and a sink that refuses bytes. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <zip.h>
#include "galley/galley.h"
#include "util/date.h"
#include "util/buf.h"
#include "util/sink.h"
#include "writers/epub.h"
#include "writers/writers.h"
#include "../tools/testkit.h"
#include "../tools/zipkit.h"

static gl_node *para(gl_doc *doc, const char *s) {
    gl_node *p = tk_add(doc, gl_doc_root_mut(doc), GL_NODE_PARAGRAPH);
    assert_int_equal(gl_node_append_text(doc, p, s, strlen(s)), GL_OK);
    return p;
}

static gl_node *image(gl_doc *doc, gl_node *p, const char *url, const char *alt) {
    gl_node *img = tk_add(doc, p, GL_NODE_IMAGE);
    assert_int_equal(gl_node_set_url(doc, img, url, strlen(url)), GL_OK);
    assert_int_equal(gl_node_set_text(doc, img, alt, strlen(alt)), GL_OK);
    return img;
}

static gl_node *add_link(gl_doc *doc, gl_node *p, const char *url, const char *text) {
    gl_node *a = tk_add(doc, p, GL_NODE_LINK);
    assert_int_equal(gl_node_set_url(doc, a, url, strlen(url)), GL_OK);
    assert_int_equal(gl_node_append_text(doc, a, text, strlen(text)), GL_OK);
    return a;
}

static gl_doc *article(void) {
    gl_doc *doc = tk_doc_new();
    tk_set_meta(doc, GL_META_TITLE, "Tom & Jerry <live>");
    tk_set_meta(doc, GL_META_DATE, "2014-11-12T10:00:00+03:00");
    tk_set_meta(doc, GL_META_LANG, "en");
    tk_set_meta(doc, GL_META_URL, "https://example.com/a");
    assert_int_equal(gl_doc_add_author(doc, "Ann Lee", 7, "test"), GL_OK);
    gl_node *h = tk_add(doc, gl_doc_root_mut(doc), GL_NODE_HEADING);
    h->level = 2;
    assert_int_equal(gl_node_append_text(doc, h, "Part one", 8), GL_OK);
    para(doc, "Hello.");
    return doc;
}

/* Warnings collected as one string, each ending in a newline. */
static void collect_warning(void *userdata, const char *file, unsigned long line,
                            const char *message) {
    (void)file;
    (void)line;
    gl_buf_puts(userdata, message);
    gl_buf_putc(userdata, '\n');
}

typedef struct book {
    gl_buf bytes;
    gl_buf warnings;
} book;

static gl_status write_book(book *b, const gl_doc *doc, gl_options *opt) {
    gl_buf_init(&b->bytes, NULL, 0);
    gl_buf_init(&b->warnings, NULL, 0);
    opt->warn = collect_warning;
    opt->warn_userdata = &b->warnings;
    gl_sink sink = {gl_sink_buf_write, &b->bytes};
    gl_error err;
    gl_error_init(&err, NULL);
    return gl_write_epub(doc, &sink, opt, &err);
}

static void book_free(book *b) {
    gl_buf_free(&b->bytes);
    gl_buf_free(&b->warnings);
}

static zip_t *open_zip(const book *b) { return tk_zip_open(b->bytes.data, b->bytes.len); }

static void assert_contains(const char *hay, const char *needle) {
    if (!strstr(hay, needle))
        fail_msg("expected %s in:\n%s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle) {
    if (strstr(hay, needle))
        fail_msg("did not expect %s in:\n%s", needle, hay);
}

static void test_layout_and_metadata(void **state) {
    (void)state;
    gl_doc *doc = article();
    gl_options opt;
    gl_options_init(&opt);
    opt.source_date_epoch = 1700000000;
    book b;
    assert_int_equal(write_book(&b, doc, &opt), GL_OK);
    /* The mimetype entry: first, stored, no extra field (OCF §4.3), so the
     * name starts at byte 30 and the content right after it. */
    assert_memory_equal(b.bytes.data, "PK\3\4", 4);
    assert_int_equal(b.bytes.data[8], 0);  /* method: stored */
    assert_int_equal(b.bytes.data[28], 0); /* extra field length */
    assert_memory_equal(b.bytes.data + 30, "mimetypeapplication/epub+zip", 28);

    zip_t *z = open_zip(&b);
    assert_string_equal(zip_get_name(z, 0, 0), "mimetype");
    char *container = tk_zip_entry(z, "META-INF/container.xml");
    assert_contains(container, "full-path=\"EPUB/package.opf\"");
    char *opf = tk_zip_entry(z, "EPUB/package.opf");
    /* uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/a") in Python. */
    assert_contains(opf, "urn:uuid:6639460f-3425-5329-8097-a58f06127860");
    assert_contains(opf, "<dc:title>Tom &amp; Jerry &lt;live&gt;</dc:title>");
    assert_contains(opf, "<dc:creator>Ann Lee</dc:creator>");
    assert_contains(opf, "<dc:date>2014-11-12</dc:date>");
    assert_contains(opf, "<dc:language>en</dc:language>");
    assert_contains(opf, "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>");
    assert_contains(opf, "properties=\"nav\"");
    char *nav = tk_zip_entry(z, "EPUB/nav.xhtml");
    assert_contains(nav, "<a href=\"ch001.xhtml#part-one\">Part one</a>");
    char *ncx = tk_zip_entry(z, "EPUB/toc.ncx");
    assert_contains(ncx, "content=\"urn:uuid:6639460f-3425-5329-8097-a58f06127860\"");
    char *ch = tk_zip_entry(z, "EPUB/ch001.xhtml");
    assert_contains(ch, "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>");
    assert_contains(ch, "<h2 id=\"part-one\">Part one</h2>");
    assert_lacks(ch, "<style>");
    free(container);
    free(opf);
    free(nav);
    free(ncx);
    free(ch);
    zip_close(z);
    book_free(&b);
    gl_doc_free(doc);
}

/* The contents list a heading's words as one line: a form feed is white
 * space there as in HTML and CommonMark, not a character XML drops
 * ("FooBar" before tree/text.c). */
static void test_contents_white_space(void **state) {
    (void)state;
    gl_doc *doc = article();
    gl_node *h = tk_add(doc, gl_doc_root_mut(doc), GL_NODE_HEADING);
    h->level = 2;
    tk_append_text(doc, h, "\n Foo\fBar \t");
    gl_options opt;
    gl_options_init(&opt);
    book b;
    assert_int_equal(write_book(&b, doc, &opt), GL_OK);
    zip_t *z = open_zip(&b);
    char *nav = tk_zip_entry(z, "EPUB/nav.xhtml");
    assert_contains(nav, "\">Foo Bar</a>");
    free(nav);
    zip_close(z);
    book_free(&b);
    gl_doc_free(doc);
}

static void test_reproducible(void **state) {
    (void)state;
    gl_doc *doc = article();
    gl_options opt;
    gl_options_init(&opt);
    book a, b, c;
    assert_int_equal(write_book(&a, doc, &opt), GL_OK);
    assert_int_equal(write_book(&b, doc, &opt), GL_OK);
    assert_int_equal(a.bytes.len, b.bytes.len);
    assert_memory_equal(a.bytes.data, b.bytes.data, a.bytes.len);
    /* Without SOURCE_DATE_EPOCH the article's date (in UTC) dates the book. */
    zip_t *z = open_zip(&a);
    char *opf = tk_zip_entry(z, "EPUB/package.opf");
    assert_contains(opf, "dcterms:modified\">2014-11-12T07:00:00Z<");
    free(opf);
    zip_close(z);
    opt.source_date_epoch = 1700000000;
    assert_int_equal(write_book(&c, doc, &opt), GL_OK);
    assert_true(c.bytes.len != a.bytes.len || memcmp(c.bytes.data, a.bytes.data, a.bytes.len));
    book_free(&a);
    book_free(&b);
    book_free(&c);
    gl_doc_free(doc);
}

static void test_undated_unknown_language(void **state) {
    (void)state;
    gl_doc *doc = tk_doc_new();
    para(doc, "Nothing known.");
    gl_options opt;
    gl_options_init(&opt);
    book b;
    assert_int_equal(write_book(&b, doc, &opt), GL_OK);
    zip_t *z = open_zip(&b);
    char *opf = tk_zip_entry(z, "EPUB/package.opf");
    assert_contains(opf, "<dc:language>und</dc:language>");
    assert_contains(opf, "<dc:title>Untitled</dc:title>");
    assert_contains(opf, "dcterms:modified\">1980-01-01T00:00:00Z<");
    assert_contains(opf, "urn:uuid:");
    free(opf);
    zip_close(z);
    book_free(&b);
    gl_doc_free(doc);
}

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};

static void write_file(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_images(void **state) {
    (void)state;
    char dir[] = "/tmp/galley-epub-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], sub[256], outside[256], input[256], text_file[256];
    snprintf(sub, sizeof sub, "%s/in", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/in/a b.png", dir);
    write_file(path, png, sizeof png);
    snprintf(outside, sizeof outside, "%s/secret.png", dir);
    write_file(outside, png, sizeof png);
    snprintf(text_file, sizeof text_file, "%s/in/notes.png", dir);
    write_file(text_file, "not an image", 12);
    snprintf(input, sizeof input, "%s/in/article.md", dir);

    gl_doc *doc = tk_doc_new();
    gl_node *p = para(doc, "Pictures: ");
    image(doc, p, "a%20b.png", "local");
    image(doc, p, "./a b.png?x=1", "same again");
    image(doc, p, "https://example.com/x.png", "remote alt");
    image(doc, p, "missing.png", "missing alt");
    image(doc, p, "../secret.png", "outside alt");
    image(doc, p, "notes.png", "text alt");
    gl_options opt;
    gl_options_init(&opt);
    opt.source_path = input;
    book b;
    assert_int_equal(write_book(&b, doc, &opt), GL_OK);
    zip_t *z = open_zip(&b);
    char *opf = tk_zip_entry(z, "EPUB/package.opf");
    assert_contains(opf, "<item id=\"img1\" href=\"img1.png\" media-type=\"image/png\"/>");
    assert_lacks(opf, "img2");
    char *ch = tk_zip_entry(z, "EPUB/ch001.xhtml");
    assert_contains(ch, "<img src=\"img1.png\" alt=\"local\"/>");
    assert_contains(ch, "<img src=\"img1.png\" alt=\"same again\"/>");
    assert_contains(ch, "remote alt");
    assert_contains(ch, "missing alt");
    assert_contains(ch, "outside alt");
    assert_contains(ch, "text alt");
    assert_lacks(ch, "example.com");
    char *img = tk_zip_entry(z, "EPUB/img1.png");
    assert_memory_equal(img, png, sizeof png);
    const char *w = gl_buf_cstr(&b.warnings);
    assert_contains(w, "'https://example.com/x.png' is not a local file");
    assert_contains(w, "'missing.png' is not found");
    assert_contains(w, "'../secret.png' is outside the input's folder");
    assert_contains(w, "'notes.png' cannot be embedded (not a PNG, JPEG, GIF, WebP or SVG image)");
    free(opf);
    free(ch);
    free(img);
    zip_close(z);
    book_free(&b);

    /* Without the input's path no local file is read. */
    opt.source_path = NULL;
    assert_int_equal(write_book(&b, doc, &opt), GL_OK);
    z = open_zip(&b);
    opf = tk_zip_entry(z, "EPUB/package.opf");
    assert_lacks(opf, "img1");
    free(opf);
    zip_close(z);
    book_free(&b);
    gl_doc_free(doc);
    unlink(path);
    unlink(outside);
    unlink(text_file);
    rmdir(sub);
    rmdir(dir);
}

static void test_links(void **state) {
    (void)state;
    gl_doc *doc = article();
    gl_node *p = para(doc, "Links: ");
    add_link(doc, p, "https://example.com/ok", "web");
    add_link(doc, p, "other.html", "relative");
    add_link(doc, p, "//cdn.example/x", "protocol-relative");
    add_link(doc, p, "#part-one", "inside");
    add_link(doc, p, "#nowhere", "broken");
    add_link(doc, p, "javascript:alert(1)", "script");
    gl_options opt;
    gl_options_init(&opt);
    book b;
    assert_int_equal(write_book(&b, doc, &opt), GL_OK);
    zip_t *z = open_zip(&b);
    char *ch = tk_zip_entry(z, "EPUB/ch001.xhtml");
    assert_contains(ch, "<a href=\"https://example.com/ok\">web</a>");
    assert_contains(ch, "<a href=\"#part-one\">inside</a>");
    assert_lacks(ch, "other.html");
    assert_lacks(ch, "cdn.example");
    assert_lacks(ch, "#nowhere");
    assert_lacks(ch, "javascript");
    assert_contains(ch, "relative");
    assert_contains(ch, "broken");
    free(ch);
    zip_close(z);
    book_free(&b);
    gl_doc_free(doc);
}

static void test_dates(void **state) {
    (void)state;
    long long t;
    assert_true(gl_iso_date_epoch("1970-01-01", &t));
    assert_int_equal(t, 0);
    assert_true(gl_iso_date_epoch("2014-11-12T10:00:00+03:00", &t));
    assert_int_equal(t, 1415775600);
    assert_true(gl_iso_date_epoch("2014-11-12T07:00Z", &t));
    assert_int_equal(t, 1415775600);
    assert_true(gl_iso_date_epoch("2014", &t));
    assert_int_equal(t, 1388534400);
    assert_false(gl_iso_date_epoch("2014-13-01", &t));
    assert_false(gl_iso_date_epoch("November 12, 2014", &t));
    assert_false(gl_iso_date_epoch("2014-11-12T10:00:00 junk", &t));
}

static gl_status refuse(void *userdata, const char *bytes, size_t len) {
    (void)userdata;
    (void)bytes;
    (void)len;
    return GL_EIO;
}

static void test_sink_refuses(void **state) {
    (void)state;
    gl_doc *doc = article();
    gl_sink sink = {refuse, NULL};
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(gl_write_epub(doc, &sink, NULL, &err), GL_ESINK);
    assert_string_equal(err.message, "cannot write the output");
    gl_doc_free(doc);
}

/* The temporary files go to $TMPDIR (else /tmp), and a failure there names
 * the folder and the reason (issue 14 item 8: tmpfile() ignored TMPDIR and
 * said only "No space left on device"). A full file system cannot be made
 * without privileges in every CI container; RLIMIT_FSIZE makes the kernel
 * refuse the writes all the same, on the path a full disk takes (EFBIG,
 * "File too large", where a full disk gives ENOSPC). */
static void test_temporary_folder(void **state) {
    (void)state;
    const char *was = getenv("TMPDIR");
    char *saved = was ? strdup(was) : NULL;
    gl_doc *doc = article();
    gl_buf out;
    gl_buf_init(&out, NULL, 0);
    gl_sink sink = {gl_sink_buf_write, &out};
    gl_error err;
    gl_error_init(&err, NULL);
    assert_int_equal(setenv("TMPDIR", "/nonexistent/galley-tmp", 1), 0);
    assert_int_equal(gl_write_epub(doc, &sink, NULL, &err), GL_EIO);
    assert_string_equal(err.message, "cannot create the EPUB's temporary file in "
                                     "/nonexistent/galley-tmp (TMPDIR): No such file or directory");

    char dir[] = "/tmp/gl-epub-tmp-XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(setenv("TMPDIR", dir, 1), 0);
    gl_doc *big = tk_doc_new();
    gl_buf words;
    gl_buf_init(&words, NULL, 0);
    for (int i = 0; i < 100000; i++)
        gl_buf_puts(&words, "words ");
    para(big, gl_buf_cstr(&words));
    gl_buf_free(&words);
    struct rlimit lim, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &lim), 0);
    small = lim;
    small.rlim_cur = 64 * 1024;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    gl_error_init(&err, NULL);
    gl_status st = gl_write_epub(big, &sink, NULL, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    signal(SIGXFSZ, prev);
    assert_int_equal(st, GL_EIO);
    char want[256];
    snprintf(want, sizeof want, "cannot write the EPUB's temporary file in %s (TMPDIR): %s", dir,
             strerror(EFBIG));
    assert_string_equal(err.message, want);
    /* without the limit it goes through, and leaves nothing in the folder */
    gl_buf_clear(&out);
    gl_error_init(&err, NULL);
    assert_int_equal(gl_write_epub(big, &sink, NULL, &err), GL_OK);
    assert_int_equal(rmdir(dir), 0);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
    gl_buf_free(&out);
    gl_doc_free(big);
    gl_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_and_metadata),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_contents_white_space),
        cmocka_unit_test(test_undated_unknown_language),
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_sink_refuses),
        cmocka_unit_test(test_temporary_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
