/* gl_url_resolve against RFC 3986 section 5.4: every normal and abnormal
 * example, with the base URI of that section. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "util/url.h"

static const char base[] = "http://a/b/c/d;p?q";

static const struct {
    const char *ref, *want;
} examples[] = {
    /* 5.4.1 Normal Examples */
    {"g:h", "g:h"},
    {"g", "http://a/b/c/g"},
    {"./g", "http://a/b/c/g"},
    {"g/", "http://a/b/c/g/"},
    {"/g", "http://a/g"},
    {"//g", "http://g"},
    {"?y", "http://a/b/c/d;p?y"},
    {"g?y", "http://a/b/c/g?y"},
    {"#s", "http://a/b/c/d;p?q#s"},
    {"g#s", "http://a/b/c/g#s"},
    {"g?y#s", "http://a/b/c/g?y#s"},
    {";x", "http://a/b/c/;x"},
    {"g;x", "http://a/b/c/g;x"},
    {"g;x?y#s", "http://a/b/c/g;x?y#s"},
    {"", "http://a/b/c/d;p?q"},
    {".", "http://a/b/c/"},
    {"./", "http://a/b/c/"},
    {"..", "http://a/b/"},
    {"../", "http://a/b/"},
    {"../g", "http://a/b/g"},
    {"../..", "http://a/"},
    {"../../", "http://a/"},
    {"../../g", "http://a/g"},
    /* 5.4.2 Abnormal Examples */
    {"../../../g", "http://a/g"},
    {"../../../../g", "http://a/g"},
    {"/./g", "http://a/g"},
    {"/../g", "http://a/g"},
    {"g.", "http://a/b/c/g."},
    {".g", "http://a/b/c/.g"},
    {"g..", "http://a/b/c/g.."},
    {"..g", "http://a/b/c/..g"},
    {"./../g", "http://a/b/g"},
    {"./g/.", "http://a/b/c/g/"},
    {"g/./h", "http://a/b/c/g/h"},
    {"g/../h", "http://a/b/c/h"},
    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
    {"g;x=1/../y", "http://a/b/c/y"},
    {"g?y/./x", "http://a/b/c/g?y/./x"},
    {"g?y/../x", "http://a/b/c/g?y/../x"},
    {"g#s/./x", "http://a/b/c/g#s/./x"},
    {"g#s/../x", "http://a/b/c/g#s/../x"},
    {"http:g", "http:g"},
};

static char *resolve(const char *b, const char *ref) {
    char *out = malloc(strlen(b) + strlen(ref) + 2);
    assert_non_null(out);
    size_t len = gl_url_resolve(out, b, ref);
    assert_int_equal(len, strlen(out));
    return out;
}

static void expect_resolved(const char *b, const char *ref, const char *want) {
    char *got = resolve(b, ref);
    assert_string_equal(got, want);
    free(got);
}

static void test_rfc3986_examples(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        char *got = resolve(base, examples[i].ref);
        if (strcmp(got, examples[i].want) != 0)
            fail_msg("\"%s\" gave \"%s\", not \"%s\"", examples[i].ref, got, examples[i].want);
        free(got);
    }
}

/* A base with an authority and no path merges as "/" + reference (5.2.3);
 * the longest output (that "/" added) still fits the documented size. */
static void test_empty_base_path(void **state) {
    (void)state;
    expect_resolved("https://ex.org", "a/../b?c#d", "https://ex.org/b?c#d");
    expect_resolved("https://ex.org?q", "x", "https://ex.org/x");
    expect_resolved("https://ex.org/a/b?q#f", "", "https://ex.org/a/b?q");
}

/* No scheme unless section 3.1's grammar matches; the bytes are kept. */
static void test_bytes_kept(void **state) {
    (void)state;
    expect_resolved("https://ex.org/d/p", "./a:b/caf\xC3\xA9 x.html",
                    "https://ex.org/d/a:b/caf\xC3\xA9 x.html");
    expect_resolved("https://ex.org/d/p", "java\tscript:x", "https://ex.org/d/java\tscript:x");
}

/* Issue 14 item 3: a relative reference whose first segment is a long run
 * of scheme characters is no scheme; a long scheme is still refused. */
static void test_long_first_segment(void **state) {
    (void)state;
    static const char *const relative[] = {"release-notes.html", "architecture-diagram.png",
                                           "a-very-long-file-name-indeed.md#part",
                                           "abcdefghijklmnop"};
    for (size_t i = 0; i < sizeof relative / sizeof relative[0]; i++) {
        assert_true(gl_url_allowed(relative[i], strlen(relative[i]), false));
        assert_true(gl_url_allowed(relative[i], strlen(relative[i]), true));
    }
    static const char *const refused[] = {"averyveryverylongscheme:x",
                                          "javascriptjavascript:alert(1)", "release-notes.html:x"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_false(gl_url_allowed(refused[i], strlen(refused[i]), false));
    assert_false(gl_url_is_web("httpxxxxxxxxxxxxxxxxxx://a"));
    expect_resolved("https://ex.org/docs/", "release-notes.html",
                    "https://ex.org/docs/release-notes.html");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc3986_examples),
        cmocka_unit_test(test_empty_base_path),
        cmocka_unit_test(test_bytes_kept),
        cmocka_unit_test(test_long_first_segment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
