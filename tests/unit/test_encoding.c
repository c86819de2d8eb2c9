/* Charset detection and decoding of HTML input (readers/encoding.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "readers/encoding.h"
#include "readers/readers.h"
#include "html_shape.h"
#include "../tools/testkit.h"

static char warnings[1024];
static tk_warning_text warning_text = {warnings, sizeof warnings};

static gl_options options(void) { return tk_options_collecting(&warning_text); }

/* Reads `len` bytes through gl_read (so its binary check runs too) as HTML,
 * and returns the shape of the valid tree. */
static const char *read_bytes(const char *bytes, size_t len, gl_doc **keep) {
    gl_options opt = options();
    gl_input in = {"t.html", "t.html", bytes, len};
    gl_error err;
    gl_error_init(&err, "t.html");
    gl_doc *doc = NULL;
    if (gl_read(&doc, &in, NULL, &opt, &err) != GL_OK)
        fail_msg("gl_read: %s", err.message);
    gl_error_init(&err, NULL);
    if (gl_doc_validate(doc, &err) != GL_OK)
        fail_msg("invalid tree: %s", err.message);
    const char *s = shape(doc);
    if (keep)
        *keep = doc;
    else
        gl_doc_free(doc);
    return s;
}

static const char *read_str(const char *s) { return read_bytes(s, strlen(s), NULL); }

static gl_charset detect(const char *s) {
    gl_charset cs;
    gl_charset_detect(s, strlen(s), &cs);
    return cs;
}

static void test_labels(void **state) {
    (void)state;
    char name[48];
    assert_true(gl_charset_from_label(" Latin1 ", 8, name, sizeof name));
    assert_string_equal(name, "windows-1252");
    assert_true(gl_charset_from_label("US-ASCII", 8, name, sizeof name));
    assert_string_equal(name, "windows-1252");
    assert_true(gl_charset_from_label("utf8", 4, name, sizeof name));
    assert_string_equal(name, "UTF-8");
    assert_true(gl_charset_from_label("UTF-16", 6, name, sizeof name));
    assert_string_equal(name, "UTF-8"); /* a document cannot declare UTF-16 in itself */
    assert_true(gl_charset_from_label("Windows-1251", 12, name, sizeof name));
    assert_string_equal(name, "windows-1251");
    assert_false(gl_charset_from_label("  ", 2, name, sizeof name));
    assert_false(gl_charset_from_label("a\"b", 3, name, sizeof name));
}

static void test_detection_order(void **state) {
    (void)state;
    gl_charset cs = detect("\xEF\xBB\xBF<meta charset=\"windows-1251\">");
    assert_int_equal(cs.source, GL_CHARSET_BOM);
    assert_string_equal(cs.name, "UTF-8");
    assert_int_equal(cs.bom, 3);
    cs = detect("<!-- <meta charset=\"koi8-r\"> --><meta charset='windows-1251'>");
    assert_int_equal(cs.source, GL_CHARSET_META);
    assert_string_equal(cs.name, "windows-1251");
    cs = detect("<meta content=\"text/html; charset=KOI8-R\" http-equiv=\"content-type\">");
    assert_string_equal(cs.name, "koi8-r");
    /* content without http-equiv declares nothing */
    cs = detect("<meta content=\"text/html; charset=koi8-r\"><p>plain</p>");
    assert_int_equal(cs.source, GL_CHARSET_UTF8);
    cs = detect("<p>caf\xC3\xA9</p>");
    assert_int_equal(cs.source, GL_CHARSET_UTF8);
    cs = detect("<p>caf\xE9</p>");
    assert_int_equal(cs.source, GL_CHARSET_DEFAULT);
    assert_string_equal(cs.name, "windows-1252");
    /* a declaration past the prescan window is not seen */
    char *late = malloc(GL_CHARSET_PRESCAN + 64);
    memset(late, ' ', GL_CHARSET_PRESCAN);
    strcpy(late + GL_CHARSET_PRESCAN, "<meta charset=\"koi8-r\">");
    cs = detect(late);
    assert_int_equal(cs.source, GL_CHARSET_UTF8);
    free(late);
}

static void test_utf8_bom(void **state) {
    (void)state;
    assert_string_equal(read_str("\xEF\xBB\xBF<p>caf\xC3\xA9</p>"), "p[\"caf\xC3\xA9\"]");
}

/* "<p>h\u00e9 \u20ac</p>" in UTF-16 with a BOM. */
static size_t utf16(char *out, bool little) {
    static const uint16_t units[] = {0xFEFF, '<',    'p', '>', 'h', 0xE9,
                                     ' ',    0x20AC, '<', '/', 'p', '>'};
    size_t n = 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        out[n++] = (char)(little ? units[i] & 0xFF : units[i] >> 8);
        out[n++] = (char)(little ? units[i] >> 8 : units[i] & 0xFF);
    }
    return n;
}

static void test_utf16_bom(void **state) {
    (void)state;
    char buf[64];
    size_t n = utf16(buf, true);
    assert_false(gl_looks_binary(buf, n));
    assert_string_equal(read_bytes(buf, n, NULL), "p[\"h\xC3\xA9 \xE2\x82\xAC\"]");
    n = utf16(buf, false);
    assert_string_equal(read_bytes(buf, n, NULL), "p[\"h\xC3\xA9 \xE2\x82\xAC\"]");
    /* an odd byte at the end is replaced, with a warning */
    buf[n++] = 'x';
    assert_string_equal(read_bytes(buf, n, NULL),
                        "p[\"h\xC3\xA9 \xE2\x82\xAC\"] p[\"\xEF\xBF\xBD\"]");
    assert_non_null(strstr(warnings, "UTF-16BE"));
}

static void test_meta_charset_cyrillic(void **state) {
    (void)state;
    /* "Привет" in windows-1251, then in KOI8-R through http-equiv */
    assert_string_equal(read_str("<html><head><meta charset=\"windows-1251\"><title>\xcf\xf0\xe8"
                                 "\xe2\xe5\xf2</title></head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2"
                                 "</p></body></html>"),
                        "p[\"Привет\"]");
    static const char koi8[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/"
                               "html; charset=koi8-r\"><title>\xf0\xd2\xc9\xd7\xc5\xd4</title>"
                               "</head><body>\xf0\xd2\xc9\xd7\xc5\xd4</body></html>";
    gl_doc *doc = NULL;
    assert_string_equal(read_bytes(koi8, sizeof koi8 - 1, &doc), "p[\"Привет\"]");
    assert_string_equal(gl_doc_meta(doc, GL_META_TITLE), "Привет");
    gl_doc_free(doc);
}

static void test_undeclared(void **state) {
    (void)state;
    /* UTF-8 without a declaration is never mojibake */
    assert_string_equal(read_str("<p>na\xC3\xAFve \xE2\x80\x94 \xE2\x80\x9Cquotes\xE2\x80\x9D</p>"),
                        "p[\"naïve — “quotes”\"]");
    /* windows-1252 curly quotes */
    assert_string_equal(read_str("<p>\x93hi\x94 caf\xe9 \x80 \x81</p>"),
                        "p[\"\xE2\x80\x9Chi\xE2\x80\x9D caf\xC3\xA9 \xE2\x82\xAC \xC2\x81\"]");
    /* one stray byte in a UTF-8 page: still UTF-8, the byte replaced with a warning */
    assert_string_equal(read_str("<p>na\xC3\xAFve \xE2\x80\x94 caf\xC3\xA9 \xff</p>"),
                        "p[\"naïve — café \xEF\xBF\xBD\"]");
    assert_non_null(strstr(warnings, "not valid UTF-8"));
}

static void test_latin1_is_windows_1252(void **state) {
    (void)state;
    assert_string_equal(read_str("<meta charset=\"ISO-8859-1\"><p>\x93x\x94 caf\xe9</p>"),
                        "p[\"“x” café\"]");
    assert_string_equal(read_str("<meta charset=\"us-ascii\"><p>\x96</p>"), "p[\"–\"]");
}

/* A page whose <meta> declares a single-byte charset but whose bytes are
 * all valid UTF-8 was written in UTF-8 (its server's header, which
 * outranks the <meta>, is lost with the saved file): read as UTF-8, with a
 * warning. One invalid byte, pure ASCII, or a multi-byte charset declared:
 * the declaration stands. */
static void test_declared_single_byte_but_utf8(void **state) {
    (void)state;
    warnings[0] = '\0';
    assert_string_equal(
        read_str("<meta charset=\"iso-8859-1\"><p>don\xE2\x80\x99t caf\xC3\xA9</p>"),
        "p[\"don’t café\"]");
    assert_non_null(strstr(warnings, "declares a single-byte charset (windows-1252) but its "
                                     "bytes are UTF-8"));
    assert_string_equal(read_str("<meta charset=\"windows-1251\"><p>\xD0\x9F\xD1\x80\xD0\xB8</p>"),
                        "p[\"При\"]");
    warnings[0] = '\0';
    assert_string_equal(read_str("<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9 \xE9t\xE9</p>"),
                        "p[\"caf\xC3\x83\xC2\xA9 \xC3\xA9t\xC3\xA9\"]");
    assert_string_equal(read_str("<meta charset=\"iso-8859-1\"><p>plain</p>"), "p[\"plain\"]");
    assert_null(strstr(warnings, "single-byte"));
    /* U+3042 in UTF-8 is a double-byte character and a stray lead byte in
     * Shift_JIS: the multi-byte declaration is kept */
    assert_string_not_equal(read_str("<meta charset=\"shift_jis\"><p>\xE3\x81\x82</p>"),
                            "p[\"\xE3\x81\x82\"]");
}

static void test_unknown_and_invalid(void **state) {
    (void)state;
    assert_string_equal(read_str("<meta charset=\"x-no-such\"><p>caf\xC3\xA9</p>"), "p[\"café\"]");
    assert_non_null(strstr(warnings, "unknown character encoding \"x-no-such\""));
    /* declared UTF-8 with bad bytes: replaced and warned, or an error under strict */
    const char *bad = "<meta charset=\"utf-8\">\n<p>a\xff\xfe b</p>";
    assert_string_equal(read_str(bad), "p[\"a\xEF\xBF\xBD\xEF\xBF\xBD b\"]");
    assert_non_null(strstr(warnings, "2 byte sequences are not valid UTF-8"));
    gl_options opt = options();
    opt.strict = true;
    gl_input in = {"t.html", NULL, bad, strlen(bad)};
    gl_error err;
    gl_error_init(&err, "t.html");
    gl_doc *doc = NULL;
    assert_int_equal(gl_read_html(&doc, &in, &opt, &err), GL_EPARSE);
    assert_null(doc);
    assert_int_equal(err.line, 2);
    /* iconv failures in a legacy charset are replaced too */
    assert_string_equal(read_str("<meta charset=\"shift_jis\"><p>\x82\xa0\x85</p>"),
                        "p[\"\xE3\x81\x82\xEF\xBF\xBD\"]");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_detection_order),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_utf16_bom),
        cmocka_unit_test(test_meta_charset_cyrillic),
        cmocka_unit_test(test_undeclared),
        cmocka_unit_test(test_latin1_is_windows_1252),
        cmocka_unit_test(test_declared_single_byte_but_utf8),
        cmocka_unit_test(test_unknown_and_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
