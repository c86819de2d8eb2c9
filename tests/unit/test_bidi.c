/* The bidirectional algorithm (layout/bidi.h): levels of a paragraph
 * resolved once, each line's pieces put in visual order (issue 17). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "galley/galley.h"
#include "layout/bidi.h"
#include "util/alloc.h"

#define ALEF "\xD7\x90"
#define BET "\xD7\x91"
#define GIMEL "\xD7\x92"
#define DALET "\xD7\x93"

/* The visual order of the pieces of `text` cut at `cuts` (n + 1 entries). */
static void order_of(const char *text, gl_bidi_dir dir, const size_t *cuts, size_t n, size_t *order,
                     bool *rtl) {
    gl_bidi b;
    assert_int_equal(gl_bidi_paragraph(&b, text, strlen(text), dir, gl_allocator_of(NULL)), GL_OK);
    *rtl = b.rtl;
    assert_int_equal(gl_bidi_line_order(&b, cuts, n, order), GL_OK);
    gl_bidi_free(&b);
    gl_bidi_free(&b); /* twice: a no-op */
}

static void test_needed(void **state) {
    (void)state;
    assert_false(gl_bidi_needed('a'));
    assert_false(gl_bidi_needed(0x0416)); /* Cyrillic */
    assert_false(gl_bidi_needed(0x4E00));
    assert_false(gl_bidi_needed(0x0915)); /* Devanagari: left to right */
    assert_true(gl_bidi_needed(0x05D0));  /* Hebrew */
    assert_true(gl_bidi_needed(0x0627));  /* Arabic */
    assert_true(gl_bidi_needed(0x0661));  /* an Arabic-Indic digit (AN) */
    assert_true(gl_bidi_needed(0x200F));  /* RIGHT-TO-LEFT MARK */
    assert_true(gl_bidi_needed(0x2067));  /* RIGHT-TO-LEFT ISOLATE */
    assert_true(gl_bidi_needed(0x202E));  /* RIGHT-TO-LEFT OVERRIDE */
}

/* Languages written right to left, by language or script subtag. */
static void test_language_rtl(void **state) {
    (void)state;
    const char *rtl[] = {"ar", "he", "fa-IR", "ur", "yi", "AR-eg", "iw", "az-Arab", "ku_Arab"};
    const char *ltr[] = {"en", "en-US", "arn", "hy", "ru", "az-Latn", "sr-Cyrl-RS", "", "a"};
    for (size_t i = 0; i < sizeof rtl / sizeof *rtl; i++)
        assert_true(gl_bidi_language_rtl(rtl[i]));
    for (size_t i = 0; i < sizeof ltr / sizeof *ltr; i++)
        assert_false(gl_bidi_language_rtl(ltr[i]));
    assert_false(gl_bidi_language_rtl(NULL));
}

static void test_levels(void **state) {
    (void)state;
    const char *text = "ab " ALEF BET " 12 cd";
    gl_bidi b;
    assert_int_equal(gl_bidi_paragraph(&b, text, strlen(text), GL_BIDI_AUTO, gl_allocator_of(NULL)),
                     GL_OK);
    assert_false(b.rtl); /* its first strong letter is 'a' */
    assert_int_equal(b.nchars, 11);
    assert_int_equal(gl_bidi_level_at(&b, 0), 0);
    assert_int_equal(gl_bidi_level_at(&b, 3), 1); /* alef */
    assert_int_equal(gl_bidi_level_at(&b, 4), 1); /* inside alef's two bytes */
    /* European digits after a right-to-left letter stay numbers (W7), two levels up (I1). */
    assert_int_equal(gl_bidi_level_at(&b, 8), 2);
    assert_int_equal(gl_bidi_level_at(&b, 12), 0);
    gl_bidi_free(&b);
    /* Starting with Hebrew, the paragraph is right to left; digits sit a level up. */
    text = ALEF BET " 12 " GIMEL;
    assert_int_equal(gl_bidi_paragraph(&b, text, strlen(text), GL_BIDI_AUTO, gl_allocator_of(NULL)),
                     GL_OK);
    assert_true(b.rtl);
    assert_int_equal(gl_bidi_level_at(&b, 0), 1);
    assert_int_equal(gl_bidi_level_at(&b, 5), 2); /* '1' */
    gl_bidi_free(&b);
    /* Code is left to right whatever it starts with. */
    assert_int_equal(gl_bidi_paragraph(&b, text, strlen(text), GL_BIDI_LTR, gl_allocator_of(NULL)),
                     GL_OK);
    assert_false(b.rtl);
    assert_int_equal(gl_bidi_level_at(&b, 0), 1);
    gl_bidi_free(&b);
    /* An empty paragraph has no characters and its asked direction. */
    assert_int_equal(gl_bidi_paragraph(&b, "", 0, GL_BIDI_RTL, gl_allocator_of(NULL)), GL_OK);
    assert_int_equal(b.nchars, 0);
    assert_true(b.rtl);
    gl_bidi_free(&b);
}

static void test_line_order(void **state) {
    (void)state;
    size_t order[4];
    bool rtl;
    /* Right to left: "AB cd GD" shows GD, cd, AB from the left. */
    const char *text = ALEF BET " cd " GIMEL DALET;
    size_t c1[] = {0, 5, 7, strlen(text)};
    order_of(text, GL_BIDI_AUTO, c1, 3, order, &rtl);
    assert_true(rtl);
    assert_int_equal(order[0], 2);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 0);
    /* Left to right with two right-to-left pieces side by side: they swap. */
    text = "ab " ALEF BET " " GIMEL DALET " cd";
    size_t c2[] = {0, 3, 8, 12, strlen(text)};
    order_of(text, GL_BIDI_AUTO, c2, 4, order, &rtl);
    assert_false(rtl);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 1);
    assert_int_equal(order[3], 3);
    /* Numbers inside right-to-left text keep their own order, a level up. */
    text = ALEF BET " 12 " GIMEL;
    size_t c3[] = {0, 5, 7, strlen(text)};
    order_of(text, GL_BIDI_AUTO, c3, 3, order, &rtl);
    assert_int_equal(order[0], 2);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 0);
    /* A line that is part of the paragraph: its own characters only. */
    size_t c4[] = {5, 7};
    order_of(text, GL_BIDI_AUTO, c4, 1, order, &rtl);
    assert_int_equal(order[0], 0);
}

int main(void) {
    gl_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_needed),
        cmocka_unit_test(test_language_rtl),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_line_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
